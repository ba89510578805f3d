package nl.buurtroute.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import nl.buurtroute.store.Store;

import java.util.concurrent.TimeUnit;

/**
 * Whether the store takes writes, for {@code /health} and {@code /ready}: a real write of one small row
 * ({@link Store#ping()}), so a full disk or a read-only store answers 503 instead of "ok". A probe that does
 * not commit within {@link #TIMEOUT_MILLIS} counts as failed. One success stands for {@link #FRESH_MILLIS},
 * and checks that come while a probe is under way share it, so a monitor polling every few milliseconds
 * costs at most a few writes a second. Shared by every HTTP verticle of the server.
 */
public final class HealthProbe {
  static final long FRESH_MILLIS = 1_000;
  static final long TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  private final Store store;
  private long okUntilNanos = System.nanoTime();
  private Future<Void> running;

  public HealthProbe(Vertx vertx, Store store) {
    this.vertx = vertx;
    this.store = store;
  }

  public synchronized Future<Void> check() {
    if (System.nanoTime() - okUntilNanos < 0) {
      return Future.succeededFuture();
    }
    if (running == null) {
      Promise<Void> outcome = Promise.promise();
      long timer = vertx.setTimer(TIMEOUT_MILLIS, id -> outcome.tryFail("the store did not commit within "
          + TIMEOUT_MILLIS + " ms"));
      store.ping().onComplete(done -> {
        vertx.cancelTimer(timer);
        if (done.succeeded()) {
          outcome.tryComplete();
        } else {
          outcome.tryFail(done.cause());
        }
      });
      Future<Void> probe = outcome.future();
      running = probe;
      probe.onComplete(done -> finished(probe, done.succeeded()));
    }
    return running;
  }

  private synchronized void finished(Future<Void> probe, boolean ok) {
    if (ok) {
      okUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS);
    }
    if (running == probe) {
      running = null;
    }
  }
}
