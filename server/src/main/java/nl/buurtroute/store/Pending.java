package nl.buurtroute.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The promise of one store call, completed back on the caller's context: results are produced on the
 * store's own threads (or a pooled connection's), and the caller's callbacks must not run there.
 */
final class Pending<T> {

  private final Context context;
  private final Promise<T> promise = Promise.promise();

  Pending(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  Future<T> future() {
    return promise.future();
  }

  void succeed(T value) {
    context.runOnContext(v -> promise.complete(value));
  }

  void fail(Throwable error) {
    context.runOnContext(v -> promise.fail(error));
  }
}
