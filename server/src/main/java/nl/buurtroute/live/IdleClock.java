package nl.buurtroute.live;

import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * When an open session has been without activity long enough to end by itself. Activity is a stored event;
 * after a restart the clock starts from the last stored event's time, so a server that restarts every day
 * still ends a session nobody touched for two days. One timer per session, set for the earliest possible end
 * and moved on only when it fires: recording an event costs one assignment, not a new timer.
 */
final class IdleClock {
  private final Vertx vertx;
  private final long idleMillis;
  private final Runnable onIdle;
  private long lastActivity;
  private long timer = -1;
  private boolean stopped;

  IdleClock(Vertx vertx, Duration idle, long lastActivityMillis, Runnable onIdle) {
    this.vertx = vertx;
    this.idleMillis = idle.toMillis();
    this.lastActivity = lastActivityMillis;
    this.onIdle = onIdle;
  }

  void start() {
    arm();
  }

  /** Something was stored now (or at {@code atMillis}). */
  void activity(long atMillis) {
    lastActivity = Math.max(lastActivity, atMillis);
  }

  void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void arm() {
    if (stopped) {
      return;
    }
    long wait = lastActivity + idleMillis - System.currentTimeMillis();
    timer = vertx.setTimer(Math.max(1, wait), id -> {
      timer = -1;
      if (stopped) {
        return;
      }
      if (System.currentTimeMillis() - lastActivity >= idleMillis) {
        onIdle.run();
      } else {
        arm();
      }
    });
  }
}
