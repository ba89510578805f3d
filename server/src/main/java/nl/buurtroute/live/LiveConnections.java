package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.guard.WrongCodeGate;
import nl.buurtroute.store.Store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

/**
 * The WebSocket side of the live protocol on one event loop: it takes over upgraded sockets
 * ({@link Connection}), keeps per session the sockets that listen to its broadcasts ({@link SessionFanout})
 * and runs the {@link Heartbeat}, which also holds this loop's connections. It holds no session state of its own.
 */
public final class LiveConnections implements Connection.Hub {
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;
  /** The admission's turn ({@link UpgradeQueue}) while sockets settle or wait: ends expired places and waits. */
  static final long ADMISSION_TICK_MILLIS = 100;
  /** A socket holds its place at most this long: its hello is due at once, its welcome within a join's time. */
  static final long SETTLE_MILLIS = 5_000;

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
  private final UpgradeQueue upgrades;
  /** The places of the sockets that are settling, given back at their welcome or close. */
  private final Map<Connection, UpgradeQueue.Ticket> settling = new IdentityHashMap<>();
  /** The admission's periodic turn while anything settles or waits; -1 when none runs. */
  private long admissionTimer = -1;

  public LiveConnections(Vertx vertx, LiveLimits limits, AddressGuard guard, Store store, OwnerRoute route) {
    this.vertx = vertx;
    this.route = route;
    this.store = store;
    this.limits = limits;
    this.guard = guard;
    this.heartbeat = new Heartbeat(limits.deadAfterMillis());
    this.joinGates = guard.wrongCodeGate((delay, task) -> vertx.setTimer(delay, id -> task.run()));
    this.upgrades = new UpgradeQueue(limits.settlingPerLoop(), TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS),
        TimeUnit.MILLISECONDS.toNanos(limits.upgradeWaitMillis()));
  }

  /** Starts the heartbeat; call once from the owning verticle's context. */
  public void start() {
    vertx.setPeriodic(Math.max(1, limits.heartbeatMillis() / Heartbeat.SLICES), id -> heartbeat.tick());
    vertx.setPeriodic(60_000, id -> guard.sweep());
  }

  /**
   * Upgrades {@code request} to a WebSocket once this loop has room for another settling socket
   * ({@link UpgradeQueue}) and takes the socket over. {@code address}: the client's address for per-address
   * limits; {@code joinBase}: where phones reach this server (for the join links the owner makes), or null.
   * {@code lead}: the client asked to wait ahead of the phones (a console or beamer). {@code busy} answers a
   * request that waited too long (503); {@code failed} runs when the upgrade itself failed (the client went
   * away while it waited).
   */
  public void upgrade(HttpServerRequest request, String address, String joinBase, boolean lead, Runnable busy,
                      Runnable failed) {
    // Held until its turn: the handshake completes on the request's end, which must not be read before it.
    request.pause();
    upgrades.offer(new UpgradeQueue.Upgrade() {
      @Override
      public void start(UpgradeQueue.Ticket ticket) {
        HttpConnection http = request.connection();
        request.toWebSocket()
            .onSuccess(socket -> {
              // The socket may stay open all evening; what its upgrade left behind need not (KiB per phone).
              HandshakeRelease.release(http);
              accept(socket, address, joinBase, ticket);
            })
            .onFailure(e -> {
              release(ticket);
              failed.run();
            });
        request.resume();
      }

      @Override
      public void refuse() {
        busy.run();
      }
    }, System.nanoTime(), lead);
    runAdmission();
  }

  /** Keeps the admission's turn running while sockets settle or wait (it stops itself when none do). */
  private void runAdmission() {
    if (admissionTimer != -1 || upgrades.waiting() == 0 && upgrades.settling() == 0) {
      return;
    }
    admissionTimer = vertx.setPeriodic(ADMISSION_TICK_MILLIS, id -> {
      if (!upgrades.tick(System.nanoTime())) {
        vertx.cancelTimer(id);
        admissionTimer = -1;
      }
    });
  }

  private void settled(Connection connection) {
    UpgradeQueue.Ticket ticket = settling.remove(connection);
    if (ticket != null) {
      release(ticket);
    }
  }

  /** Gives a place back and starts the next waiting upgrade at once, rather than at the admission's next turn. */
  private void release(UpgradeQueue.Ticket ticket) {
    ticket.settled();
    upgrades.startWaiting(System.nanoTime());
  }

  /** Takes over an upgraded socket that holds {@code ticket}, its place among the settling ones. */
  private void accept(ServerWebSocket socket, String address, String joinBase, UpgradeQueue.Ticket ticket) {
    if (!guard.admitUngreeted(address, limits.ungreetedPerAddress())) {
      // One address holding this many sockets that never say who they are is an attack, not a room: the
      // honest phones among them get 1013 and their client's backoff brings them back a moment later.
      guard.closeConnection();
      socket.close((short) 1013, "too many unidentified connections from this address");
      release(ticket);
      return;
    }
    address = shared(address, lastAddress);
    lastAddress = address;
    joinBase = shared(joinBase, lastJoinBase);
    lastJoinBase = joinBase;
    Connection connection = new Connection(vertx, socket, address, guard, joinGates, this, connectionNumbers++, joinBase);
    heartbeat.add(connection);
    settling.put(connection, ticket);
    connection.expectHelloWithin(limits.helloMillis());
  }

  /** Tells every client the server restarts (they reconnect and resume), then closes. */
  public void closeAll(short code, String reason) {
    heartbeat.connections().forEach(c -> c.socket().close(code, reason));
  }

  @Override
  public void welcomed(Connection connection) {
    settled(connection);
    String sessionId = connection.identity().sessionId();
    sessions.computeIfAbsent(sessionId, id -> new SessionFanout(vertx, route, id, () -> sessions.remove(id))).add(connection);
  }

  @Override
  public void closed(Connection connection) {
    if (!heartbeat.remove(connection)) {
      return;
    }
    settled(connection);
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
