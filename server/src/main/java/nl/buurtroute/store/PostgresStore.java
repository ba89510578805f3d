package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The shared store for installs with several servers: PostgreSQL through the reactive client, so no thread
 * ever blocks on it. Appends are committed in groups by the {@link PostgresAppender}; session inserts and
 * updates go straight to the pool. Migrations take an advisory lock, so servers starting at once apply each
 * migration once.
 */
public final class PostgresStore implements Store {
  private static final String PROBE_WRITE = "INSERT INTO store_probe (id, written_at, writes) VALUES ($1, now(), 1) "
      + "ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at, writes = store_probe.writes + 1";
  private static final int PROBE_ROW = 1;

  static final int DEFAULT_POOL_SIZE = 8;

  private static final System.Logger LOG = System.getLogger(PostgresStore.class.getName());
  private static final Sql SQL = Sql.POSTGRESQL;
  /** pg_advisory_xact_lock key that serialises migrations of servers starting at once ("buurtrou"). */
  private static final long MIGRATION_LOCK = 0x6275757274726f75L;

  private final Pool pool;
  private final WriteStats stats = new WriteStats();

  private final PostgresAppender appender;
  // Guarded by this.
  private boolean closed;
  private Future<Void> closing;

  public PostgresStore(Vertx vertx, String url) {
    this(vertx, url, DEFAULT_POOL_SIZE);
  }

