package nl.buurtroute.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable home of every session: one row per session and the ordered events of each. Two
 * implementations, the embedded SQLite store and PostgreSQL, behave the same; the same test suite runs on
 * both. Every method returns at once; the work happens off the event loop, and {@link #append} groups the
 * appends of many sessions into one transaction (group commit). Futures complete on the caller's context.
 *
 * <p>Instants are kept to the microsecond (PostgreSQL's precision), on both stores. After {@link #close()}
 * every call fails with {@link StoreClosedException}. Implementations: {@link SqliteStore},
 * {@link PostgresStore}; {@link Stores#open} picks one.
 */
public interface Store {

  /** Creates tables or applies pending migrations. Called once before anything else. */
  Future<Void> migrate();

  /**
   * Saves a new session. Fails with {@link DuplicateJoinCodeException} when a session that is not finished
   * already holds the join code (compared case-insensitively; codes are stored upper case, so the store
   * upper-cases the code it is given).
   */
  Future<Void> createSession(SessionRecord session);

  Future<Optional<SessionRecord>> findSession(String sessionId);

  /** The session that holds this join code and is not finished. */
  Future<Optional<SessionRecord>> findOpenSessionByJoinCode(String joinCode);

  /** All sessions whose status is not finished, to rebuild after a restart. */
  Future<List<SessionRecord>> openSessions();

  /** Newest first. */
  Future<List<SessionRecord>> listSessions(int offset, int limit);

  Future<Long> countSessions();

  /**
   * Updates the status columns of the session row (status, participants, startedAt, finishedAt); the other
   * fields of the record are ignored. Fails with {@link java.util.NoSuchElementException} for an unknown
   * session.
   */
  Future<Void> updateSession(SessionRecord session);

  /**
   * Appends events durably. The future completes only after the transaction holding them has committed
   * (synchronous commit). Fails with {@link SequenceConflictException} when a (sessionId, seq) exists; then
   * none of this call's events are stored, and the other appends of the same group commit are unaffected.
   */
  Future<Void> append(List<StoredEvent> events);

  /** All events of a session in seq order. */
  Future<List<StoredEvent>> events(String sessionId);

  /**
   * At most {@code limit} events of a session with a seq above {@code afterSeq}, in seq order: a long history
   * read page by page (a restart rebuilds a session of 150,000 events without holding them all).
   */
  Future<List<StoredEvent>> events(String sessionId, long afterSeq, int limit);

  /**
   * Keeps the JSON of a content version, once: saving a version that is already there changes nothing (the
   * version is a hash of the JSON, so the same version always has the same JSON).
   */
  Future<Void> saveContentVersion(String version, String json, Instant at);

  /** The JSON of a content version saved before, empty when the store does not know it. */
  Future<Optional<String>> findContentVersion(String version);

  /** Saves a note on a session's route. */
  Future<Void> addNote(Overview.NoteRecord note);

  /** The notes of a session, oldest first. */
  Future<List<Overview.NoteRecord>> notes(String sessionId);

  /**
   * Sessions that have no route summary yet, or whose summary was made before their last event; at most
   * {@code limit}, in session id order after {@code afterSessionId} ("" for the first page). Paging by id
   * rather than taking the first stale ones again lets a caller walk past routes it cannot summarise.
   */
  Future<List<SessionRecord>> sessionsWithStaleSummary(String afterSessionId, int limit);

  /**
   * Like {@link #sessionsWithStaleSummary}, but only finished sessions: what the background sweep brings up to
   * date. A running session's events grow by the second; replaying all of them (150,000 in a hall of 10,000)
   * every sweep costs CPU and heap in the middle of its evening, and its summary is made when it is read.
   */
  Future<List<SessionRecord>> finishedSessionsWithStaleSummary(String afterSessionId, int limit);

  /**
   * Saves route summaries, replacing older ones of the same sessions; a summary made from fewer events than the
   * stored one is ignored, so two servers refreshing at once never step back.
   */
  Future<Void> saveSummaries(List<RouteSummary> summaries);

  /** Adds up the stored summaries of the routes started in [from, to) (null: open end). */
  Future<Overview.Figures> overview(Instant from, Instant to);

  /** A page of sessions with their summaries, for the organisation's listing. */
  Future<Overview.ListingPage> searchSessions(Overview.ListingQuery query);

  // ---- ownership in a cluster (issue 12) ----
  // Only the shared store (PostgreSQL) implements these; the embedded store answers
  // UnsupportedOperationException, as a cluster refuses to start without PostgreSQL.

  /** Every session that is not finished, with the member that owns it (null: none yet) and its claim count. */
  default Future<List<Ownership>> openOwnerships() {
    return Future.failedFuture(new UnsupportedOperationException(kind() + " is not shared by a cluster"));
  }

  /**
   * Makes {@code ownerNode} the owner of a session that is not finished, if its epoch is still
   * {@code expectedEpoch} (compare-and-set), and in the same transaction appends an event of {@code type} and
   * {@code json} right after the session's last event. That event is the fence: a previous owner that still
   * believes it owns the session (it was paused, or cut off) writes its next events at a seq that is now taken
   * and gets a {@link SequenceConflictException}. Completes with the claim, or empty when another member claimed
   * first or the session is finished.
   */
  default Future<Optional<Claim>> claim(String sessionId, String ownerNode, long expectedEpoch, String type,
                                       String json) {
    return Future.failedFuture(new UnsupportedOperationException(kind() + " is not shared by a cluster"));
  }

  /**
   * Claims many sessions for {@code ownerNode} at once, each as {@link #claim} does (compare-and-set on its epoch
   * plus its fencing event), in one round trip: a member that takes over the sessions of a member that left may
   * have hundreds to claim. Completes with the claims that succeeded; a session another member claimed first, or
   * that finished, is left out.
   */
  default Future<List<Claim>> claimAll(List<WantedClaim> wanted, String ownerNode) {
    return Future.failedFuture(new UnsupportedOperationException(kind() + " is not shared by a cluster"));
  }

  /**
   * The open session with this id and the member that owns it (null: none yet); empty when there is no such
   * open session. A cluster member asks this to find where to send a session's commands.
   */
  default Future<Optional<Located>> locate(String sessionId) {
    return Future.failedFuture(new UnsupportedOperationException(kind() + " is not shared by a cluster"));
  }

  /** {@link #locate} by the session's current join code. */
  default Future<Optional<Located>> locateByJoinCode(String joinCode) {
    return Future.failedFuture(new UnsupportedOperationException(kind() + " is not shared by a cluster"));
  }

  /** Succeeds when the store can be reached and written. */
  Future<Void> ping();

  StoreStats stats();

  /** Waits for pending writes, then releases connections. */
  Future<Void> close();

  /** A short name for logs and metrics: "sqlite" or "postgresql". */
  String kind();

  record SessionRecord(String sessionId,
                       String title,
                       String neighbourhood,
                       String joinCode,
                       String facilitatorTokenHash,
                       String reviewTokenHash,
                       String status,
                       int participants,
                       Instant createdAt,
                       Instant startedAt,
                       Instant finishedAt,
                       String contentVersion) {

    /** A row without a content version, as sessions from before content versions were recorded have. */
    public SessionRecord(String sessionId, String title, String neighbourhood, String joinCode,
                         String facilitatorTokenHash, String reviewTokenHash, String status, int participants,
                         Instant createdAt, Instant startedAt, Instant finishedAt) {
      this(sessionId, title, neighbourhood, joinCode, facilitatorTokenHash, reviewTokenHash, status, participants,
          createdAt, startedAt, finishedAt, null);
    }
  }

  /** Who runs a session in a cluster: {@code epoch} counts the claims, {@code ownerNode} null when nobody has. */
  record Ownership(String sessionId, String ownerNode, long epoch, Instant createdAt) {
  }

  /** An open session and the member that owns it, or null when no member has claimed it yet. */
  record Located(String sessionId, String ownerNode) {
  }

  /** A claim to try: the session's epoch as last read, and its fencing event ({@code type}, {@code json}). */
  record WantedClaim(String sessionId, long expectedEpoch, String type, String json) {
  }

  /** A successful claim: the new epoch and the seq of the fencing event; the new owner continues after it. */
  record Claim(String sessionId, String ownerNode, long epoch, long seq) {
  }

  /** One event in its envelope; {@code type} is a stable short name, {@code json} the event body. */
  record StoredEvent(String sessionId, long seq, String type, String json, Instant at) {
  }
}
