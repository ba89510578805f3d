package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import nl.buurtroute.store.Store.StoredEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Group commit of appends on PostgreSQL. At most one append transaction is in flight; appends that arrive
 * meanwhile queue up, and the next transaction takes all of them (up to {@value #MAX_GROUP}) in one
 * {@code executeBatch}: one commit, and so one WAL flush, for all. Should that batch fail (a seq conflict in
 * one append), it is rolled back and the group is written again in one transaction with a savepoint per
 * append, so that only the offending append fails.
 */
final class PostgresAppender {

  static final int MAX_GROUP = 1000;

  private record QueuedAppend(String sessionId, List<Tuple> rows, Pending<Void> pending) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final String insertEvent;
  private final WriteStats stats;

  // Guarded by this.
  private final ArrayDeque<QueuedAppend> queue = new ArrayDeque<>();
  private boolean writing;
  private boolean stopped;
  private final Promise<Void> drained = Promise.promise();

  PostgresAppender(Vertx vertx, Pool pool, String insertEvent, WriteStats stats) {
    this.vertx = vertx;
    this.pool = pool;
    this.insertEvent = insertEvent;
    this.stats = stats;
  }

  Future<Void> append(List<StoredEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(events.size());
    for (StoredEvent e : events) {
      rows.add(Tuple.of(e.sessionId(), e.seq(), e.type(), e.json(), PostgresStore.timestamp(e.at())));
    }
    QueuedAppend append = new QueuedAppend(events.get(0).sessionId(), rows, new Pending<>(vertx));
    boolean start;
    synchronized (this) {
      if (stopped) {
        return Future.failedFuture(new StoreClosedException("postgresql"));
      }
      queue.add(append);
      start = !writing;
      writing = true;
    }
    if (start) {
      writeNextGroup();
    }
    return append.pending().future();
  }

  /** Refuses new appends; completes when the queued ones are written. */
  Future<Void> stop() {
    boolean idle;
    synchronized (this) {
      stopped = true;
      idle = !writing;
    }
    if (idle) {
      drained.tryComplete();
    }
    return drained.future();
  }

  /** Writes what has queued up, then looks again; stops when the queue is empty. */
  private void writeNextGroup() {
    List<QueuedAppend> group = new ArrayList<>();
    boolean drainedForStop = false;
    synchronized (this) {
      while (group.size() < MAX_GROUP && !queue.isEmpty()) {
        group.add(queue.poll());
      }
      if (group.isEmpty()) {
        writing = false;
        drainedForStop = stopped;
      }
    }
    if (group.isEmpty()) {
      if (drainedForStop) {
        drained.tryComplete();
      }
      return;
    }
    writeGroup(group).onComplete(ar -> writeNextGroup());
  }

  /** Completes every append of the group, each with its own outcome; the returned future never fails. */
  private Future<Void> writeGroup(List<QueuedAppend> group) {
    List<Tuple> rows = new ArrayList<>();
    group.forEach(append -> rows.addAll(append.rows()));
    long start = System.nanoTime();
    return pool.withTransaction(conn -> conn.preparedQuery(insertEvent).executeBatch(rows))
        .<Void>map(done -> {
          stats.committed(rows.size(), System.nanoTime() - start);
          group.forEach(append -> append.pending().succeed(null));
          return null;
        })
        .recover(error -> {
          if (group.size() == 1) {
            QueuedAppend only = group.get(0);
            only.pending().fail(SqlErrors.forAppend(error, only.sessionId()));
            return Future.succeededFuture();
          }
          return writeOneByOne(group);
        });
  }

  /**
   * The slow path after a failed batch: one transaction, one savepoint per append. The transaction is begun
   * and committed by hand: the client's own transactions roll back at the first failed statement, savepoint
   * or not.
   */
  private Future<Void> writeOneByOne(List<QueuedAppend> group) {
    Throwable[] failures = new Throwable[group.size()];
    long start = System.nanoTime();
    return pool.withConnection(conn -> inTransaction(conn, () -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < group.size(); i++) {
        int index = i;
        chain = chain
            .compose(v -> conn.query("SAVEPOINT op").execute())
            .compose(v -> conn.preparedQuery(insertEvent).executeBatch(group.get(index).rows()))
            .compose(v -> conn.query("RELEASE SAVEPOINT op").execute().<Void>mapEmpty(), error -> {
              failures[index] = error;
              return conn.query("ROLLBACK TO SAVEPOINT op").execute().mapEmpty();
            });
      }
      return chain;
    })).transform(ar -> {
      if (ar.failed()) {
        group.forEach(append -> append.pending().fail(ar.cause()));
        return Future.succeededFuture();
      }
      int events = 0;
      for (int i = 0; i < group.size(); i++) {
        QueuedAppend append = group.get(i);
        if (failures[i] == null) {
          events += append.rows().size();
          append.pending().succeed(null);
        } else {
          append.pending().fail(SqlErrors.forAppend(failures[i], append.sessionId()));
        }
      }
      stats.committed(events, System.nanoTime() - start);
      return Future.succeededFuture();
    });
  }

  private static Future<Void> inTransaction(SqlConnection conn, Supplier<Future<Void>> body) {
    return conn.query("BEGIN").execute()
        .compose(v -> body.get())
        .compose(v -> conn.query("COMMIT").execute().<Void>mapEmpty(),
            error -> conn.query("ROLLBACK").execute().transform(ignored -> Future.failedFuture(error)));
  }
}
