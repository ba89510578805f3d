package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;

import static nl.buurtroute.store.SqliteFile.execute;

/**
 * The single writer of the SQLite file: one thread of its own with one connection, never the event loop.
 *
 * <p>Group commit: the thread takes everything queued since its last transaction (up to {@value #MAX_GROUP}
 * writes) and runs it in one transaction, so one fsync serves the writes of many sessions. Each write runs in
 * a savepoint of its own; one that fails (a seq conflict, a taken join code) is rolled back alone and fails
 * only its own future. All futures complete after the commit, on their callers' contexts.
 */
final class SqliteWriter {

  static final int MAX_GROUP = 1000;

  private static final System.Logger LOG = System.getLogger(SqliteWriter.class.getName());

  /** One write, run on the writer thread with its connection. */
  @FunctionalInterface
  interface Work {
    void run(Connection connection) throws Exception;
  }

  private enum Kind {
    /** Joins the next group transaction, inside a savepoint of its own. */
    GROUPED,
    /** Runs between groups and handles its own transactions (migrations). */
    ALONE,
    /** Closes the connection after everything queued before it. */
    STOP
  }

  private record Write(Kind kind, int events, Work work, Pending<Void> pending, UnaryOperator<Throwable> errors) {
  }

  private final Vertx vertx;
  private final SqliteFile file;
  private final WriteStats stats;
  private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
  /** Guards {@link #stopped}, so that nothing is queued behind the stop. */
  private final Object queueLock = new Object();
  private boolean stopped;
  private Future<Void> stopping;

  // Confined to the writer thread.
  private Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  SqliteWriter(Vertx vertx, SqliteFile file, WriteStats stats) {
    this.vertx = vertx;
    this.file = file;
    this.stats = stats;
    Thread thread = new Thread(this::run, "buurtroute-sqlite-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a write for the next group transaction.
   *
   * @param events how many events it stores, for the statistics
   * @param errors turns its failure into the store's typed exception
   */
  Future<Void> grouped(int events, Work work, UnaryOperator<Throwable> errors) {
    return submit(Kind.GROUPED, events, work, errors);
  }

  /** Queues work that runs alone between groups and handles its own transactions. */
  Future<Void> alone(Work work) {
    return submit(Kind.ALONE, 0, work, UnaryOperator.identity());
  }

  /** Finishes the queued writes, then closes the connection; later writes fail with StoreClosedException. */
  Future<Void> stop() {
    synchronized (queueLock) {
      if (!stopped) {
        stopped = true;
        Pending<Void> pending = new Pending<>(vertx);
        queue.add(new Write(Kind.STOP, 0, null, pending, UnaryOperator.identity()));
        stopping = pending.future();
      }
      return stopping;
    }
  }

  /** A statement prepared once on the writer's connection; only for {@link Work} on the writer thread. */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection().prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  private Future<Void> submit(Kind kind, int events, Work work, UnaryOperator<Throwable> errors) {
    Pending<Void> pending = new Pending<>(vertx);
    synchronized (queueLock) {
      if (stopped) {
        return Future.failedFuture(new StoreClosedException("sqlite"));
      }
      queue.add(new Write(kind, events, work, pending, errors));
    }
    return pending.future();
  }

  private void run() {
    List<Write> taken = new ArrayList<>();
    List<Write> group = new ArrayList<>();
    while (true) {
      taken.clear();
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(taken, MAX_GROUP - 1);
      for (Write write : taken) {
        if (write.kind() == Kind.GROUPED) {
          group.add(write);
          continue;
        }
        commit(group);
        group.clear();
        if (write.kind() == Kind.STOP) {
          closeConnection(write.pending());
          return;
        }
        runAlone(write);
      }
      commit(group);
      group.clear();
    }
  }

  private void commit(List<Write> group) {
    if (group.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    Throwable[] failures = new Throwable[group.size()];
    int events = 0;
    try {
      Connection c = connection();
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
      write.work().run(connection());
      write.pending().succeed(null);
    } catch (Exception e) {
      write.pending().fail(write.errors().apply(e));
    }
  }

  private void closeConnection(Pending<Void> pending) {
    statements.values().forEach(SqliteWriter::closeQuietly);
    statements.clear();
    if (connection == null) {
      pending.succeed(null);
      return;
    }
    try {
      connection.close();
      pending.succeed(null);
    } catch (SQLException e) {
      pending.fail(e);
    } finally {
      connection = null;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = file.openForWriting();
    }
    return connection;
  }

  static void rollbackQuietly(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException ignored) {
      // Nothing was open, or SQLite already rolled back.
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
