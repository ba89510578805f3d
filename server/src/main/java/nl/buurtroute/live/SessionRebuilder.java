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
import java.util.function.Supplier;

/**
 * Rebuilds sessions from the store with bounded memory: a few sessions at a time, and each one's events read
 * page by page and folded into the session as they come, never a whole history at once. Loading every event of
 * every open session at once (a thousand rooms and one hall of 150,000 events) held them all in memory together
 * and asked the store for all of them in the same moment. The same limit holds for a restart and for a cluster
 * member that takes over the sessions of a member that left: one instance per server, used on the session
 * manager's context only.
 */
final class SessionRebuilder {
  /** Events read per query; a page is folded and dropped before the next is read. */
  static final int PAGE = 2_000;
  /**
   * Sessions read at once: enough to keep the store's connections busy (a takeover of 500 small sessions read
   * four at a time took 8 s), few enough that memory holds only their pages (8 × 2,000 events).
   */
  static final int CONCURRENCY = 8;

  /**
   * A session as the store has it, with its last event's seq and the time of its last activity (where the idle
   * clock starts): the last event that is not an {@code ownerChanged}, as a session that moves to another member
   * keeps its idle deadline.
   */
  record Rebuilt(Session session, long lastSeq, Instant lastAt) {
  }

  private final Store store;
  /** Rebuilds waiting for one of the {@link #CONCURRENCY} places, in the order they were asked for. */
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int running;
  private boolean starting;

  SessionRebuilder(Store store) {
    this.store = store;
  }

  /**
   * Runs {@code rebuildOne} when fewer than {@link #CONCURRENCY} rebuilds run, else once one of them is done.
   * Every rebuild of this server (restart, takeover, hand-over) goes through here, so they share the limit.
   */
  <R> Future<R> limited(Supplier<Future<R>> rebuildOne) {
    Promise<R> done = Promise.promise();
    waiting.add(() -> {
      Future<R> one;
      try {
        one = rebuildOne.get();
      } catch (RuntimeException e) {
        one = Future.failedFuture(e);
      }
      one.onComplete(ar -> {
        running--;
        startWaiting();
        done.handle(ar);
      });
    });
    startWaiting();
    return done.future();
  }

  private void startWaiting() {
    if (starting) {
      // A rebuild that completed at once, inside the loop below: the loop goes on, without a deeper stack.
      return;
    }
    starting = true;
    try {
      while (running < CONCURRENCY && !waiting.isEmpty()) {
        running++;
        waiting.poll().run();
      }
    } finally {
      starting = false;
    }
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
          if (!(event instanceof SessionEvent.OwnerChanged)) {
            at = stored.at();
          }
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
