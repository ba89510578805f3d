package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import nl.buurtroute.content.Content;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.StoredEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;

/**
 * Rebuilds sessions from the store after a restart with bounded memory: a few sessions at a time, and each
 * one's events read page by page and folded into the session as they come, never a whole history at once.
 * Loading every event of every open session at once (a thousand rooms and one hall of 150,000 events) held
 * them all in memory together and asked the store for all of them in the same moment.
 */
final class SessionRebuilder {
  /** Events read per query; a page is folded and dropped before the next is read. */
  static final int PAGE = 2_000;
  /** Sessions rebuilt at once: enough to keep the store busy, few enough that memory holds only their pages. */
  static final int CONCURRENCY = 4;

  /** A session as the store has it, with its last event's seq and time (where the idle clock starts). */
  record Rebuilt(Session session, long lastSeq, Instant lastAt) {
  }

  private final Store store;

  SessionRebuilder(Store store) {
    this.store = store;
  }

  /**
   * Takes the items one by one, at most {@link #CONCURRENCY} at once; {@code rebuildOne} rebuilds and deploys
   * one of them. Completes when all are done; fails with the first failure, after the others finished.
   */
  <T> Future<Void> each(Collection<T> items, Function<T, Future<?>> rebuildOne) {
    Queue<T> queue = new ArrayDeque<>(items);
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < Math.min(CONCURRENCY, items.size()); i++) {
      workers.add(work(queue, rebuildOne, null));
    }
    return Future.all(workers).mapEmpty();
  }

  private <T> Future<Void> work(Queue<T> queue, Function<T, Future<?>> rebuildOne, Throwable firstFailure) {
    T next = queue.poll();
    if (next == null) {
      return firstFailure == null ? Future.succeededFuture() : Future.failedFuture(firstFailure);
    }
    return rebuildOne.apply(next).transform(ar -> work(queue, rebuildOne,
        firstFailure != null ? firstFailure : ar.failed() ? ar.cause() : null));
  }

  /** One session, folded from its events page by page. */
  Future<Rebuilt> rebuild(String sessionId, Content content) {
    Promise<Rebuilt> done = Promise.promise();
    readFrom(sessionId, content, null, 0, null, done);
    return done.future();
  }

  private void readFrom(String sessionId, Content content, Session session, long afterSeq, Instant lastAt,
                        Promise<Rebuilt> done) {
    store.events(sessionId, afterSeq, PAGE).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      List<StoredEvent> page = ar.result();
      Session folded = session;
      long seq = afterSeq;
      Instant at = lastAt;
      try {
        for (StoredEvent stored : page) {
          SessionEvent event = EventJson.fromJson(stored.type(), stored.json());
          if (folded == null) {
            if (!(event instanceof SessionEvent.SessionCreated created)) {
              throw new IllegalStateException("session " + sessionId + " does not start with a created event");
            }
            folded = Session.create(sessionId, content, created);
          } else {
            folded.apply(event);
          }
          seq = stored.seq();
          at = stored.at();
        }
      } catch (RuntimeException e) {
        done.fail(e);
        return;
      }
      if (page.size() == PAGE) {
        readFrom(sessionId, content, folded, seq, at, done);
      } else if (folded == null) {
        done.fail(new IllegalStateException("session " + sessionId + " has no events"));
      } else {
        done.complete(new Rebuilt(folded, seq, at));
      }
    });
  }
}
