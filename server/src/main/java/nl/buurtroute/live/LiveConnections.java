package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.guard.GuardSettings;
import nl.buurtroute.guard.TokenBucket;
import nl.buurtroute.ops.Metrics;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.Store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSocket side of the live protocol, one per event loop: it turns frames into requests to session
 * owners and the owners' replies and broadcasts into frames. It holds no session state of its own, only
 * which of its sockets belong to which session, so it can write a broadcast once per socket.
 */
public final class LiveConnections {
  private static final long REQUEST_TIMEOUT_MILLIS = 10_000;
  /** Messages a client may send before its join/resume is answered; more is a misbehaving client. */
  private static final int MAX_QUEUED_BEFORE_WELCOME = 32;

  /** A client that cannot take its frames this long after its queue filled is cut off (it can resume). */
  private static final short CLOSE_TOO_SLOW = 4002;
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;
  private static final int MAX_DROPPED_IN_A_ROW = 200;
  private static final int HEARTBEAT_SLICES = 10;
  private static final Buffer PING = Buffer.buffer("hb");
  /** A broadcast is written to this many sockets per turn of the loop, so votes get in between. */
  private static final int BROADCAST_SLICE = 500;

  private final Vertx vertx;
  /** Asked only when no owner answers: is the session gone, or on its way to another server? */
  private final Store store;
  private final LiveLimits limits;
  private final AddressGuard guard;
  private final GuardSettings guardSettings;
  private final Map<String, SessionSockets> sessions = new HashMap<>();
  private final Set<Connection> all = new HashSet<>();
  private long heartbeatTick;
  private long connectionNumbers;

  public LiveConnections(Vertx vertx, LiveLimits limits, AddressGuard guard, Store store) {
    this.vertx = vertx;
    this.store = store;
    this.limits = limits;
    this.guard = guard;
    this.guardSettings = guard.settings();
  }

  /** Starts the heartbeat; call once from the owning verticle's context. */
  public void start() {
    // The heartbeat visits a slice of the connections per tick, so 5,000 pings never leave at once and
    // stall the loop in the middle of a vote.
    vertx.setPeriodic(Math.max(1, limits.heartbeatMillis() / HEARTBEAT_SLICES), id -> heartbeat());
    vertx.setPeriodic(60_000, id -> guard.sweep());
  }

  /** Takes over an upgraded socket; {@code address} is the client's address for per-address limits. */
  public void accept(ServerWebSocket socket, String address) {
    Connection connection = new Connection(socket, address);
    socket.setWriteQueueMaxSize(guardSettings.writeQueueBytes());
    all.add(connection);
    socket.textMessageHandler(connection::onFrame);
    socket.binaryMessageHandler(b -> connection.onFrame(null));
    socket.pongHandler(b -> connection.lastSeen = System.currentTimeMillis());
    socket.closeHandler(v -> connection.onClose());
    socket.exceptionHandler(e -> socket.close());
  }

  /** Tells every client the server restarts (they reconnect and resume), then closes. */
  public void closeAll(short code, String reason) {
    new ArrayList<>(all).forEach(c -> c.socket.close(code, reason));
  }

  private void heartbeat() {
    long now = System.currentTimeMillis();
    int slice = (int) (heartbeatTick++ % HEARTBEAT_SLICES);
    List<Connection> dead = new ArrayList<>();
    for (Connection connection : all) {
      if (connection.number % HEARTBEAT_SLICES != slice) {
        continue;
      }
      if (now - connection.lastSeen > limits.deadAfterMillis()) {
        dead.add(connection);
      } else {
        connection.socket.writePing(PING);
      }
    }
    for (Connection connection : dead) {
      // Count it gone now: a half-open peer may never answer the close, and presence must stay true.
      connection.onClose();
      connection.socket.close((short) 1001, "no heartbeat");
    }
  }

  /** Over 64 KiB of UTF-8; the cheap char count settles most frames without encoding them. */
  static boolean tooLarge(String text) {
    if (text.length() > MAX_MESSAGE_BYTES) {
      return true;
    }
    return text.length() * 3 > MAX_MESSAGE_BYTES
        && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES;
  }

  // ---- sockets per session ----

  private static final class Broadcast {
    final List<Connection> targets;
    final byte[] utf8;
    int next;

