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

  private final Store store;
  private long lastSavedAt;

  SessionSummary(Store store) {
    this.store = store;
  }

  /** Saves unless a save happened within {@link #SUMMARY_MILLIS}; call only once what it shows is durable. */
  void saveSoon(Session session, long now) {
    if (now - lastSavedAt >= SUMMARY_MILLIS) {
      lastSavedAt = now;
      save(session);
    }
  }

  /** Call only once what it shows is durable; completes when the row is written (or could not be: logged). */
  Future<Void> save(Session session) {
    String status = session.status().wire();
    int participants = session.activeParticipants();
    boolean lobby = session.status() == Status.LOBBY;
    boolean finished = session.status() == Status.FINISHED;
    return store.findSession(session.sessionId())
        .compose(found -> found.map(row -> store.updateSession(new Store.SessionRecord(row.sessionId(), row.title(),
            row.neighbourhood(), session.joinCode(), row.facilitatorTokenHash(), row.reviewTokenHash(), status,
            participants, row.createdAt(), row.startedAt() != null || lobby ? row.startedAt() : Instant.now(),
            finished ? Instant.now() : null))).orElse(Future.succeededFuture()))
        .onFailure(e -> LOG.log(Level.WARNING, "cannot update session row " + session.sessionId(), e))
        .otherwiseEmpty();
  }
}
