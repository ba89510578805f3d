package nl.buurtroute.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.guard.TokenBucket;
import nl.buurtroute.guard.WrongCodeGate;
import nl.buurtroute.ops.Metrics;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;
import nl.buurtroute.session.Tokens;

import java.util.ArrayDeque;

/**
 * One client's WebSocket: frames in (limits, parsing), commands out to the session owner, the owner's
 * replies back. It knows who it speaks for once welcomed and holds no session state of its own.
 */
final class Connection {
  private static final long REQUEST_TIMEOUT_MILLIS = 10_000;
  /** Messages a client may send before its join/resume is answered; more is a misbehaving client. */
  private static final int MAX_QUEUED_BEFORE_WELCOME = 32;
  /** A client that cannot take its frames this long after its queue filled is cut off (it can resume). */
  private static final short CLOSE_TOO_SLOW = 4002;
  private static final int MAX_DROPPED_IN_A_ROW = 200;

  /** What a connection needs from the hub of its event loop. */
  interface Hub {
    void welcomed(Connection connection);

    void closed(Connection connection);

    /**
     * Asked only when no owner answers: whether the store holds the session open (by id, or by join code when
     * {@code sessionId} is null). Then it is on its way to another server, or being rebuilt, not gone.
     */
    Future<Boolean> isOpen(String sessionId, String joinCode);

    /** How messages reach their session's owner, here or on another member. */
    OwnerRoute route();
  }

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final String address;
  private final AddressGuard guard;
  private final WrongCodeGate joinGate;
  private final Context context;
  private final String joinBase;
  private final Hub hub;
  private final TokenBucket messages;
  private final long number;
  private Bus.Identity identity;
  private boolean greeting;
  /** Messages sent before the welcome; made only when needed, as most clients wait for it. */
  private ArrayDeque<String> waiting;
  private long lastSeen = System.currentTimeMillis();
  private int droppedInARow;
  private boolean closed;
  /** Set by {@link #expectHelloWithin}; ended by the welcome or the close. */
  private HelloDeadline hello;
  /** The deadline passed while a greeting was on its way; its answer decides. */
  private boolean helloLate;
  /** The last answer to a greeting said "try again": the client is about to greet once more. */
  private boolean answeredTryAgain;
  /** The typed-code attempt in flight, to tell the gate how it went; null otherwise. */
  private WrongCodeGate.Ticket joinTicket;
  private int wrongCodes;
  /** The join in flight came by a link whose secret found no owner, and now goes by its code. */
  private boolean fromLink;
  /** This phone asked for the compact state in its greeting (join or resume); broadcasts pick its frame by it. */
  private boolean compactState;

  Connection(Vertx vertx, ServerWebSocket socket, String address, AddressGuard guard, WrongCodeGate joinGate,
             Hub hub, long number, String joinBase) {
    this.vertx = vertx;
    this.joinGate = joinGate;
    this.joinBase = joinBase;
    this.context = vertx.getOrCreateContext();
    this.socket = socket;
    this.address = address;
    this.guard = guard;
    this.hub = hub;
    this.number = number;
    this.messages = new TokenBucket(guard.settings().messageBurst(), guard.settings().messagesPerSecond(),
        System.nanoTime());
    socket.setWriteQueueMaxSize(guard.settings().writeQueueBytes());
    socket.textMessageHandler(this::onFrame);
    socket.binaryMessageHandler(b -> onFrame(null));
    socket.pongHandler(b -> lastSeen = System.currentTimeMillis());
    socket.closeHandler(v -> onClose());
    socket.exceptionHandler(e -> socket.close());
  }

  /** Starts the contract's hello deadline: not welcomed within {@code millis}, the socket closes with 1008. */
  void expectHelloWithin(long millis) {
    hello = new HelloDeadline(vertx, guard, address, millis, this::helloTooLate);
  }

  private void helloTooLate() {
    if (identity != null || closed) {
      return;
    }
    helloLate = true;
    closeIfHelloLate(answeredTryAgain);
  }

