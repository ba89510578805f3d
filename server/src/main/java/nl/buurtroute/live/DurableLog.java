package nl.buurtroute.live;

import io.vertx.core.Context;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.StoredEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The events one session owner has applied and the store has not yet confirmed, with what to do once it
 * has. At most one write per session is in flight; events that arrive meanwhile form the next batch, so a
 * room voting at once costs a handful of commits. Runs on the owner's context only.
 */
final class DurableLog {
  /**
   * A session starts a write at most this often. An idle session writes at once; in a busy room the votes of
   * these milliseconds share one commit (one fsync) instead of a commit for every two votes (issue 8).
   */
  static final long MIN_WRITE_GAP_MILLIS = 10;

  private final Store store;
  private final Context owner;
  private final String sessionId;
  private final Consumer<Throwable> onWriteFailed;
  private long lastSeq;
  private List<StoredEvent> pending = new ArrayList<>();
  private List<Callback> pendingCallbacks = new ArrayList<>();
  private List<Callback> inFlightCallbacks;
  private long lastWriteStarted = System.nanoTime() - MIN_WRITE_GAP_MILLIS * 1_000_000;
  private boolean writeTimerSet;

  private record Callback(Runnable durable, Runnable lost) {
  }

  DurableLog(Store store, Context owner, String sessionId, long lastSeq, Consumer<Throwable> onWriteFailed) {
    this.store = store;
    this.owner = owner;
    this.sessionId = sessionId;
    this.lastSeq = lastSeq;
    this.onWriteFailed = onWriteFailed;
  }

  /** Queues an event the owner has just applied. */
  void add(SessionEvent event) {
    pending.add(new StoredEvent(sessionId, ++lastSeq, EventJson.typeOf(event), EventJson.toJson(event), Instant.now()));
  }

  /** Runs {@code durable} once everything added so far is committed (at once if it is), else {@code lost}. */
  void whenDurable(Runnable durable, Runnable lost) {
    Callback callback = new Callback(durable, lost);
    if (!pending.isEmpty()) {
      pendingCallbacks.add(callback);
    } else if (inFlightCallbacks != null) {
      inFlightCallbacks.add(callback);
    } else {
      durable.run();
    }
  }

  /** Starts writing the pending batch unless a write is already in flight. */
  void flush() {
    if (inFlightCallbacks != null || pending.isEmpty() || writeTimerSet) {
      return;
    }
    long now = System.nanoTime();
    long waitMillis = (lastWriteStarted + MIN_WRITE_GAP_MILLIS * 1_000_000 - now) / 1_000_000;
    if (waitMillis > 0) {
      writeTimerSet = true;
      owner.owner().setTimer(waitMillis, id -> {
        writeTimerSet = false;
        flush();
      });
      return;
    }
    lastWriteStarted = now;
    List<StoredEvent> batch = pending;
    inFlightCallbacks = pendingCallbacks;
    pending = new ArrayList<>();
    pendingCallbacks = new ArrayList<>();
    store.append(batch).onComplete(ar -> owner.runOnContext(v -> {
      List<Callback> done = inFlightCallbacks;
      inFlightCallbacks = null;
      if (ar.succeeded()) {
        done.forEach(c -> c.durable().run());
        flush();
        return;
      }
      // Memory is now ahead of the store: everything not yet confirmed is lost, and the owner starts
      // again from the store, which is the truth.
      done.forEach(c -> c.lost().run());
      pendingCallbacks.forEach(c -> c.lost().run());
      pending = new ArrayList<>();
      pendingCallbacks = new ArrayList<>();
      onWriteFailed.accept(ar.cause());
    }));
  }

  /** After the owner rebuilt its session from the store. */
  void restartAt(long seq) {
    lastSeq = seq;
  }
}
