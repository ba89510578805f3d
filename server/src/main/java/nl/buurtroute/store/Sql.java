package nl.buurtroute.store;

/**
 * Every SQL statement of the stores, in one place. SQLite is the base dialect; PostgreSQL overrides only
 * what differs (the json column's casts, the schema_version timestamp) and numbers its parameters
 * {@code $1, $2, ...} instead of {@code ?}.
 */
final class Sql {

  private static final String SESSION_COLUMNS = "session_id, title, neighbourhood, join_code, "
      + "facilitator_token_hash, review_token_hash, status, participants, created_at, started_at, finished_at, "
      + "content_version";

  static final Sql SQLITE = new Sql(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
          + "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))",
      "INSERT INTO events (session_id, seq, type, json, at) VALUES (?, ?, ?, ?, ?)",
      "SELECT session_id, seq, type, json, at FROM events WHERE session_id = ? ORDER BY seq",
      "INSERT INTO content_versions (version, json, created_at) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING",
      "SELECT json FROM content_versions WHERE version = ?");

  static final Sql POSTGRESQL = new Sql(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
          + "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
      // A String bound straight to a json parameter would be encoded as a JSON string literal; go through text.
      "INSERT INTO events (session_id, seq, type, json, at) VALUES (?, ?, ?, ?::text::json, ?)",
      "SELECT session_id, seq, type, json::text AS json, at FROM events WHERE session_id = ? ORDER BY seq",
      "INSERT INTO content_versions (version, json, created_at) VALUES (?, ?::text::json, ?) "
          + "ON CONFLICT (version) DO NOTHING",
      "SELECT json::text AS json FROM content_versions WHERE version = ?")
      .numbered();

  final String createSchemaVersion;
  final String selectSchemaVersions = "SELECT version FROM schema_version";
  final String insertSchemaVersion;

  final String insertSession;
  final String selectSession;
  final String selectOpenSessionByJoinCode;
  final String selectOpenSessions;
  final String listSessions;
  final String countSessions = "SELECT count(*) FROM sessions";
  final String updateSession;

  final String insertEvent;
  final String selectEvents;

  final String insertContentVersion;
  final String selectContentVersion;

  private Sql(String createSchemaVersion, String insertEvent, String selectEvents, String insertContentVersion,
              String selectContentVersion) {
    this.createSchemaVersion = createSchemaVersion;
    this.insertSchemaVersion = "INSERT INTO schema_version (version, name) VALUES (?, ?)";
    this.insertSession = "INSERT INTO sessions (" + SESSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.selectSession = "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE session_id = ?";
    this.selectOpenSessionByJoinCode =
        "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE join_code = ? AND status <> 'finished'";
    this.selectOpenSessions =
        "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE status <> 'finished' ORDER BY created_at, session_id";
    this.listSessions = "SELECT " + SESSION_COLUMNS
        + " FROM sessions ORDER BY created_at DESC, session_id DESC LIMIT ? OFFSET ?";
    this.updateSession =
        "UPDATE sessions SET status = ?, participants = ?, started_at = ?, finished_at = ? WHERE session_id = ?";
    this.insertEvent = insertEvent;
    this.selectEvents = selectEvents;
    this.insertContentVersion = insertContentVersion;
    this.selectContentVersion = selectContentVersion;
  }

  private Sql(Sql base) {
    this.createSchemaVersion = dollars(base.createSchemaVersion);
    this.insertSchemaVersion = dollars(base.insertSchemaVersion);
    this.insertSession = dollars(base.insertSession);
    this.selectSession = dollars(base.selectSession);
    this.selectOpenSessionByJoinCode = dollars(base.selectOpenSessionByJoinCode);
    this.selectOpenSessions = dollars(base.selectOpenSessions);
    this.listSessions = dollars(base.listSessions);
    this.updateSession = dollars(base.updateSession);
    this.insertEvent = dollars(base.insertEvent);
    this.selectEvents = dollars(base.selectEvents);
    this.insertContentVersion = dollars(base.insertContentVersion);
    this.selectContentVersion = dollars(base.selectContentVersion);
  }

  private Sql numbered() {
    return new Sql(this);
  }

  /** Join codes are stored and looked up upper case, which makes the lookup case-insensitive. */
  static String normalizedJoinCode(String joinCode) {
    return joinCode == null ? null : joinCode.toUpperCase(java.util.Locale.ROOT);
  }

  /** {@code ?} placeholders to PostgreSQL's {@code $n}; no statement here has a '?' inside a literal. */
  static String dollars(String statement) {
    StringBuilder out = new StringBuilder(statement.length() + 16);
    int n = 0;
    for (int i = 0; i < statement.length(); i++) {
      char c = statement.charAt(i);
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
