package nl.buurtroute.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The store's side of the organisation overview and the route listing: queries, their answers, and notes. */
public final class Overview {
  private Overview() {
  }

  /**
   * The summed figures of the routes whose summary says they started in [from, to) (null: open end).
   *
   * @param touched    per werkzaam element, the routes that touched it at least once
   * @param antwoorden per vraag, per antwoord, the routes that chose it
   */
  public record Figures(long routes, long finished, long steps, long disagreements, Map<String, Long> participants,
                        Map<String, Long> outvoted, Map<Integer, Long> touched,
                        Map<String, Map<String, Long>> antwoorden) {
  }

  /**
   * A page of the listing: sessions whose title holds {@code titleContains} (case-insensitive; null: any) and
   * whose date (started, else created) lies in [from, to) (null: open end), newest first.
   */
  public record ListingQuery(String titleContains, Instant from, Instant to, int offset, int limit) {
  }

  /** A listed session with its summary's per-rol participants and touched elementen (null when not summarised). */
  public record Listed(Store.SessionRecord session, Map<String, Integer> participantsPerRol, List<Integer> elementen,
                       Integer steps) {
  }

  public record ListingPage(long total, List<Listed> sessions) {
    public ListingPage {
      sessions = List.copyOf(sessions);
    }
  }

  public record NoteRecord(String noteId, String sessionId, String text, Instant createdAt) {
  }
}
