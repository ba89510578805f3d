package nl.buurtroute.live;

import io.vertx.core.Vertx;
import nl.buurtroute.session.Session;

import java.util.function.LongSupplier;

/**
 * The timer behind a timed vote. The moment itself lives in the session's events ({@code votingOpened}'s
 * {@code endsAt}), so whichever owner builds the session (at start, after a restart, after a rebuild from
 * the store, or another cluster member taking over) arms it again with {@link #arm}; a moment that passed
 * while no owner ran fires at once. The owner decides what "close" means; this class only says when.
 */
final class VotingClock {
  private final Vertx vertx;
  private final LongSupplier now;
  private final Runnable expired;
  private long timerId = -1;

  VotingClock(Vertx vertx, LongSupplier now, Runnable expired) {
    this.vertx = vertx;
    this.now = now;
    this.expired = expired;
  }

  /** Follows the session's current deadline: none, or a new one (a reopened vote replaces the old timer). */
  void arm(Session session) {
    cancel();
    Long endsAt = session.votingEndsAt();
    if (endsAt == null) {
      return;
    }
    long delay = Math.max(1, endsAt - now.getAsLong());
    timerId = vertx.setTimer(delay, id -> {
      timerId = -1;
      expired.run();
    });
  }

  void cancel() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
