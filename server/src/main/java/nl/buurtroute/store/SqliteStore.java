package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import static nl.buurtroute.store.SqliteFile.execute;
import static nl.buurtroute.store.SqliteFile.instant;
import static nl.buurtroute.store.SqliteFile.setInstant;
import static nl.buurtroute.store.SqliteFile.text;

/**
 * The embedded store: one SQLite file, {@value #FILE_NAME}, in the data directory. WAL journal with
 * {@code synchronous=FULL}, so a write is on disk when its commit returns and survives a kill -9.
 * All writes go through the one {@link SqliteWriter} thread, which commits them in groups; reads run on the
 * {@link SqliteReader} thread. Neither ever runs on the event loop.
 */
public final class SqliteStore implements Store {
  private static final String PROBE_WRITE = "INSERT INTO store_probe (id, written_at, writes) VALUES (1, ?, 1) "
      + "ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at, writes = store_probe.writes + 1";

  /** The file name of the database inside the data directory. */
  public static final String FILE_NAME = "buurtroute.db";

  private static final System.Logger LOG = System.getLogger(SqliteStore.class.getName());
  private static final Sql SQL = Sql.SQLITE;

  private final SqliteFile file;
  private final WriteStats stats = new WriteStats();
  private final SqliteWriter writer;
  private final SqliteReader reader;
  private Future<Void> closing;

  public SqliteStore(Vertx vertx, Path dataDir) {
    this.file = new SqliteFile(dataDir.resolve(FILE_NAME));
    this.writer = new SqliteWriter(vertx, file, stats);
    this.reader = new SqliteReader(vertx, file);
  }

  @Override
  public String kind() {
    return "sqlite";
  }

  @Override
  public StoreStats stats() {
    return stats.snapshot();
  }

