package nl.buurtroute.live;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The connections of one event loop: pings each and cuts off those that stopped answering. Each tick visits one
 * slice of the connections, so 5,000 pings never leave at once and stall the loop in the middle of a vote.
 * The connections are kept per slice (by their number), so a tick touches only its own tenth: walking all
 * 5,000 each tick to pick one in ten was most of the heartbeat's cost on a loop at 10,000 phones (issue 17).
 */
final class Heartbeat {
  static final int SLICES = 10;
  private static final Buffer PING = Buffer.buffer("hb");

  private final List<Set<Connection>> slices = new ArrayList<>(SLICES);
  private final long deadAfterMillis;
  private long tick;

  Heartbeat(long deadAfterMillis) {
    this.deadAfterMillis = deadAfterMillis;
    for (int i = 0; i < SLICES; i++) {
      slices.add(new HashSet<>());
    }
  }

  void add(Connection connection) {
    sliceOf(connection).add(connection);
  }

  /** Whether it was here (a connection is removed once, however often its close is reported). */
  boolean remove(Connection connection) {
    return sliceOf(connection).remove(connection);
  }

  /** Every connection of this loop, as a copy (closing them changes the slices). */
  List<Connection> connections() {
    List<Connection> all = new ArrayList<>();
    slices.forEach(all::addAll);
    return all;
  }

  private Set<Connection> sliceOf(Connection connection) {
    return slices.get((int) (connection.number() % SLICES));
  }

  void tick() {
    long now = System.currentTimeMillis();
    Set<Connection> slice = slices.get((int) (tick++ % SLICES));
    List<Connection> dead = new ArrayList<>();
    for (Connection connection : slice) {
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