    Broadcast(List<Connection> targets, byte[] utf8) {
      this.targets = targets;
      this.utf8 = utf8;
    }
  }

  private final class SessionSockets {
    final String sessionId;
    final MessageConsumer<Bus.Outbound> consumer;
    final List<Connection> facilitators = new ArrayList<>();
    final Map<String, Connection> participants = new HashMap<>();
    final ArrayDeque<Broadcast> broadcasts = new ArrayDeque<>();

    SessionSockets(String sessionId) {
      this.sessionId = sessionId;
      this.consumer = vertx.eventBus().consumer(Bus.out(sessionId), this::onOutbound);
    }

    void onOutbound(Message<Bus.Outbound> message) {
      Bus.Outbound out = message.body();
      switch (out.audience()) {
        case PARTICIPANTS -> broadcast(new ArrayList<>(participants.values()), out.frame());
        case FACILITATORS -> broadcast(new ArrayList<>(facilitators), out.frame());
        case ROLL_CALL -> {
          if (!participants.isEmpty()) {
            vertx.eventBus().send(Bus.session(sessionId), new Bus.Present(new ArrayList<>(participants.keySet())));
          }
        }
        case EVERYONE -> {
          // The session moved to another server; reconnecting and resuming brings each socket to its new owner.
          List<Connection> everyone = new ArrayList<>(participants.values());
          everyone.addAll(facilitators);
          everyone.forEach(c -> c.socket.close((short) 1012, "session moved"));
        }
        case ONE -> {
          Connection target = participants.get(out.participantId());
          if (target != null) {
            target.send(out.frame());
            if (out.close()) {
              target.identity = null;
              participants.remove(out.participantId());
              target.socket.close((short) 4000, "removed");
            }
          }
        }
      }
    }

    /**
     * Writes one frame, encoded once, to the connections that were here when it arrived. Large audiences
     * are written a slice per turn of the loop; later broadcasts wait their turn, so each connection still
     * gets the session's frames in order.
     */
    void broadcast(List<Connection> targets, String frame) {
      byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
      broadcasts.add(new Broadcast(targets, utf8));
      if (broadcasts.size() == 1) {
        writeBroadcasts();
      }
    }

    private void writeBroadcasts() {
      Broadcast current = broadcasts.peek();
      if (current == null) {
        return;
      }
      int end = Math.min(current.targets.size(), current.next + BROADCAST_SLICE);
      for (int i = current.next; i < end; i++) {
        current.targets.get(i).sendEncoded(current.utf8);
      }
      current.next = end;
      if (current.next >= current.targets.size()) {
        broadcasts.poll();
      }
      if (!broadcasts.isEmpty()) {
        vertx.runOnContext(v -> writeBroadcasts());
      }
    }

    void add(Connection connection) {
      if (connection.identity.facilitator()) {
        facilitators.add(connection);
        return;
      }
      Connection previous = participants.put(connection.identity.participantId(), connection);
      if (previous != null && previous != connection) {
        // The same phone came back on a new connection; the old one is a zombie that would hold presence.
        previous.socket.close((short) 4001, "replaced");
      }
    }

    void remove(Connection connection) {
      if (connection.identity.facilitator()) {
        facilitators.remove(connection);
      } else {
        participants.remove(connection.identity.participantId(), connection);
      }
      if (facilitators.isEmpty() && participants.isEmpty()) {
        consumer.unregister();
        sessions.remove(sessionId);
      }
    }
  }

  // ---- one connection ----

  private final class Connection {
    final ServerWebSocket socket;
    final String address;
    final TokenBucket messages;
    Bus.Identity identity;
    boolean greeting;
    /** What the greeting in flight asked for, to tell a gone session from a moving one. */
    String pendingJoinCode;
    String pendingSessionId;
    /** Messages sent before the welcome; made only when needed, as most clients wait for it. */
    ArrayDeque<String> waiting;
    final long number = connectionNumbers++;
    long lastSeen = System.currentTimeMillis();
    int droppedInARow;

    Connection(ServerWebSocket socket, String address) {
      this.socket = socket;
      this.address = address;
      this.messages = new TokenBucket(guardSettings.messageBurst(), guardSettings.messagesPerSecond(), System.nanoTime());
    }

