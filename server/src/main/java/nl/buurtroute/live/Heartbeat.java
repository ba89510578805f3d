package nl.buurtroute.live;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Pings every connection of one event loop and cuts off those that stopped answering. Each tick visits a
 * slice of the connections, so 5,000 pings never leave at once and stall the loop in the middle of a vote.
 */
final class Heartbeat {
  static final int SLICES = 10;
  private static final Buffer PING = Buffer.buffer("hb");

  private final Collection<Connection> connections;
  private final long deadAfterMillis;
  private long tick;

  Heartbeat(Collection<Connection> connections, long deadAfterMillis) {
    this.connections = connections;
    this.deadAfterMillis = deadAfterMillis;
  }

  void tick() {
    long now = System.currentTimeMillis();
    int slice = (int) (tick++ % SLICES);
    List<Connection> dead = new ArrayList<>();
    for (Connection connection : connections) {
      if (connection.number() % SLICES != slice) {
        continue;
      }
      if (now - connection.lastSeen() > deadAfterMillis) {
        dead.add(connection);
      } else {
        connection.socket().writePing(PING);
      }
    }
    for (Connection connection : dead) {
      // Count it gone now: a half-open peer may never answer the close, and presence must stay true.
      connection.onClose();
      connection.socket().close((short) 1001, "no heartbeat");
    }
  }
}
