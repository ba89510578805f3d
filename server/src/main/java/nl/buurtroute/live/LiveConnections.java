package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.guard.WrongCodeGate;
import nl.buurtroute.store.Store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The WebSocket side of the live protocol on one event loop: it takes over upgraded sockets
 * ({@link Connection}), keeps per session the sockets that listen to its broadcasts ({@link SessionFanout})
 * and runs the {@link Heartbeat}, which also holds this loop's connections. It holds no session state of its own.
 */
public final class LiveConnections implements Connection.Hub {
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final Store store;
  private final OwnerRoute route;
  private final LiveLimits limits;
  private final AddressGuard guard;
  private final Map<String, SessionFanout> sessions = new HashMap<>();
  private final Heartbeat heartbeat;
  private long connectionNumbers;
  /**
   * The last client address and join base seen, to share one string between the connections that have the same:
   * a room behind one Wi-Fi shares its address and every phone its join base, and each connection holds both
   * for hours (about 130 bytes a connection otherwise). This hub runs on one event loop, so no locking.
   */
  private String lastAddress;
  private String lastJoinBase;
  private final WrongCodeGate joinGates;

  public LiveConnections(Vertx vertx, LiveLimits limits, AddressGuard guard, Store store, OwnerRoute route) {
    this.vertx = vertx;
    this.route = route;
    this.store = store;
    this.limits = limits;
    this.guard = guard;
    this.heartbeat = new Heartbeat(limits.deadAfterMillis());
    this.joinGates = guard.wrongCodeGate((delay, task) -> vertx.setTimer(delay, id -> task.run()));
  }

  /** Starts the heartbeat; call once from the owning verticle's context. */
  public void start() {
    vertx.setPeriodic(Math.max(1, limits.heartbeatMillis() / Heartbeat.SLICES), id -> heartbeat.tick());
    vertx.setPeriodic(60_000, id -> guard.sweep());
  }

  /** Takes over an upgraded socket; {@code address} is the client's address for per-address limits. */
  public void accept(ServerWebSocket socket, String address) {
    accept(socket, address, null);
  }

  /** {@code joinBase}: where phones reach this server (for the join links the owner makes), or null. */
  public void accept(ServerWebSocket socket, String address, String joinBase) {
    if (!guard.admitUngreeted(address, limits.ungreetedPerAddress())) {
      // One address holding this many sockets that never say who they are is an attack, not a room: the
      // honest phones among them get 1013 and their client's backoff brings them back a moment later.
      guard.closeConnection();
      socket.close((short) 1013, "too many unidentified connections from this address");
      return;
    }
    address = shared(address, lastAddress);
    lastAddress = address;
    joinBase = shared(joinBase, lastJoinBase);
    lastJoinBase = joinBase;
    Connection connection = new Connection(vertx, socket, address, guard, joinGates, this, connectionNumbers++, joinBase);
    heartbeat.add(connection);
    connection.expectHelloWithin(limits.helloMillis());
  }

  /** Tells every client the server restarts (they reconnect and resume), then closes. */
  public void closeAll(short code, String reason) {
    heartbeat.connections().forEach(c -> c.socket().close(code, reason));
  }

  @Override
  public void welcomed(Connection connection) {
    String sessionId = connection.identity().sessionId();
    sessions.computeIfAbsent(sessionId, id -> new SessionFanout(vertx, route, id, () -> sessions.remove(id))).add(connection);
  }

  @Override
  public void closed(Connection connection) {
    if (!heartbeat.remove(connection)) {
      return;
    }
    guard.closeConnection();
    if (connection.identity() == null) {
      return;
    }
    SessionFanout fanout = sessions.get(connection.identity().sessionId());
    if (fanout != null) {
      fanout.remove(connection);
    }
  }

  @Override
  public OwnerRoute route() {
    return route;
  }

  @Override
  public Future<Boolean> isOpen(String sessionId, String joinCode) {
    return sessionId == null
        ? store.findOpenSessionByJoinCode(joinCode).map(Optional::isPresent)
        : store.findSession(sessionId).map(row -> row.isPresent() && !"finished".equals(row.get().status()));
  }

  private static String shared(String text, String last) {
    return text != null && text.equals(last) ? last : text;
  }

  /** Over 64 KiB of UTF-8; the cheap char count settles most frames without encoding them. */
  static boolean tooLarge(String text) {
    if (text.length() > MAX_MESSAGE_BYTES) {
      return true;
    }
    return text.length() * 3 > MAX_MESSAGE_BYTES && text.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES;
  }
}
