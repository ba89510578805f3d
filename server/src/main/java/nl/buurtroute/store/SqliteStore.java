package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The embedded store: one SQLite file, {@code buurtroute.db}, in the data directory. WAL journal with
 * {@code synchronous=FULL}, so a write is on disk when its commit returns and survives a kill -9.
 *
 * <p>All writes run on one writer thread of its own, never on the event loop. Group commit: the writer takes
 * everything queued since its last transaction (appends, session inserts and updates, up to
 * {@value #MAX_GROUP}) and writes it in one transaction, so one fsync serves many sessions; each operation
 * runs inside its own savepoint, so one that fails (a seq conflict, a taken join code) is rolled back alone
 * and fails only its own future. Every future completes after the commit, on the caller's context.
 *
 * <p>Reads use a second connection on a reader thread, so they never queue behind writes (WAL readers see
 * the last commit without waiting for the writer).
 */
public final class SqliteStore implements Store {

  /** The file name of the database inside the data directory. */
  public static final String FILE_NAME = "buurtroute.db";

  static final int MAX_GROUP = 1000;

  private static final System.Logger LOG = System.getLogger(SqliteStore.class.getName());
  private static final Sql SQL = Sql.SQLITE;
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  /** Fixed width, so that text order is time order; microseconds, like PostgreSQL. */
  private static final DateTimeFormatter INSTANT_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final String jdbcUrl;
  private final WriteStats stats = new WriteStats();
  private final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final ExecutorService reader;
  /** Guards {@link #closed} so that nothing is queued behind the writer's stop. */
  private final Object queueLock = new Object();
  private boolean closed;
  private Future<Void> closing;

  // Confined to the writer thread.
  private Connection writeConnection;
  private final Map<String, PreparedStatement> writeStatements = new HashMap<>();
  // Confined to the reader thread.
  private Connection readConnection;

  public SqliteStore(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    this.jdbcUrl = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
    this.writer = new Thread(this::writeLoop, "buurtroute-sqlite-writer");
    this.writer.setDaemon(true);
    this.writer.start();
    this.reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "buurtroute-sqlite-reader");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String kind() {
    return "sqlite";
  }

  @Override
  public StoreStats stats() {
    return stats.snapshot();
  }

  // ---- writes -------------------------------------------------------------------------------------------

  @Override
  public Future<Void> migrate() {
    return submit(Kind.ALONE, 0, this::applyMigrations, UnaryOperator.identity());
  }

  @Override
  public Future<Void> createSession(SessionRecord session) {
    return submit(Kind.GROUPED, 0, c -> {
      PreparedStatement ps = writeStatement(SQL.insertSession);
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
      ps.executeUpdate();
    }, e -> SqlErrors.forSession(e, session));
  }

  @Override
  public Future<Void> updateSession(SessionRecord session) {
    return submit(Kind.GROUPED, 0, c -> {
      PreparedStatement ps = writeStatement(SQL.updateSession);
      ps.setString(1, session.status());
      ps.setInt(2, session.participants());
      setInstant(ps, 3, session.startedAt());
      setInstant(ps, 4, session.finishedAt());
      ps.setString(5, session.sessionId());
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
    return submit(Kind.GROUPED, copy.size(), c -> {
      PreparedStatement ps = writeStatement(SQL.insertEvent);
      for (StoredEvent event : copy) {
        ps.setString(1, event.sessionId());
        ps.setLong(2, event.seq());
        ps.setString(3, event.type());
        ps.setString(4, event.json());
        ps.setString(5, text(event.at()));
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          throw asException(SqlErrors.forAppend(e, event.sessionId()));
        }
      }
    }, UnaryOperator.identity());
  }

  @Override
  public Future<Void> ping() {
    // An empty member of the next group: succeeds once that group's write transaction has committed.
    return submit(Kind.GROUPED, 0, c -> { }, UnaryOperator.identity());
  }

  @Override
  public Future<Void> close() {
    synchronized (queueLock) {
      if (!closed) {
        closed = true;
        Pending<Void> pending = new Pending<>(vertx);
        writes.add(new Write(Kind.STOP, 0, null, pending, UnaryOperator.identity()));
        closing = pending.future();
      }
      return closing;
    }
  }

  private Future<Void> submit(Kind kind, int events, Work work, UnaryOperator<Throwable> errors) {
    Pending<Void> pending = new Pending<>(vertx);
    synchronized (queueLock) {
      if (closed) {
        return Future.failedFuture(new StoreClosedException(kind()));
      }
      writes.add(new Write(kind, events, work, pending, errors));
    }
    return pending.future();
  }

  private enum Kind {
    /** Joins the next group transaction, inside a savepoint of its own. */
    GROUPED,
    /** Runs between groups and handles its own transactions (migrations). */
    ALONE,
    /** Closes the store after everything queued before it. */
    STOP
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection connection) throws Exception;
  }

  private record Write(Kind kind, int events, Work work, Pending<Void> pending, UnaryOperator<Throwable> errors) {
  }

  private void writeLoop() {
    List<Write> taken = new ArrayList<>();
    List<Write> group = new ArrayList<>();
    while (true) {
      taken.clear();
      try {
        taken.add(writes.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      writes.drainTo(taken, MAX_GROUP - 1);
      for (Write write : taken) {
        if (write.kind() == Kind.GROUPED) {
          group.add(write);
          continue;
        }
        commitGroup(group);
        group.clear();
        if (write.kind() == Kind.STOP) {
          shutDown(write.pending());
          return;
        }
        runAlone(write);
      }
      commitGroup(group);
      group.clear();
    }
  }

  private void commitGroup(List<Write> group) {
    if (group.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    Throwable[] failures = new Throwable[group.size()];
    int events = 0;
    try {
      Connection c = writeConnection();
      execute(c, "BEGIN IMMEDIATE");
      try {
        for (int i = 0; i < group.size(); i++) {
          Write write = group.get(i);
          execute(c, "SAVEPOINT op");
          try {
            write.work().run(c);
            execute(c, "RELEASE op");
            events += write.events();
          } catch (Exception e) {
            execute(c, "ROLLBACK TO op");
            execute(c, "RELEASE op");
            failures[i] = write.errors().apply(e);
          }
        }
        execute(c, "COMMIT");
      } catch (Exception e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "SQLite write transaction failed", e);
      group.forEach(write -> write.pending().fail(e));
      return;
    }
    stats.committed(events, System.nanoTime() - start);
    for (int i = 0; i < group.size(); i++) {
      if (failures[i] == null) {
        group.get(i).pending().succeed(null);
      } else {
        group.get(i).pending().fail(failures[i]);
      }
    }
  }

  private void runAlone(Write write) {
    try {
      write.work().run(writeConnection());
      write.pending().succeed(null);
    } catch (Exception e) {
      write.pending().fail(write.errors().apply(e));
    }
  }

  private void applyMigrations(Connection c) throws SQLException {
    // One transaction per migration, under SQLite's write lock (BEGIN IMMEDIATE), so that two processes
    // starting at once apply each migration once.
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
            migration.name(), jdbcUrl);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
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

  private void shutDown(Pending<Void> pending) {
    Throwable failure = null;
    writeStatements.values().forEach(SqliteStore::closeQuietly);
    writeStatements.clear();
    if (writeConnection != null) {
      try {
        writeConnection.close();
      } catch (SQLException e) {
        failure = e;
      }
      writeConnection = null;
    }
    // Reads queued before close still run; then the reader's connection is closed and new reads are refused.
    reader.execute(() -> {
      if (readConnection != null) {
        closeQuietly(readConnection);
        readConnection = null;
      }
    });
    reader.shutdown();
    try {
      if (!reader.awaitTermination(30, TimeUnit.SECONDS)) {
        failure = new IllegalStateException("SQLite reads did not finish within 30 s of close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure == null) {
      pending.succeed(null);
    } else {
      pending.fail(failure);
    }
  }

  private Connection writeConnection() throws SQLException {
    if (writeConnection == null) {
      Connection c = DriverManager.getConnection(jdbcUrl);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
      writeConnection = c;
    }
    return writeConnection;
  }

  private PreparedStatement writeStatement(String sql) throws SQLException {
    PreparedStatement ps = writeStatements.get(sql);
    if (ps == null) {
      ps = writeConnection().prepareStatement(sql);
      writeStatements.put(sql, ps);
    }
    return ps;
  }

  // ---- reads --------------------------------------------------------------------------------------------

  @Override
  public Future<Optional<SessionRecord>> findSession(String sessionId) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.selectSession)) {
        ps.setString(1, sessionId);
        return sessions(ps).stream().findFirst();
      }
    });
  }

  @Override
  public Future<Optional<SessionRecord>> findOpenSessionByJoinCode(String joinCode) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.selectOpenSessionByJoinCode)) {
        ps.setString(1, Sql.normalizedJoinCode(joinCode));
        return sessions(ps).stream().findFirst();
      }
    });
  }

  @Override
  public Future<List<SessionRecord>> openSessions() {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.selectOpenSessions)) {
        return sessions(ps);
      }
    });
  }

  @Override
  public Future<List<SessionRecord>> listSessions(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      return Future.failedFuture(new IllegalArgumentException("offset and limit must not be negative"));
    }
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.listSessions)) {
        ps.setInt(1, limit);
        ps.setInt(2, offset);
        return sessions(ps);
      }
    });
  }

  @Override
  public Future<Long> countSessions() {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL.countSessions); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public Future<List<StoredEvent>> events(String sessionId) {
    return read(c -> {
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

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection connection) throws Exception;
  }

  private <T> Future<T> read(Query<T> query) {
    Pending<T> pending = new Pending<>(vertx);
    try {
      reader.execute(() -> {
        try {
          pending.succeed(query.run(readConnection()));
        } catch (Exception e) {
          pending.fail(e);
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new StoreClosedException(kind()));
    }
    return pending.future();
  }

  private Connection readConnection() throws SQLException {
    if (readConnection == null) {
      Connection c = DriverManager.getConnection(jdbcUrl);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        s.execute("PRAGMA query_only = 1");
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
      readConnection = c;
    }
    return readConnection;
  }

  private static List<SessionRecord> sessions(PreparedStatement ps) throws SQLException {
    List<SessionRecord> sessions = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        sessions.add(new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), instant(rs.getString(9)),
            instant(rs.getString(10)), instant(rs.getString(11))));
      }
    }
    return sessions;
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  private static String text(Instant instant) {
    return instant == null ? null : INSTANT_TEXT.format(instant);
  }

  private static Instant instant(String text) {
    return text == null ? null : INSTANT_TEXT.parse(text, Instant::from);
  }

  private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, text(instant));
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException ignored) {
      // Nothing was open, or SQLite already rolled back.
    }
  }

  private static Exception asException(Throwable t) {
    return t instanceof Exception e ? e : new RuntimeException(t);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