    void onFrame(String text) {
      Metrics.MESSAGES_IN.increment();
      lastSeen = System.currentTimeMillis();
      if (tooLarge(text)) {
        socket.close((short) 1009, "message too large");
        return;
      }
      if (!messages.tryTake(System.nanoTime())) {
        // Every message gets an answer; a client that keeps flooding regardless is cut off.
        if (++droppedInARow > MAX_DROPPED_IN_A_ROW) {
          socket.close((short) 1008, "flooding");
          return;
        }
        send(Frames.error(ErrorCode.RATE_LIMITED, "Je stuurt te veel berichten tegelijk. Wacht even."));
        return;
      }
      droppedInARow = 0;
      if (text == null) {
        send(Frames.error(ErrorCode.BAD_JSON, "Stuur tekst, geen binaire data."));
        return;
      }
      onText(text);
    }

    void onText(String text) {
      if (greeting) {
        if (waiting == null) {
          waiting = new ArrayDeque<>(4);
        }
        if (waiting.size() >= MAX_QUEUED_BEFORE_WELCOME) {
          send(Frames.error(ErrorCode.RATE_LIMITED, "Wacht even tot je aanmelding klaar is."));
        } else {
          waiting.add(text);
        }
        return;
      }
      try {
        dispatch(ClientMessage.parse(text));
      } catch (CommandRejected rejected) {
        send(Frames.error(rejected.code(), rejected.getMessage()));
      }
    }

    void dispatch(ClientMessage message) {
      if (message instanceof ClientMessage.Ping) {
        send(Frames.pong());
      } else if (message instanceof ClientMessage.Join join) {
        requireNewcomer();
        if (!guard.mayTryJoinCode(address)) {
          throw new CommandRejected(ErrorCode.RATE_LIMITED,
              "Er zijn vanaf dit netwerk te veel verkeerde codes geprobeerd. Probeer het over een paar minuten opnieuw.");
        }
        String code = Tokens.normalizeJoinCode(join.joinCode());
        if (!Tokens.looksLikeJoinCode(code)) {
          guard.wrongJoinCode(address);
          throw new CommandRejected(ErrorCode.BAD_JOIN_CODE, "Deze code kennen we niet. Kijk nog eens op het scherm.");
        }
        pendingJoinCode = code;
        greet(Bus.join(code), new Bus.JoinRequest(join.name(), join.rol(), join.joinKey()));
      } else if (message instanceof ClientMessage.Resume resume) {
        requireNewcomer();
        String sessionId = Tokens.sessionOfResumeToken(resume.resumeToken());
        if (!Tokens.looksLikeSessionId(sessionId)) {
          throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze code om terug te komen klopt niet. Meld je opnieuw aan.");
        }
        greet(Bus.session(sessionId), new Bus.ResumeRequest(resume.resumeToken()));
      } else if (message instanceof ClientMessage.Facilitate facilitate) {
        requireNewcomer();
        if (!Tokens.looksLikeSessionId(facilitate.sessionId())) {
          throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze sessie of begeleiderscode klopt niet.");
        }
        pendingSessionId = facilitate.sessionId();
        greet(Bus.session(facilitate.sessionId()), new Bus.FacilitateRequest(facilitate.facilitatorToken()));
      } else if (identity == null) {
        throw new CommandRejected(ErrorCode.NOT_JOINED, "Meld je eerst aan bij een sessie.");
      } else if (message instanceof ClientMessage.Vote vote) {
        if (identity.facilitator()) {
          throw new CommandRejected(ErrorCode.BAD_REQUEST, "Als begeleider stem je niet mee.");
        }
        request(Bus.session(identity.sessionId()), new Bus.VoteRequest(identity.participantId(), vote.vraagId(),
            vote.antwoordId()));
      } else if (message instanceof ClientMessage.Control control) {
        if (!identity.facilitator()) {
          throw new CommandRejected(ErrorCode.NOT_FACILITATOR, "Alleen de begeleider kan dit doen.");
        }
        request(Bus.session(identity.sessionId()), new Bus.ControlRequest(control));
      }
    }

    void requireNewcomer() {
      if (identity != null) {
        throw new CommandRejected(ErrorCode.BAD_REQUEST, "Deze verbinding is al aangemeld.");
      }
    }

    void greet(String address, Object request) {
      greeting = true;
      request(address, request);
    }

