package nl.buurtroute.store;

import io.vertx.pgclient.PgException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns the databases' unique-constraint violations into the store's typed exceptions, for both dialects in
 * one place: PostgreSQL reports SQLState 23505 with the constraint's name; SQLite reports
 * SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE with the violated columns in the message, which is mapped to the
 * same constraint names as in the PostgreSQL schema.
 */
final class SqlErrors {

  static final String UNIQUE_VIOLATION = "23505";

  static final String EVENTS_PKEY = "events_pkey";
  static final String SESSIONS_PKEY = "sessions_pkey";
  static final String SESSIONS_OPEN_JOIN_CODE = "sessions_open_join_code";

  private SqlErrors() {
  }

  /** The error of a failed append, typed when it was a (session, seq) conflict. */
  static Throwable forAppend(Throwable error, String sessionId) {
    return EVENTS_PKEY.equals(violatedConstraint(error)) ? new SequenceConflictException(sessionId, error) : error;
  }

  /** The error of a failed session insert or update, typed when it was a join code or id conflict. */
  static Throwable forSession(Throwable error, Store.SessionRecord session) {
    String constraint = violatedConstraint(error);
    if (SESSIONS_OPEN_JOIN_CODE.equals(constraint)) {
      return new DuplicateJoinCodeException(session.joinCode());
    }
    if (SESSIONS_PKEY.equals(constraint)) {
      return new IllegalStateException("session exists: " + session.sessionId(), error);
    }
    return error;
  }

  /** The name of the unique constraint the error violated, or null when it is another error. */
  static String violatedConstraint(Throwable error) {
    if (error instanceof PgException pg) {
      return UNIQUE_VIOLATION.equals(pg.getSqlState()) ? pg.getConstraint() : null;
    }
    if (error instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      if (code != SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY && code != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
        return null;
      }
      // "UNIQUE constraint failed: events.session_id, events.seq"
      String message = String.valueOf(sqlite.getMessage());
      if (message.contains("events.session_id")) {
        return EVENTS_PKEY;
      }
      if (message.contains("sessions.join_code")) {
        return SESSIONS_OPEN_JOIN_CODE;
      }
      if (message.contains("sessions.session_id")) {
        return SESSIONS_PKEY;
      }
    }
    return null;
  }
}
