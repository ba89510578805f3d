package nl.buurtroute.route;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's joint route as a team reviews it weeks later: the contract's route (sessionId, title, status,
 * dates, steps) plus the texts behind every step and a summary. Built by {@link RouteProjection} from the
 * stored events; immutable, and turned into JSON only at the edge ({@link RouteJson}). {@code contentVersion}
 * is the version of the content the session ran with; every text in the route comes from that version.
 */
public record Route(String sessionId,
                    String contentVersion,
                    String title,
                    String neighbourhood,
                    String status,
                    Instant createdAt,
                    Instant startedAt,
                    Instant finishedAt,
                    Position current,
                    List<RouteStep> steps,
                    Summary summary,
                    List<Note> notes) {

  public Route {
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
  }

  /** The same route with the team's notes, oldest first. */
  public Route withNotes(List<Note> notes) {
    return new Route(sessionId, contentVersion, title, neighbourhood, status, createdAt, startedAt, finishedAt, current, steps,
        summary, notes);
  }

  /** A dated note the team added afterwards (agreements: who does what). */
  public record Note(String noteId, String text, Instant createdAt) {
  }

  /** Where a running session is now; null when it is in the lobby, past its last step or finished. */
  public record Position(String fase, String vraagId, String stage) {
  }

  /**
   * One step: the live protocol's step fields (fase, vraagId, antwoordId, decidedBy, counts, voters) and the
   * review's additions. {@code decisionReason} is null for a majority, else "tie", "noVotes", "override" (the
   * facilitator chose another antwoord than the majority) or "confirmed" (the facilitator chose the majority's).
   * {@code majorityPerRol} holds only rollen that voted; null there means a tie inside that rol.
   */
  public record RouteStep(int index,
                          String fase,
                          String faseNaam,
                          String vraagId,
                          String vraagTekst,
                          String antwoordId,
                          String antwoordTekst,
                          String decidedBy,
                          String decisionReason,
                          Map<String, Map<String, Integer>> counts,
                          int voters,
                          Map<String, Integer> perRol,
                          Map<String, String> majorityPerRol,
                          boolean rollenDisagree,
                          String reflectie,
                          List<ElementRef> werkzameElementen,
                          List<InterventieRef> interventies,
                          List<String> earlierAntwoordIds,
                          Instant at) {

    public RouteStep {
      counts = frozen(counts);
      perRol = frozen(perRol);
      majorityPerRol = frozen(majorityPerRol);
      werkzameElementen = List.copyOf(werkzameElementen);
      interventies = List.copyOf(interventies);
      earlierAntwoordIds = List.copyOf(earlierAntwoordIds);
    }
  }

  public record ElementRef(int nummer, String naam) {
  }

  public record InterventieRef(String id, String naam) {
  }

  public record Summary(WerkzameElementen werkzameElementen,
                        List<InterventieCount> interventies,
                        Participants participants,
                        List<Disagreement> disagreements,
                        List<FacilitatorDecision> decidedByFacilitator,
                        List<Back> backs) {

    public Summary {
      interventies = List.copyOf(interventies);
      disagreements = List.copyOf(disagreements);
      decidedByFacilitator = List.copyOf(decidedByFacilitator);
      backs = List.copyOf(backs);
    }
  }

  /** Of the ten werkzame elementen: the ones the chosen antwoorden touched (how often), and the rest. */
  public record WerkzameElementen(List<ElementCount> touched, List<ElementRef> untouched) {
    public WerkzameElementen {
      touched = List.copyOf(touched);
      untouched = List.copyOf(untouched);
    }
  }

  public record ElementCount(int nummer, String naam, int count) {
  }

  public record InterventieCount(String id, String naam, int count) {
  }

  /** {@code total}/{@code perRol}: active at the end; {@code joined}/{@code joinedPerRol}: everyone who ever joined. */
  public record Participants(int total, Map<String, Integer> perRol, int joined, Map<String, Integer> joinedPerRol,
                             int removed) {
    public Participants {
      perRol = frozen(perRol);
      joinedPerRol = frozen(joinedPerRol);
    }
  }

  public record Disagreement(int index, String fase, String vraagId, String vraagTekst,
                             Map<String, String> majorityPerRol) {
    public Disagreement {
      majorityPerRol = frozen(majorityPerRol);
    }
  }

  public record FacilitatorDecision(int index, String fase, String vraagId, String vraagTekst, String antwoordId,
                                    String antwoordTekst, String reason) {
  }

  /**
   * One {@code back}: the step taken off the route, and the antwoord the vraag got when the group took it
   * again ({@code antwoordIdAfter} null when it is not on the route any more). {@code changed} says the
   * antwoord differs from before.
   */
  public record Back(String fase, String vraagId, String vraagTekst, String antwoordIdBefore,
                     String antwoordTekstBefore, String antwoordIdAfter, String antwoordTekstAfter,
                     boolean changed, Instant at) {
  }

  /** Unmodifiable, order kept, null values allowed (Map.copyOf allows neither). */
  static <K, V> Map<K, V> frozen(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