  @Override
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing = writer.stop().eventually(reader::close);
    }
    return closing;
  }

  // ---- writes -------------------------------------------------------------------------------------------

  @Override
  public Future<Void> migrate() {
    return writer.alone(this::applyMigrations);
  }

  @Override
  public Future<Void> createSession(SessionRecord session) {
    return writer.grouped(0, c -> {
      PreparedStatement ps = writer.statement(SQL.insertSession);
      ps.setString(1, session.sessionId());
      ps.setString(2, session.title());
      ps.setString(3, session.neighbourhood());
      ps.setString(4, Sql.normalizedJoinCode(session.joinCode()));
      ps.setString(5, session.facilitatorTokenHash());
      ps.setString(6, session.reviewTokenHash());
      ps.setString(7, session.status());
      ps.setInt(8, session.participants());
      ps.setString(9, text(session.createdAt()));
      setInstant(ps, 10, session.startedAt());
      setInstant(ps, 11, session.finishedAt());
      ps.setString(12, session.contentVersion());
      ps.executeUpdate();
    }, e -> SqlErrors.forSession(e, session));
  }

  @Override
  public Future<Void> updateSession(SessionRecord session) {
    return writer.grouped(0, c -> {
      PreparedStatement ps = writer.statement(SQL.updateSession);
      ps.setString(1, session.status());
      ps.setInt(2, session.participants());
      setInstant(ps, 3, session.startedAt());
      setInstant(ps, 4, session.finishedAt());
      ps.setString(5, session.joinCode());
      ps.setString(6, session.sessionId());
      if (ps.executeUpdate() == 0) {
        throw new NoSuchElementException("no session " + session.sessionId());
      }
    }, e -> SqlErrors.forSession(e, session));
  }

  @Override
  public Future<Void> append(List<StoredEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<StoredEvent> copy = List.copyOf(events);
    return writer.grouped(copy.size(), c -> {
      PreparedStatement ps = writer.statement(SQL.insertEvent);
      for (StoredEvent event : copy) {
        ps.setString(1, event.sessionId());
        ps.setLong(2, event.seq());
        ps.setString(3, event.type());
        ps.setString(4, event.json());
        ps.setString(5, text(event.at()));
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          Throwable typed = SqlErrors.forAppend(e, event.sessionId());
          throw typed instanceof Exception ex ? ex : e;
        }
      }
    }, e -> e);
  }

  @Override
  public Future<Void> saveContentVersion(String version, String json, Instant at) {
    return writer.grouped(0, c -> {
      PreparedStatement ps = writer.statement(SQL.insertContentVersion);
      ps.setString(1, version);
      ps.setString(2, json);
      ps.setString(3, text(at));
      ps.executeUpdate();
    }, e -> e);
  }

  @Override
  public Future<Void> addNote(Overview.NoteRecord note) {
    return writer.grouped(0, c -> {
      PreparedStatement ps = writer.statement(SQL.insertNote);
      ps.setString(1, note.noteId());
      ps.setString(2, note.sessionId());
      ps.setString(3, note.text());
      ps.setString(4, text(note.createdAt()));
      ps.executeUpdate();
    }, e -> e);
  }

  @Override
  public Future<Optional<String>> findContentVersion(String version) {
    return reader.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.selectContentVersion)) {
        ps.setString(1, version);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public Future<Void> saveSummaries(List<RouteSummary> summaries) {
    if (summaries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<RouteSummary> copy = List.copyOf(summaries);
    return writer.grouped(0, c -> {
      for (RouteSummary summary : copy) {
        PreparedStatement ps = writer.statement(SQL.upsertSummary);
        ps.setString(1, summary.sessionId());
        ps.setLong(2, summary.summarisedSeq());
        setInstant(ps, 3, summary.startedAt());
        ps.setInt(4, summary.finished() ? 1 : 0);
        ps.setInt(5, summary.steps());
        ps.setInt(6, summary.disagreements());
        ps.setString(7, summary.perRolText());
        ps.setString(8, summary.elementenText());
        if (ps.executeUpdate() == 0) {
          continue; // a summary made from more events is stored already
        }
        for (String delete : List.of(SQL.deleteSummaryRollen, SQL.deleteSummaryElementen, SQL.deleteSummaryAntwoorden)) {
          PreparedStatement d = writer.statement(delete);
          d.setString(1, summary.sessionId());
          d.executeUpdate();
        }
        java.util.Set<String> rollen = new java.util.LinkedHashSet<>(summary.participantsPerRol().keySet());
        rollen.addAll(summary.outvotedPerRol().keySet());
        for (String rol : rollen) {
          PreparedStatement r = writer.statement(SQL.insertSummaryRol);
          r.setString(1, summary.sessionId());
          r.setString(2, rol);
          r.setInt(3, summary.participantsPerRol().getOrDefault(rol, 0));
          r.setInt(4, summary.outvotedPerRol().getOrDefault(rol, 0));
          r.executeUpdate();
        }
        for (var element : summary.elementen().entrySet()) {
          PreparedStatement el = writer.statement(SQL.insertSummaryElement);
          el.setString(1, summary.sessionId());
          el.setInt(2, element.getKey());
          el.setInt(3, element.getValue());
          el.executeUpdate();
        }
        for (RouteSummary.Choice choice : summary.choices()) {
          PreparedStatement a = writer.statement(SQL.insertSummaryAntwoord);
          a.setString(1, summary.sessionId());
          a.setInt(2, choice.stepIndex());
          a.setString(3, choice.vraagId());
          a.setString(4, choice.antwoordId());
          a.executeUpdate();
        }
      }
    }, e -> e);
  }

  @Override
  public Future<Void> ping() {
    // A real write in the next group commit: succeeds only once that group has committed to disk.
    return writer.grouped(0, c -> {
      PreparedStatement ps = writer.statement(PROBE_WRITE);
      ps.setString(1, text(Instant.now()));
      ps.executeUpdate();
    }, e -> e);
  }

  /** One transaction per migration, under SQLite's write lock, so two processes apply each migration once. */
  private void applyMigrations(Connection c) throws SQLException {
    for (Migrations.Migration migration : Migrations.of("sqlite")) {
      execute(c, "BEGIN IMMEDIATE");
      try {
        execute(c, SQL.createSchemaVersion);
        if (appliedVersions(c).contains(migration.version())) {
          execute(c, "COMMIT");
          continue;
        }
        for (String statement : migration.statements()) {
          execute(c, statement);
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.insertSchemaVersion)) {
          ps.setInt(1, migration.version());
          ps.setString(2, migration.name());
          ps.executeUpdate();
        }
        execute(c, "COMMIT");
        LOG.log(System.Logger.Level.INFO, "applied migration V{0} {1} to {2}", migration.version(),
            migration.name(), file);
      } catch (SQLException | RuntimeException e) {
        SqliteWriter.rollbackQuietly(c);
        throw e;
      }
    }
  }

  private static Set<Integer> appliedVersions(Connection c) throws SQLException {
    Set<Integer> versions = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL.selectSchemaVersions)) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  // ---- reads --------------------------------------------------------------------------------------------

  @Override
  public Future<Optional<SessionRecord>> findSession(String sessionId) {
    return sessions(SQL.selectSession, sessionId).map(found -> found.stream().findFirst());
  }

  @Override
  public Future<Optional<SessionRecord>> findOpenSessionByJoinCode(String joinCode) {
    return sessions(SQL.selectOpenSessionByJoinCode, Sql.normalizedJoinCode(joinCode))
        .map(found -> found.stream().findFirst());
  }

  @Override
  public Future<List<SessionRecord>> openSessions() {
    return sessions(SQL.selectOpenSessions);
  }

  @Override
  public Future<List<SessionRecord>> listSessions(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      return Future.failedFuture(new IllegalArgumentException("offset and limit must not be negative"));
    }
    return sessions(SQL.listSessions, limit, offset);
  }

  @Override
  public Future<Long> countSessions() {
    return reader.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.countSessions); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public Future<List<StoredEvent>> events(String sessionId, long afterSeq, int limit) {
    return reader.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.selectEventPage)) {
        ps.setString(1, sessionId);
        ps.setLong(2, afterSeq);
        ps.setInt(3, limit);
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.add(new StoredEvent(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                instant(rs.getString(5))));
          }
        }
        return events;
      }
    });
  }

  @Override
  public Future<List<StoredEvent>> events(String sessionId) {
    return reader.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.selectEvents)) {
        ps.setString(1, sessionId);
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.add(new StoredEvent(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                instant(rs.getString(5))));
          }
        }
        return events;
      }
    });
  }

  @Override
  public Future<List<Overview.NoteRecord>> notes(String sessionId) {
    return reader.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.selectNotes)) {
        ps.setString(1, sessionId);
        List<Overview.NoteRecord> notes = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            notes.add(new Overview.NoteRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                instant(rs.getString(4))));
          }
        }
        return notes;
      }
    });
  }

  @Override
  public Future<List<SessionRecord>> sessionsWithStaleSummary(String afterSessionId, int limit) {
    return sessions(SQL.staleSummaries, afterSessionId, limit);
  }

  @Override
  public Future<List<SessionRecord>> finishedSessionsWithStaleSummary(String afterSessionId, int limit) {
    return sessions(SQL.staleFinishedSummaries, afterSessionId, limit);
  }

  @Override
  public Future<Overview.Figures> overview(Instant from, Instant to) {
    String start = text(from == null ? Periods.BEGINNING : from);
    String end = text(to == null ? Periods.END : to);
    return reader.read(c -> {
      long[] totals = new long[4];
      try (ResultSet rs = query(c, SQL.overviewTotals, start, end)) {
        rs.next();
        for (int i = 0; i < 4; i++) {
          totals[i] = rs.getLong(i + 1);
        }
      }
      Map<String, Long> participants = new LinkedHashMap<>();
      Map<String, Long> outvoted = new LinkedHashMap<>();
      try (ResultSet rs = query(c, SQL.overviewRollen, start, end)) {
        while (rs.next()) {
          participants.put(rs.getString(1), rs.getLong(2));
          outvoted.put(rs.getString(1), rs.getLong(3));
        }
      }
      Map<Integer, Long> touched = new LinkedHashMap<>();
      try (ResultSet rs = query(c, SQL.overviewElementen, start, end)) {
        while (rs.next()) {
          touched.put(rs.getInt(1), rs.getLong(2));
        }
      }
      Map<String, Map<String, Long>> antwoorden = new LinkedHashMap<>();
      try (ResultSet rs = query(c, SQL.overviewAntwoorden, start, end)) {
        while (rs.next()) {
          antwoorden.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
        }
      }
      return new Overview.Figures(totals[0], totals[1], totals[2], totals[3], participants, outvoted, touched,
          antwoorden);
    });
  }

  @Override
  public Future<Overview.ListingPage> searchSessions(Overview.ListingQuery q) {
    String pattern = Periods.likePattern(q.titleContains());
    String start = text(q.from() == null ? Periods.BEGINNING : q.from());
    String end = text(q.to() == null ? Periods.END : q.to());
    return reader.read(c -> {
      long total;
      try (ResultSet rs = query(c, SQL.countSearchedSessions, pattern, start, end)) {
        rs.next();
        total = rs.getLong(1);
      }
      List<Overview.Listed> listed = new ArrayList<>();
      try (ResultSet rs = query(c, SQL.searchSessions, pattern, start, end, q.limit(), q.offset())) {
        while (rs.next()) {
          SessionRecord row = new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), instant(rs.getString(9)),
              instant(rs.getString(10)), instant(rs.getString(11)), rs.getString(12));
          String perRol = rs.getString(13);
          String elementen = rs.getString(14);
          int steps = rs.getInt(15);
          listed.add(perRol == null ? new Overview.Listed(row, null, null, null)
              : new Overview.Listed(row, RouteSummary.perRol(perRol), RouteSummary.numbers(elementen), steps));
        }
      }
      return new Overview.ListingPage(total, listed);
    });
  }

  /** A query on the reader's connection; closing the result set closes the statement too. */
  private static ResultSet query(Connection c, String sql, Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    ps.closeOnCompletion();
    return ps.executeQuery();
  }

  private Future<List<SessionRecord>> sessions(String sql, Object... params) {
    return reader.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        List<SessionRecord> sessions = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sessions.add(new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), instant(rs.getString(9)),
                instant(rs.getString(10)), instant(rs.getString(11)), rs.getString(12)));
          }
        }
        return sessions;
      }
    });
  }
}
