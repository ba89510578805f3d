package nl.buurtroute.live;

import io.vertx.core.Vertx;
import nl.buurtroute.guard.AddressGuard;

/**
 * The time a new WebSocket has to say who it is, and its place among its address's not-yet-welcomed
 * sockets. A socket that never says who it is would otherwise hold a connection slot for ever; one that is
 * welcomed or closes gives its place back, once.
 */
final class HelloDeadline {
  private final Vertx vertx;
  private final AddressGuard guard;
  private final String address;
  private long timer = -1;
  private boolean running = true;

  /** Call only for a socket that {@link AddressGuard#admitUngreeted} admitted; {@code millis} 0 = no deadline. */
  HelloDeadline(Vertx vertx, AddressGuard guard, String address, long millis, Runnable expired) {
    this.vertx = vertx;
    this.guard = guard;
    this.address = address;
    if (millis > 0) {
      timer = vertx.setTimer(millis, id -> {
        timer = -1;
        if (running) {
          expired.run();
        }
      });
    }
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
