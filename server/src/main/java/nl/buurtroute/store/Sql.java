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
  /** One page of a session's events after a seq, so a long history is read without holding it all. */
  final String selectEventPage;

  final String insertContentVersion;
  final String selectContentVersion;

  final String insertNote;
  final String selectNotes;
  final String staleSummaries;
  final String staleFinishedSummaries;
  final String upsertSummary;
  final String deleteSummaryRollen;
  final String deleteSummaryElementen;
  final String deleteSummaryAntwoorden;
  final String insertSummaryRol;
  final String insertSummaryElement;
  final String insertSummaryAntwoord;
  final String overviewTotals;
  final String overviewRollen;
  final String overviewElementen;
  final String overviewAntwoorden;
  final String searchSessions;
  final String countSearchedSessions;

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
        "UPDATE sessions SET status = ?, participants = ?, started_at = ?, finished_at = ?, join_code = ? "
        + "WHERE session_id = ?";
    this.insertEvent = insertEvent;
    this.selectEvents = selectEvents;
    this.selectEventPage = selectEvents.replace(" ORDER BY seq", " AND seq > ? ORDER BY seq LIMIT ?");
    this.insertContentVersion = insertContentVersion;
    this.selectContentVersion = selectContentVersion;
    String sessionColumns = java.util.Arrays.stream(SESSION_COLUMNS.split(", ")).map(c -> "s." + c)
        .collect(java.util.stream.Collectors.joining(", "));
    String inPeriod = "JOIN route_summaries s ON s.session_id = x.session_id WHERE s.started_at >= ? AND s.started_at < ?";
    this.insertNote = "INSERT INTO notes (note_id, session_id, text, created_at) VALUES (?, ?, ?, ?)";
    this.selectNotes = "SELECT note_id, session_id, text, created_at FROM notes WHERE session_id = ? "
        + "ORDER BY created_at, note_id";
    this.staleSummaries = "SELECT " + sessionColumns + " FROM sessions s "
        + "LEFT JOIN route_summaries r ON r.session_id = s.session_id "
        + "WHERE s.session_id > ? AND (r.session_id IS NULL "
        + "OR r.summarised_seq < (SELECT max(e.seq) FROM events e WHERE e.session_id = s.session_id)) "
        + "ORDER BY s.session_id LIMIT ?";
    this.staleFinishedSummaries = "SELECT " + sessionColumns + " FROM sessions s "
        + "LEFT JOIN route_summaries r ON r.session_id = s.session_id "
        + "WHERE s.session_id > ? AND s.status = 'finished' AND (r.session_id IS NULL "
        + "OR r.summarised_seq < (SELECT max(e.seq) FROM events e WHERE e.session_id = s.session_id)) "
        + "ORDER BY s.session_id LIMIT ?";
    this.upsertSummary = "INSERT INTO route_summaries (session_id, summarised_seq, started_at, finished, steps, "
        + "disagreements, per_rol, elementen) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET "
        + "summarised_seq = excluded.summarised_seq, started_at = excluded.started_at, finished = excluded.finished, "
        + "steps = excluded.steps, disagreements = excluded.disagreements, per_rol = excluded.per_rol, "
        + "elementen = excluded.elementen WHERE route_summaries.summarised_seq < excluded.summarised_seq";
    this.deleteSummaryRollen = "DELETE FROM route_summary_rollen WHERE session_id = ?";
    this.deleteSummaryElementen = "DELETE FROM route_summary_elementen WHERE session_id = ?";
    this.deleteSummaryAntwoorden = "DELETE FROM route_summary_antwoorden WHERE session_id = ?";
    this.insertSummaryRol = "INSERT INTO route_summary_rollen (session_id, rol, participants, outvoted) VALUES (?, ?, ?, ?)";
    this.insertSummaryElement = "INSERT INTO route_summary_elementen (session_id, nummer, steps) VALUES (?, ?, ?)";
    this.insertSummaryAntwoord =
        "INSERT INTO route_summary_antwoorden (session_id, step_index, vraag_id, antwoord_id) VALUES (?, ?, ?, ?)";
    this.overviewTotals = "SELECT count(*), coalesce(sum(finished), 0), coalesce(sum(steps), 0), "
        + "coalesce(sum(disagreements), 0) FROM route_summaries WHERE started_at >= ? AND started_at < ?";
    this.overviewRollen = "SELECT x.rol, sum(x.participants), sum(x.outvoted) FROM route_summary_rollen x "
        + inPeriod + " GROUP BY x.rol";
    this.overviewElementen = "SELECT x.nummer, count(*) FROM route_summary_elementen x " + inPeriod
        + " GROUP BY x.nummer";
    this.overviewAntwoorden = "SELECT x.vraag_id, x.antwoord_id, count(*) FROM route_summary_antwoorden x "
        + inPeriod + " GROUP BY x.vraag_id, x.antwoord_id";
    String searched = " FROM sessions s LEFT JOIN route_summaries r ON r.session_id = s.session_id "
        + "WHERE lower(coalesce(s.title, '')) LIKE ? ESCAPE '!' "
        + "AND coalesce(s.started_at, s.created_at) >= ? AND coalesce(s.started_at, s.created_at) < ?";
    this.searchSessions = "SELECT " + sessionColumns + ", r.per_rol, r.elementen, r.steps" + searched
        + " ORDER BY s.created_at DESC, s.session_id DESC LIMIT ? OFFSET ?";
    this.countSearchedSessions = "SELECT count(*)" + searched;
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
    this.selectEventPage = dollars(base.selectEventPage);
    this.insertContentVersion = dollars(base.insertContentVersion);
    this.selectContentVersion = dollars(base.selectContentVersion);
    this.insertNote = dollars(base.insertNote);
    this.selectNotes = dollars(base.selectNotes);
    this.staleSummaries = dollars(base.staleSummaries);
    this.staleFinishedSummaries = dollars(base.staleFinishedSummaries);
    this.upsertSummary = dollars(base.upsertSummary);
    this.deleteSummaryRollen = dollars(base.deleteSummaryRollen);
    this.deleteSummaryElementen = dollars(base.deleteSummaryElementen);
    this.deleteSummaryAntwoorden = dollars(base.deleteSummaryAntwoorden);
    this.insertSummaryRol = dollars(base.insertSummaryRol);
    this.insertSummaryElement = dollars(base.insertSummaryElement);
    this.insertSummaryAntwoord = dollars(base.insertSummaryAntwoord);
    this.overviewTotals = dollars(base.overviewTotals);
    this.overviewRollen = dollars(base.overviewRollen);
    this.overviewElementen = dollars(base.overviewElementen);
    this.overviewAntwoorden = dollars(base.overviewAntwoorden);
    this.searchSessions = dollars(base.searchSessions);
    this.countSearchedSessions = dollars(base.countSearchedSessions);
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