  /** @param url a libpq URI, {@code postgresql://user:password@host:5432/database} */
  public PostgresStore(Vertx vertx, String url, int poolSize) {
    PgConnectOptions connect = PgConnectOptions.fromUri(url);
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize))
        .connectingTo(connect)
        .using(vertx)
        .build();
    this.appender = new PostgresAppender(vertx, pool, SQL.insertEvent, stats);
  }

  @Override
  public String kind() {
    return "postgresql";
  }

  @Override
  public StoreStats stats() {
    return stats.snapshot();
  }

  // ---- migrations ---------------------------------------------------------------------------------------

  @Override
  public Future<Void> migrate() {
    if (isClosed()) {
      return closedFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (Migrations.Migration migration : Migrations.of("postgresql")) {
      chain = chain.compose(v -> pool.withTransaction(conn -> applyMigration(conn, migration)));
    }
    return chain;
  }

  /** One migration in one transaction, under a transaction-scoped advisory lock held until its commit. */
  private Future<Void> applyMigration(SqlConnection conn, Migrations.Migration migration) {
    return conn.query("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")").execute()
        // Keeps "relation already exists, skipping" notices out of the log at every start.
        .compose(r -> conn.query("SET LOCAL client_min_messages = warning").execute())
        .compose(r -> conn.query(SQL.createSchemaVersion).execute())
        .compose(r -> conn.query(SQL.selectSchemaVersions).execute())
        .compose(rows -> {
          Set<Integer> applied = new HashSet<>();
          rows.forEach(row -> applied.add(row.getInteger(0)));
          if (applied.contains(migration.version())) {
            return Future.succeededFuture();
          }
          Future<Void> statements = Future.succeededFuture();
          for (String statement : migration.statements()) {
            statements = statements.compose(v -> conn.query(statement).execute().mapEmpty());
          }
          return statements
              .compose(v -> conn.preparedQuery(SQL.insertSchemaVersion)
                  .execute(Tuple.of(migration.version(), migration.name())))
              .<Void>mapEmpty()
              .onSuccess(v -> LOG.log(System.Logger.Level.INFO, "applied migration V{0} {1} to postgresql",
                  migration.version(), migration.name()));
        });
  }

  // ---- sessions -----------------------------------------------------------------------------------------

  @Override
  public Future<Void> createSession(SessionRecord s) {
    if (isClosed()) {
      return closedFuture();
    }
    Tuple tuple = Tuple.tuple()
        .addValue(s.sessionId())
        .addValue(s.title())
        .addValue(s.neighbourhood())
        .addValue(Sql.normalizedJoinCode(s.joinCode()))
        .addValue(s.facilitatorTokenHash())
        .addValue(s.reviewTokenHash())
        .addValue(s.status())
        .addValue(s.participants())
        .addValue(timestamp(s.createdAt()))
        .addValue(timestamp(s.startedAt()))
        .addValue(timestamp(s.finishedAt()))
        .addValue(s.contentVersion());
    return timed(pool.preparedQuery(SQL.insertSession).execute(tuple))
        .recover(e -> Future.failedFuture(SqlErrors.forSession(e, s)))
        .mapEmpty();
  }

  @Override
  public Future<Void> updateSession(SessionRecord s) {
    if (isClosed()) {
      return closedFuture();
    }
    Tuple tuple = Tuple.tuple()
        .addValue(s.status())
        .addValue(s.participants())
        .addValue(timestamp(s.startedAt()))
        .addValue(timestamp(s.finishedAt()))
        .addValue(s.joinCode())
        .addValue(s.sessionId());
    return timed(pool.preparedQuery(SQL.updateSession).execute(tuple))
        .recover(e -> Future.failedFuture(SqlErrors.forSession(e, s)))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(new NoSuchElementException("no session " + s.sessionId()))
            : Future.succeededFuture());
  }

  private Future<RowSet<Row>> timed(Future<RowSet<Row>> write) {
    long start = System.nanoTime();
    return write.onSuccess(rows -> stats.committed(0, System.nanoTime() - start));
  }

  @Override
  public Future<Optional<SessionRecord>> findSession(String sessionId) {
    return query(SQL.selectSession, Tuple.of(sessionId)).map(rows -> sessions(rows).stream().findFirst());
  }

  @Override
  public Future<Optional<SessionRecord>> findOpenSessionByJoinCode(String joinCode) {
    return query(SQL.selectOpenSessionByJoinCode, Tuple.of(Sql.normalizedJoinCode(joinCode)))
        .map(rows -> sessions(rows).stream().findFirst());
  }

  @Override
  public Future<List<SessionRecord>> openSessions() {
    return query(SQL.selectOpenSessions, Tuple.tuple()).map(PostgresStore::sessions);
  }

  @Override
  public Future<List<SessionRecord>> listSessions(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      return Future.failedFuture(new IllegalArgumentException("offset and limit must not be negative"));
    }
    return query(SQL.listSessions, Tuple.of(limit, offset)).map(PostgresStore::sessions);
  }

  @Override
  public Future<Long> countSessions() {
    return query(SQL.countSessions, Tuple.tuple()).map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<List<StoredEvent>> events(String sessionId, long afterSeq, int limit) {
    return query(SQL.selectEventPage, Tuple.of(sessionId, afterSeq, limit)).map(rows -> {
      List<StoredEvent> events = new ArrayList<>(rows.size());
      for (Row row : rows) {
        events.add(new StoredEvent(row.getString("session_id"), row.getLong("seq"), row.getString("type"),
            row.getString("json"), instant(row.getOffsetDateTime("at"))));
      }
      return events;
    });
  }

  @Override
  public Future<List<StoredEvent>> events(String sessionId) {
    return query(SQL.selectEvents, Tuple.of(sessionId)).map(rows -> {
      List<StoredEvent> events = new ArrayList<>(rows.size());
      for (Row row : rows) {
        events.add(new StoredEvent(row.getString("session_id"), row.getLong("seq"), row.getString("type"),
            row.getString("json"), instant(row.getOffsetDateTime("at"))));
      }
      return events;
    });
  }

  // ---- ownership in a cluster ----------------------------------------------------------------------------

  private static final String SELECT_OWNERSHIPS =
      "SELECT session_id, owner_node, owner_epoch, created_at FROM sessions WHERE status <> 'finished'";
  private static final String CLAIM = "UPDATE sessions SET owner_node = $2, owner_epoch = owner_epoch + 1 "
      + "WHERE session_id = $1 AND owner_epoch = $3 AND status <> 'finished' RETURNING owner_epoch";
  private static final String LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM events WHERE session_id = $1";
  /**
   * {@link #CLAIM} for many sessions in one statement: the updates and the fencing events commit together. Rows
   * are locked in session order, so two members claiming overlapping sets wait for each other instead of
   * deadlocking; a session whose epoch moved meanwhile is simply not updated and gets no event.
   */
  private static final String CLAIM_ALL = "WITH wanted AS ("
      + "SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) AS w(session_id, epoch, type, json)), "
      + "locked AS (SELECT s.session_id FROM sessions s JOIN wanted w ON w.session_id = s.session_id "
      + "WHERE s.owner_epoch = w.epoch AND s.status <> 'finished' ORDER BY s.session_id FOR UPDATE OF s), "
      + "claimed AS (UPDATE sessions s SET owner_node = $5, owner_epoch = s.owner_epoch + 1 "
      + "FROM wanted w, locked l WHERE s.session_id = w.session_id AND l.session_id = s.session_id "
      + "AND s.owner_epoch = w.epoch RETURNING s.session_id, s.owner_epoch), "
      + "fenced AS (INSERT INTO events (session_id, seq, type, json, at) "
      + "SELECT c.session_id, (SELECT coalesce(max(e.seq), 0) + 1 FROM events e WHERE e.session_id = c.session_id), "
      + "w.type, w.json::json, $6 FROM claimed c JOIN wanted w ON w.session_id = c.session_id "
      + "RETURNING session_id, seq) "
      + "SELECT f.session_id, c.owner_epoch, f.seq FROM fenced f JOIN claimed c ON c.session_id = f.session_id";
  /** Tries of a claim whose fencing event lost the race with the previous owner's last commit. */
  private static final int CLAIM_ATTEMPTS = 5;

  @Override
  public Future<List<Ownership>> openOwnerships() {
    return query(SELECT_OWNERSHIPS, Tuple.tuple()).map(rows -> {
      List<Ownership> owners = new ArrayList<>(rows.size());
      for (Row row : rows) {
        owners.add(new Ownership(row.getString(0), row.getString(1), row.getLong(2),
            instant(row.getOffsetDateTime(3))));
      }
      return owners;
    });
  }

  @Override
  public Future<Optional<Claim>> claim(String sessionId, String ownerNode, long expectedEpoch, String type,
                                       String json) {
    if (isClosed()) {
      return closedFuture();
    }
    return claim(sessionId, ownerNode, expectedEpoch, type, json, 1);
  }

  private Future<Optional<Claim>> claim(String sessionId, String ownerNode, long expectedEpoch, String type,
                                        String json, int attempt) {
    // The row lock taken by the UPDATE serialises claims; the events' primary key serialises the fencing event
    // against a previous owner's append that commits at the same moment (then this transaction rolls back and
    // tries again after that append).
    return pool.withTransaction(conn -> conn.preparedQuery(CLAIM)
            .execute(Tuple.of(sessionId, ownerNode, expectedEpoch))
            .compose(updated -> {
              if (updated.rowCount() == 0) {
                return Future.succeededFuture(Optional.<Claim>empty());
              }
              long epoch = updated.iterator().next().getLong(0);
              return conn.preparedQuery(LAST_SEQ).execute(Tuple.of(sessionId))
                  .compose(rows -> {
                    long seq = rows.iterator().next().getLong(0) + 1;
                    return conn.preparedQuery(SQL.insertEvent)
                        .execute(Tuple.of(sessionId, seq, type, json, timestamp(Instant.now())))
                        .map(done -> Optional.of(new Claim(sessionId, ownerNode, epoch, seq)));
                  });
            }))
        .recover(e -> {
          Throwable typed = SqlErrors.forAppend(e, sessionId);
          return typed instanceof SequenceConflictException && attempt < CLAIM_ATTEMPTS
              ? claim(sessionId, ownerNode, expectedEpoch, type, json, attempt + 1)
              : Future.failedFuture(typed);
        });
  }

  private static final String LOCATE =
      "SELECT session_id, owner_node FROM sessions WHERE session_id = $1 AND status <> 'finished'";
  private static final String LOCATE_BY_JOIN_CODE =
      "SELECT session_id, owner_node FROM sessions WHERE join_code = $1 AND status <> 'finished'";

  @Override
  public Future<Optional<Located>> locate(String sessionId) {
    return query(LOCATE, Tuple.of(sessionId)).map(PostgresStore::located);
  }

  @Override
  public Future<Optional<Located>> locateByJoinCode(String joinCode) {
    return query(LOCATE_BY_JOIN_CODE, Tuple.of(Sql.normalizedJoinCode(joinCode))).map(PostgresStore::located);
  }

  private static Optional<Located> located(RowSet<Row> rows) {
    for (Row row : rows) {
      return Optional.of(new Located(row.getString(0), row.getString(1)));
    }
    return Optional.empty();
  }

  @Override
  public Future<List<Claim>> claimAll(List<WantedClaim> wanted, String ownerNode) {
    if (isClosed()) {
      return closedFuture();
    }
    if (wanted.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] ids = new String[wanted.size()];
    Long[] epochs = new Long[wanted.size()];
    String[] types = new String[wanted.size()];
    String[] jsons = new String[wanted.size()];
    for (int i = 0; i < ids.length; i++) {
      WantedClaim w = wanted.get(i);
      ids[i] = w.sessionId();
      epochs[i] = w.expectedEpoch();
      types[i] = w.type();
      jsons[i] = w.json();
    }
    return pool.preparedQuery(CLAIM_ALL)
        .execute(Tuple.of(ids, epochs, types, jsons, ownerNode, timestamp(Instant.now())))
        .map(rows -> {
          List<Claim> claims = new ArrayList<>(rows.size());
          for (Row row : rows) {
            claims.add(new Claim(row.getString(0), ownerNode, row.getLong(1), row.getLong(2)));
          }
          return claims;
        })
        // A previous owner's append that committed while this statement ran takes a fencing event's seq and
        // fails the whole statement: then each session is claimed on its own, with its retries.
        .recover(e -> Future.join(wanted.stream().map(w -> claim(w.sessionId(), ownerNode, w.expectedEpoch(),
                w.type(), w.json())).toList())
            .map(all -> all.<Optional<Claim>>list().stream().flatMap(Optional::stream).toList()));
  }

  @Override
  public Future<Void> saveContentVersion(String version, String json, Instant at) {
    if (isClosed()) {
      return closedFuture();
    }
    return timed(pool.preparedQuery(SQL.insertContentVersion).execute(Tuple.of(version, json, timestamp(at))))
        .mapEmpty();
  }

  @Override
  public Future<Optional<String>> findContentVersion(String version) {
    return query(SQL.selectContentVersion, Tuple.of(version))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("json")));
  }

  @Override
  public Future<Void> addNote(Overview.NoteRecord note) {
    if (isClosed()) {
      return closedFuture();
    }
    return timed(pool.preparedQuery(SQL.insertNote).execute(Tuple.of(note.noteId(), note.sessionId(), note.text(),
        timestamp(note.createdAt())))).mapEmpty();
  }

  @Override
  public Future<List<Overview.NoteRecord>> notes(String sessionId) {
    return query(SQL.selectNotes, Tuple.of(sessionId)).map(rows -> {
      List<Overview.NoteRecord> notes = new ArrayList<>(rows.size());
      for (Row row : rows) {
        notes.add(new Overview.NoteRecord(row.getString("note_id"), row.getString("session_id"),
            row.getString("text"), instant(row.getOffsetDateTime("created_at"))));
      }
      return notes;
    });
  }

  @Override
  public Future<List<SessionRecord>> sessionsWithStaleSummary(String afterSessionId, int limit) {
    return query(SQL.staleSummaries, Tuple.of(afterSessionId, limit)).map(PostgresStore::sessions);
  }

  @Override
  public Future<List<SessionRecord>> finishedSessionsWithStaleSummary(String afterSessionId, int limit) {
    return query(SQL.staleFinishedSummaries, Tuple.of(afterSessionId, limit)).map(PostgresStore::sessions);
  }

  /**
   * One transaction per call. The summary row's upsert comes first: it locks that row, so a second server
   * saving the same session waits, and then finds a summary at least as new and leaves the rest alone.
   */
  @Override
  public Future<Void> saveSummaries(List<RouteSummary> summaries) {
    if (isClosed()) {
      return closedFuture();
    }
    if (summaries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<RouteSummary> copy = List.copyOf(summaries);
    return pool.withTransaction(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (RouteSummary summary : copy) {
        chain = chain.compose(v -> saveSummary(conn, summary));
      }
      return chain;
    });
  }

  private Future<Void> saveSummary(SqlConnection conn, RouteSummary summary) {
    String id = summary.sessionId();
    Tuple upsert = Tuple.tuple().addValue(id).addValue(summary.summarisedSeq())
        .addValue(timestamp(summary.startedAt())).addValue(summary.finished() ? 1 : 0).addValue(summary.steps())
        .addValue(summary.disagreements()).addValue(summary.perRolText()).addValue(summary.elementenText());
    return conn.preparedQuery(SQL.upsertSummary).execute(upsert).compose(done -> {
      if (done.rowCount() == 0) {
        return Future.succeededFuture();
      }
      java.util.Set<String> rollen = new java.util.LinkedHashSet<>(summary.participantsPerRol().keySet());
      rollen.addAll(summary.outvotedPerRol().keySet());
      List<Tuple> rolRows = rollen.stream().map(rol -> Tuple.of(id, rol,
          summary.participantsPerRol().getOrDefault(rol, 0), summary.outvotedPerRol().getOrDefault(rol, 0))).toList();
      List<Tuple> elementRows = summary.elementen().entrySet().stream()
          .map(e -> Tuple.of(id, e.getKey(), e.getValue())).toList();
      List<Tuple> choiceRows = summary.choices().stream()
          .map(ch -> Tuple.of(id, ch.stepIndex(), ch.vraagId(), ch.antwoordId())).toList();
      return conn.preparedQuery(SQL.deleteSummaryRollen).execute(Tuple.of(id))
          .compose(r -> conn.preparedQuery(SQL.deleteSummaryElementen).execute(Tuple.of(id)))
          .compose(r -> conn.preparedQuery(SQL.deleteSummaryAntwoorden).execute(Tuple.of(id)))
          .compose(r -> batch(conn, SQL.insertSummaryRol, rolRows))
          .compose(r -> batch(conn, SQL.insertSummaryElement, elementRows))
          .compose(r -> batch(conn, SQL.insertSummaryAntwoord, choiceRows));
    });
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  @Override
  public Future<Overview.Figures> overview(Instant from, Instant to) {
    Tuple period = Tuple.of(timestamp(from == null ? Periods.BEGINNING : from),
        timestamp(to == null ? Periods.END : to));
    Future<RowSet<Row>> totals = query(SQL.overviewTotals, period);
    Future<RowSet<Row>> rollen = query(SQL.overviewRollen, period);
    Future<RowSet<Row>> elementen = query(SQL.overviewElementen, period);
    Future<RowSet<Row>> antwoorden = query(SQL.overviewAntwoorden, period);
    return Future.all(totals, rollen, elementen, antwoorden).map(done -> {
      Row t = totals.result().iterator().next();
      java.util.Map<String, Long> participants = new java.util.LinkedHashMap<>();
      java.util.Map<String, Long> outvoted = new java.util.LinkedHashMap<>();
      for (Row row : rollen.result()) {
        participants.put(row.getString(0), number(row, 1));
        outvoted.put(row.getString(0), number(row, 2));
      }
      java.util.Map<Integer, Long> touched = new java.util.LinkedHashMap<>();
      for (Row row : elementen.result()) {
        touched.put(row.getInteger(0), number(row, 1));
      }
      java.util.Map<String, java.util.Map<String, Long>> chosen = new java.util.LinkedHashMap<>();
      for (Row row : antwoorden.result()) {
        chosen.computeIfAbsent(row.getString(0), k -> new java.util.LinkedHashMap<>())
            .put(row.getString(1), number(row, 2));
      }
      return new Overview.Figures(number(t, 0), number(t, 1), number(t, 2), number(t, 3), participants, outvoted,
          touched, chosen);
    });
  }

  /** sum() of integers is bigint, count() is bigint; either way read as a long. */
  private static long number(Row row, int column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  @Override
  public Future<Overview.ListingPage> searchSessions(Overview.ListingQuery q) {
    String pattern = Periods.likePattern(q.titleContains());
    OffsetDateTime start = timestamp(q.from() == null ? Periods.BEGINNING : q.from());
    OffsetDateTime end = timestamp(q.to() == null ? Periods.END : q.to());
    Future<RowSet<Row>> count = query(SQL.countSearchedSessions, Tuple.of(pattern, start, end));
    Future<RowSet<Row>> page = query(SQL.searchSessions, Tuple.of(pattern, start, end, q.limit(), q.offset()));
    return Future.all(count, page).map(done -> {
      List<SessionRecord> rows = sessions(page.result());
      List<Overview.Listed> listed = new ArrayList<>(rows.size());
      int i = 0;
      for (Row row : page.result()) {
        String perRol = row.getString("per_rol");
        listed.add(perRol == null ? new Overview.Listed(rows.get(i), null, null, null)
            : new Overview.Listed(rows.get(i), RouteSummary.perRol(perRol),
                RouteSummary.numbers(row.getString("elementen")), row.getInteger("steps")));
        i++;
      }
      return new Overview.ListingPage(number(count.result().iterator().next(), 0), listed);
    });
  }

  @Override
  public Future<Void> ping() {
    if (isClosed()) {
      return closedFuture();
    }
    // A real committed write of one small row: a read-only database (a standby, default_transaction_read_only)
    // or a full disk refuses it.
    return pool.preparedQuery(PROBE_WRITE).execute(Tuple.of(PROBE_ROW)).mapEmpty();
  }

  private Future<RowSet<Row>> query(String sql, Tuple params) {
    if (isClosed()) {
      return closedFuture();
    }
    return pool.preparedQuery(sql).execute(params);
  }

  private static List<SessionRecord> sessions(RowSet<Row> rows) {
    List<SessionRecord> sessions = new ArrayList<>(rows.size());
    for (Row row : rows) {
      sessions.add(new SessionRecord(
          row.getString("session_id"),
          row.getString("title"),
          row.getString("neighbourhood"),
          row.getString("join_code"),
          row.getString("facilitator_token_hash"),
          row.getString("review_token_hash"),
          row.getString("status"),
          row.getInteger("participants"),
          instant(row.getOffsetDateTime("created_at")),
          instant(row.getOffsetDateTime("started_at")),
          instant(row.getOffsetDateTime("finished_at")),
          row.getString("content_version")));
    }
    return sessions;
  }

  @Override
  public Future<Void> append(List<StoredEvent> events) {
    return appender.append(events);
  }

  // ---- closing ------------------------------------------------------------------------------------------

  @Override
  public synchronized Future<Void> close() {
    if (closing == null) {
      closed = true;
      closing = appender.stop().compose(v -> pool.close());
    }
    return closing;
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private <T> Future<T> closedFuture() {
    return Future.failedFuture(new StoreClosedException(kind()));
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
