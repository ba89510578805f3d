package nl.buurtroute.live;

import io.vertx.core.Vertx;
import nl.buurtroute.guard.AddressGuard;

/**
 * The time a new WebSocket has to say who it is, and its place among its address's not-yet-welcomed
 * sockets. A socket that never says who it is would otherwise hold a connection slot for ever; one that is
 * welcomed or closes gives its place back, once. A socket whose greeting was on its way at the deadline and
 * was then answered "try again" (a busy server, a session moving between members) did say who it is: it may
 * {@link #extend} its time a few times, so a crowd joining a busy server is not cut off for the server's delay.
 */
final class HelloDeadline {
  static final int MAX_EXTENSIONS = 3;

  private final Vertx vertx;
  private final AddressGuard guard;
  private final String address;
  private final long millis;
  private final Runnable expired;
  private long timer = -1;
  private boolean running = true;
  private int extensions;

  /** Call only for a socket that {@link AddressGuard#admitUngreeted} admitted; {@code millis} 0 = no deadline. */
  HelloDeadline(Vertx vertx, AddressGuard guard, String address, long millis, Runnable expired) {
    this.vertx = vertx;
    this.guard = guard;
    this.address = address;
    this.millis = millis;
    this.expired = expired;
    arm();
  }

  private void arm() {
    if (millis > 0) {
      timer = vertx.setTimer(millis, id -> {
        timer = -1;
        if (running) {
          expired.run();
        }
      });
    }
  }

  /**
   * After the deadline passed: starts the clock once more, at most {@link #MAX_EXTENSIONS} times, so a socket
   * that keeps being answered "try again" still ends; false when none is left (the caller closes).
   */
  boolean extend() {
    if (!running || timer >= 0 || extensions >= MAX_EXTENSIONS) {
      return false;
    }
    extensions++;
    arm();
    return true;
  }

  /** Welcomed or closed: stops the clock and frees the address's place; later calls do nothing. */
  void end() {
    if (!running) {
      return;
    }
    running = false;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    guard.ungreetedLeft(address);
  }
}
