package nl.buurtroute.live;

import io.vertx.core.Future;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.Status;
import nl.buurtroute.store.Store;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the session row (status, participant count, dates) in step for listings; the events stay the
 * truth, so a lost update only makes a listing lag. Joins update it at most every {@link #SUMMARY_MILLIS}.
 */
final class SessionSummary {
  private static final Logger LOG = Logger.getLogger(SessionSummary.class.getName());
  static final long SUMMARY_MILLIS = 5_000;

  /** What a listing shows of a session: what the row holds, or should. */
  private record Shown(String status, int participants, String joinCode) {
    static Shown of(Session session) {
      return new Shown(session.status().wire(), session.activeParticipants(), session.joinCode());
    }
  }

  private final Store store;
  private long lastSavedAt;
  /**
   * What the row holds as far as this owner knows (as read, or as last saved); null when not known, as while a
   * save is on its way. Written where the store completes, read on the owner's context.
   */
  private volatile Shown inRow;

  /**
   * {@code row}: the session's row as read when its owner started (a rebuild, a takeover), or null. A new owner
   * then saves nothing while the row already shows the session: a takeover of a thousand sessions wrote a
   * thousand unchanged rows, two statements and a commit each, while the survivors rebuilt.
   */
  SessionSummary(Store store, Store.SessionRecord row) {
    this.store = store;
    this.inRow = row == null ? null : new Shown(row.status(), row.participants(), row.joinCode());
  }

  /**
   * Saves unless a save happened within {@link #SUMMARY_MILLIS} or the row already shows the session; call only
   * once what it shows is durable. Completes when the row is written, or at once when nothing is written.
   */
  Future<Void> saveSoon(Session session, long now) {
    if (now - lastSavedAt < SUMMARY_MILLIS || Shown.of(session).equals(inRow)) {
      return Future.succeededFuture();
    }
    lastSavedAt = now;
    return save(session);
  }

  /** Call only once what it shows is durable; completes when the row is written (or could not be: logged). */
  Future<Void> save(Session session) {
    Shown shown = Shown.of(session);
    inRow = null;
    String status = session.status().wire();
    int participants = session.activeParticipants();
    boolean lobby = session.status() == Status.LOBBY;
    boolean finished = session.status() == Status.FINISHED;
    return store.findSession(session.sessionId())
        .compose(found -> found.map(row -> store.updateSession(new Store.SessionRecord(row.sessionId(), row.title(),
            row.neighbourhood(), session.joinCode(), row.facilitatorTokenHash(), row.reviewTokenHash(), status,
            participants, row.createdAt(), row.startedAt() != null || lobby ? row.startedAt() : Instant.now(),
            finished ? Instant.now() : null))).orElse(Future.succeededFuture()))
        .onSuccess(v -> inRow = shown)
        .onFailure(e -> LOG.log(Level.WARNING, "cannot update session row " + session.sessionId(), e))
        .otherwiseEmpty();
  }
}