    void request(String address, Object body) {
      vertx.eventBus().<Bus.Reply>request(address, body, new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MILLIS))
          .onSuccess(reply -> onReply(reply.body()))
          .onFailure(e -> onRequestFailed(body, e));
    }

    void onReply(Bus.Reply reply) {
      if (reply.identity() != null) {
        if (socket.isClosed()) {
          vertx.eventBus().send(Bus.session(reply.identity().sessionId()),
              new Bus.Disconnected(reply.identity().participantId()));
          return;
        }
        identity = reply.identity();
        sessions.computeIfAbsent(identity.sessionId(), SessionSockets::new).add(this);
      }
      if (reply.frame() != null) {
        send(reply.frame());
      }
      if (reply.close()) {
        socket.close();
      }
      if (greeting && (reply.identity() != null || reply.frame() != null)) {
        greeting = false;
        while (waiting != null && !waiting.isEmpty() && !greeting) {
          onText(waiting.poll());
        }
      }
    }

    void onRequestFailed(Object body, Throwable failure) {
      greeting = false;
      waiting = null;
      boolean noOwner = failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
      if (!noOwner) {
        send(Frames.error(ErrorCode.SERVER_BUSY, "De server reageert niet op tijd. Probeer het zo opnieuw."));
        return;
      }
      // No owner runs the session right now. It may be gone (finished long ago, or never there), or moving to
      // another server in a cluster, or not yet rebuilt after a restart: the store tells which.
      Future<Boolean> open = body instanceof Bus.JoinRequest
          ? store.findOpenSessionByJoinCode(joinCodeOf(body)).map(Optional::isPresent)
          : store.findSession(sessionOf(body)).map(row -> row.isPresent() && !"finished".equals(row.get().status()));
      open.onComplete(ar -> {
        if (ar.failed() || ar.result()) {
          send(Frames.error(ErrorCode.STORE_UNAVAILABLE,
              "Deze sessie verhuist even naar een andere server. Probeer het zo opnieuw."));
        } else {
          sendNoSession(body);
        }
      });
    }

    private void sendNoSession(Object body) {
      if (body instanceof Bus.JoinRequest) {
        guard.wrongJoinCode(address);
        send(Frames.error(ErrorCode.BAD_JOIN_CODE, "Deze code kennen we niet. Kijk nog eens op het scherm."));
      } else if (body instanceof Bus.ResumeRequest) {
        send(Frames.error(ErrorCode.BAD_TOKEN, "Deze sessie bestaat niet meer. Meld je opnieuw aan."));
      } else if (body instanceof Bus.FacilitateRequest) {
        send(Frames.error(ErrorCode.BAD_TOKEN, "Deze sessie of begeleiderscode klopt niet."));
      } else {
        send(Frames.error(ErrorCode.SESSION_FINISHED, "Deze sessie is afgerond."));
      }
    }

    private String joinCodeOf(Object body) {
      return pendingJoinCode;
    }

    private String sessionOf(Object body) {
      if (body instanceof Bus.ResumeRequest resume) {
        return Tokens.sessionOfResumeToken(resume.resumeToken());
      }
      return identity != null ? identity.sessionId() : pendingSessionId;
    }

    void send(String frame) {
      sendEncoded(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** The same bytes may go to many sockets: a frame only wraps them, and a server never masks. */
    void sendEncoded(byte[] utf8) {
      if (socket.isClosed()) {
        return;
      }
      if (socket.writeQueueFull()) {
        // A phone that does not read would grow this queue without bound and hold memory for the whole
        // session; cut it off instead. It reconnects, resumes and gets the full state in one frame.
        socket.close(CLOSE_TOO_SLOW, "too slow");
        return;
      }
      Metrics.FRAMES_OUT.increment();
      Metrics.BYTES_OUT.increment(utf8.length);
      socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
    }

    void onClose() {
      if (!all.remove(this)) {
        return;
      }
      guard.closeConnection();
      if (identity == null) {
        return;
      }
      SessionSockets sockets = sessions.get(identity.sessionId());
      if (sockets != null) {
        sockets.remove(this);
      }
      vertx.eventBus().send(Bus.session(identity.sessionId()), new Bus.Disconnected(identity.participantId()));
    }
  }
}