  /**
   * Closes a socket that is past its hello deadline, not welcomed and not waiting for an answer. One whose
   * greeting was just answered "try again" did say who it is, in time: its deadline starts once more (a few
   * times at most) for the next try, so a crowd that joins a busy server or a session that moves between
   * members is not cut off for the server's own delay (also when the deadline falls between that answer and
   * the next try).
   */
  private void closeIfHelloLate(boolean answeredTryAgain) {
    this.answeredTryAgain = answeredTryAgain;
    if (!helloLate || identity != null || greeting || closed) {
      return;
    }
    if (answeredTryAgain && hello != null && hello.extend()) {
      helloLate = false;
      return;
    }
    socket.close((short) 1008, "no hello in time");
  }

  ServerWebSocket socket() {
    return socket;
  }

  Bus.Identity identity() {
    return identity;
  }

  long number() {
    return number;
  }

  boolean compactState() {
    return compactState;
  }

  long lastSeen() {
    return lastSeen;
  }

  // ---- frames in ----

  private void onFrame(String text) {
    Metrics.MESSAGES_IN.increment();
    lastSeen = System.currentTimeMillis();
    if (text != null && LiveConnections.tooLarge(text)) {
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

  private void onText(String text) {
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
      dispatch(ClientMessages.parse(text));
    } catch (CommandRejected rejected) {
      send(Frames.error(rejected.code(), rejected.getMessage()));
      closeIfHelloLate(rejected.code().retryable());
    }
  }

  // ---- commands out ----

  private void dispatch(ClientMessage message) {
    if (message instanceof ClientMessage.Ping) {
      send(Frames.pong());
    } else if (message instanceof ClientMessage.Greeting greeting) {
      if (identity != null) {
        throw new CommandRejected(ErrorCode.BAD_REQUEST, "Deze verbinding is al aangemeld.");
      }
      compactState = greeting.wantsCompactState();
      if (greeting instanceof ClientMessage.Join join && join.joinSecret() == null) {
        joinByTypedCode(join);
        return;
      }
      greet(ownerOf(greeting), greeting);
    } else if (identity == null) {
      throw new CommandRejected(ErrorCode.NOT_JOINED, "Meld je eerst aan bij een sessie.");
    } else if (identity.viewer()) {
      // A beamer link may hang on a wall or be shared: it shows, it never changes anything.
      throw message instanceof ClientMessage.FacilitatorCommand
          ? new CommandRejected(ErrorCode.NOT_FACILITATOR, "Dit scherm kijkt alleen mee; bedienen doe je in het begeleidersscherm.")
          : new CommandRejected(ErrorCode.BAD_REQUEST, "Dit scherm kijkt alleen mee; het kan niet stemmen.");
    } else if (message instanceof ClientMessage.ParticipantCommand) {
      if (identity.facilitator()) {
        throw new CommandRejected(ErrorCode.BAD_REQUEST, "Als begeleider stem je niet mee.");
      }
      request(OwnerRoute.Target.session(identity.sessionId()), new Bus.Command(identity.participantId(), message));
    } else if (message instanceof ClientMessage.FacilitatorCommand) {
      if (!identity.facilitator()) {
        throw new CommandRejected(ErrorCode.NOT_FACILITATOR, "Alleen de begeleider kan dit doen.");
      }
      request(OwnerRoute.Target.session(identity.sessionId()), new Bus.Command(null, message, joinBase));
    }
  }

  /**
   * A typed code goes through the address's {@link WrongCodeGate}: checked at once while the address has
   * sent few wrong codes, otherwise in its fair turn. A code that cannot be one (wrong length or letters)
   * is no guess at any session and is answered at once.
   */
  private void joinByTypedCode(ClientMessage.Join join) {
    String code = Tokens.normalizeJoinCode(join.joinCode());
    if (!Tokens.looksLikeJoinCode(code)) {
      throw new CommandRejected(ErrorCode.BAD_JOIN_CODE, "Deze code kennen we niet. Kijk nog eens op het scherm.");
    }
    greeting = true;
    boolean queued = joinGate.enter(address, wrongCodes, ticket -> context.runOnContext(v -> {
      if (socket.isClosed()) {
        ticket.done(false);
        return;
      }
      joinTicket = ticket;
      request(OwnerRoute.Target.join(code), new Bus.Command(null, join));
    }));
    if (!queued) {
      greeting = false;
      waiting = null;
      throw new CommandRejected(ErrorCode.RATE_LIMITED,
          "Er komen vanaf dit netwerk heel veel aanmeldingen tegelijk. Probeer het over een minuut opnieuw.");
    }
  }

  private void joinAnswered(boolean wrongCode) {
    if (joinTicket != null) {
      WrongCodeGate.Ticket ticket = joinTicket;
      joinTicket = null;
      if (wrongCode) {
        wrongCodes++;
      }
      ticket.done(wrongCode);
    }
  }

  /** The owner a greeting goes to, after the checks that need no owner. */
  private OwnerRoute.Target ownerOf(ClientMessage.Greeting greeting) {
    if (greeting instanceof ClientMessage.Join join) {
      // The link's secret finds its session by itself; no per-address limit holds it back.
      return OwnerRoute.Target.joinBySecret(Tokens.normalizeJoinCode(join.joinCode()), join.joinSecret());
    }
    if (greeting instanceof ClientMessage.View view) {
      if (!Tokens.looksLikeSessionId(view.sessionId())) {
        throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze sessie of kijkcode klopt niet.");
      }
      return OwnerRoute.Target.session(view.sessionId());
    }
    if (greeting instanceof ClientMessage.Resume resume) {
      String sessionId = Tokens.sessionOfResumeToken(resume.resumeToken());
      if (!Tokens.looksLikeSessionId(sessionId)) {
        throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze code om terug te komen klopt niet. Meld je opnieuw aan.");
      }
      return OwnerRoute.Target.session(sessionId);
    }
    ClientMessage.Facilitate facilitate = (ClientMessage.Facilitate) greeting;
    if (!Tokens.looksLikeSessionId(facilitate.sessionId())) {
      throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze sessie of begeleiderscode klopt niet.");
    }
    return OwnerRoute.Target.session(facilitate.sessionId());
  }

  private void greet(OwnerRoute.Target owner, ClientMessage.Greeting message) {
    greeting = true;
    request(owner, new Bus.Command(null, message));
  }

  private void request(OwnerRoute.Target owner, Bus.Command command) {
    hub.route().<Bus.Reply>request(owner, command, REQUEST_TIMEOUT_MILLIS)
        .onSuccess(reply -> onReply(reply.body()))
        .onFailure(e -> onRequestFailed(command.message(), e));
  }

  // ---- replies back ----

  private void onReply(Bus.Reply reply) {
    joinAnswered(false);
    fromLink = false;
    if (reply.identity() != null) {
      if (socket.isClosed()) {
        hub.route().send(OwnerRoute.Target.session(reply.identity().sessionId()),
            new Bus.Disconnected(reply.identity().participantId()));
        return;
      }
      identity = reply.identity();
      if (hello != null) {
        hello.end();
        hello = null; // its work is done; a connection lives for hours, its deadline need not
      }
      hub.welcomed(this);
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
    closeIfHelloLate(Frames.isRetryableError(reply.frame()));
  }

  private void onRequestFailed(ClientMessage message, Throwable failure) {
    greeting = false;
    waiting = null;
    boolean noOwner = Bus.noOwner(failure);
    if (!noOwner) {
      joinAnswered(false);
      fromLink = false;
      send(Frames.error(ErrorCode.SERVER_BUSY, "De server reageert niet op tijd. Probeer het zo opnieuw."));
      closeIfHelloLate(true);
      return;
    }
    if (message instanceof ClientMessage.Join join && join.joinSecret() != null) {
      // No owner listens for this secret: an old link, or its session moves to another member of a cluster.
      // Its code then goes the way of a typed code, through the gate (which asks the store whether the session
      // moves), so a made-up secret is never a way around the gate to test codes.
      fromLink = true;
      try {
        joinByTypedCode(new ClientMessage.Join(join.joinCode(), join.name(), join.rol(), join.joinKey(), null,
            join.compactState()));
      } catch (CommandRejected rejected) {
        fromLink = false;
        send(Frames.error(rejected.code(), rejected.code() == ErrorCode.BAD_JOIN_CODE
            ? "Deze link werkt niet meer. Scan de QR-code op het scherm opnieuw of typ de code."
            : rejected.getMessage()));
        closeIfHelloLate(rejected.code().retryable());
      }
      return;
    }
    // No owner runs the session right now: it is gone (finished long ago, or never there), or it moves to
    // another member of a cluster, or it is being rebuilt. The store (which holds each open session's current
    // code) tells which; a moving session is retried. A typed code's gate ticket is settled first, as a wrong
    // code: the gate lets the next attempt through without waiting for the store (a code of a session on the
    // move costs one unit of the address's budget; the gate slows, it never blocks).
    joinAnswered(true);
    Future<Boolean> open = message instanceof ClientMessage.Join join
        ? hub.isOpen(null, Tokens.normalizeJoinCode(join.joinCode()))
        : hub.isOpen(sessionOf(message), null);
    open.onComplete(ar -> {
      boolean moving = ar.failed() || ar.result();
      if (moving) {
        fromLink = false;
        send(Frames.error(ErrorCode.STORE_UNAVAILABLE,
            "Deze sessie verhuist even naar een andere server. Probeer het zo opnieuw."));
      } else {
        sendNoSession(message);
      }
      closeIfHelloLate(moving);
    });
  }

  private String sessionOf(ClientMessage message) {
    if (message instanceof ClientMessage.Resume resume) {
      return Tokens.sessionOfResumeToken(resume.resumeToken());
    }
    if (message instanceof ClientMessage.Facilitate facilitate) {
      return facilitate.sessionId();
    }
    if (message instanceof ClientMessage.View view) {
      return view.sessionId();
    }
    return identity.sessionId();
  }

  private void sendNoSession(ClientMessage message) {
    boolean link = fromLink;
    fromLink = false;
    if (message instanceof ClientMessage.Join && link) {
      send(Frames.error(ErrorCode.BAD_JOIN_CODE,
          "Deze link werkt niet meer. Scan de QR-code op het scherm opnieuw of typ de code."));
    } else if (message instanceof ClientMessage.Join) {
      send(Frames.error(ErrorCode.BAD_JOIN_CODE, "Deze code kennen we niet. Kijk nog eens op het scherm."));
    } else if (message instanceof ClientMessage.Resume) {
      send(Frames.error(ErrorCode.BAD_TOKEN, "Deze sessie bestaat niet meer. Meld je opnieuw aan."));
    } else if (message instanceof ClientMessage.View) {
      send(Frames.error(ErrorCode.BAD_TOKEN, "Deze sessie of kijkcode klopt niet."));
    } else if (message instanceof ClientMessage.Facilitate) {
      send(Frames.error(ErrorCode.BAD_TOKEN, "Deze sessie of begeleiderscode klopt niet."));
    } else {
      send(Frames.error(ErrorCode.SESSION_FINISHED, "Deze sessie is afgerond."));
    }
  }


  void send(String frame) {
    send(new WireFrame(frame));
  }

  /** The same encoded frame may go to many sockets. */
  void send(WireFrame frame) {
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
    Metrics.BYTES_OUT.increment(frame.length());
    frame.writeTo(socket);
  }

  /** The facilitator removed this participant: the owner already knows, so closing tells it nothing. */
  void removedFromSession() {
    identity = null;
    socket.close((short) 4000, "removed");
  }

  void onClose() {
    if (closed) {
      return;
    }
    closed = true;
    if (hello != null) {
      hello.end();
    }
    hub.closed(this);
    if (identity != null) {
      hub.route().send(OwnerRoute.Target.session(identity.sessionId()), new Bus.Disconnected(identity.participantId()));
    }
  }
}
