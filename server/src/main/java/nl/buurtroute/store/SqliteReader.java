package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reads of the SQLite file on a thread and connection of their own, so that they never queue behind the
 * writer: in WAL mode a reader sees the last commit without waiting for the writer's lock.
 */
final class SqliteReader {

  /** One read, run on the reader thread with its connection. */
  @FunctionalInterface
  interface Query<T> {
    T run(Connection connection) throws Exception;
  }

  private final Vertx vertx;
  private final SqliteFile file;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "buurtroute-sqlite-reader");
    t.setDaemon(true);
    return t;
  });
  // Confined to the reader thread.
  private Connection connection;

  SqliteReader(Vertx vertx, SqliteFile file) {
    this.vertx = vertx;
    this.file = file;
  }

  <T> Future<T> read(Query<T> query) {
    Pending<T> pending = new Pending<>(vertx);
    try {
      thread.execute(() -> {
        try {
          pending.succeed(query.run(connection()));
        } catch (Exception e) {
          pending.fail(e);
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new StoreClosedException("sqlite"));
    }
    return pending.future();
  }

  /** Reads queued before still run; then the connection closes and new reads fail with StoreClosedException. */
  Future<Void> close() {
    Pending<Void> pending = new Pending<>(vertx);
    try {
      thread.execute(() -> {
        try {
          if (connection != null) {
            connection.close();
            connection = null;
          }
          pending.succeed(null);
        } catch (SQLException e) {
          pending.fail(e);
        }
      });
      thread.shutdown();
    } catch (RejectedExecutionException e) {
      return Future.succeededFuture();
    }
    return pending.future();
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = file.openForReading();
    }
    return connection;
  }
}
