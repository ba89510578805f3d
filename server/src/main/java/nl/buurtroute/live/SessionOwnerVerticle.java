package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.ops.Metrics;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;
import nl.buurtroute.session.Participant;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Stage;
import nl.buurtroute.session.Status;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.SequenceConflictException;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.StoredEvent;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The one place that changes a live session: commands and durability. Commands arrive in order on this
 * verticle's context; each is checked by {@link Session}, applied at once (so the next command sees it)
 * and stored. Every frame is made at the moment it describes and sent only once the store has committed
 * the events it shows (welcome, {@code voted}, state, tally and the presence counts in them). Events that
 * arrive while a write is in flight form the next batch, so a room voting at once costs a handful of
 * commits, not one per vote.
 */
final class SessionOwnerVerticle extends VerticleBase {
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);
  private static final Logger LOG = Logger.getLogger(SessionOwnerVerticle.class.getName());
  private static final long FINISHED_LINGER_MILLIS = 10 * 60_000;
  /** How long a census waits for the hubs' answers; they come within milliseconds unless a member is overloaded. */
  static final long CENSUS_MILLIS = 2_000;

  private final Store store;
  private final LiveLimits limits;
  Session session;
  private final long recoveredSeq;
  private DurableLog log;
  final PresenceBook presence = new PresenceBook();
  private final TokenIndex tokens = new TokenIndex();
  /** On a cluster: the members that hold sockets of this session, and those that hold a facilitator's or a beamer's. */
  private final Set<String> listeners = new HashSet<>();
  private final Set<String> tallyListeners = new HashSet<>();
  private final SessionSummary summary;
  FacilitatorUpdates updates;
  private VotingClock clock;
  private boolean reloading;
  /** In a cluster, a refused write means another member claimed the session (see ClusterOwnership). */
  private final boolean clustered;
  /** On a cluster, where this owner's addresses are found (see {@link OwnerDesk}); null on a server alone. */
  private final OwnerDesk desk;
  /** The session's own address, listened on for as long as this owner runs. */
  private Listening commands;
  /** Set once this owner is on its way out (moved, or the server stops): it answers nothing more. */
  private boolean leaving;

  private Listening joins;
  private final Instant lastActivity;
  private IdleClock idle;
  private boolean endedIdle;
  private Listening joinsBySecret;
  private RoomGuard room;
  /** The compact state phones were last sent (see {@link #roomState}); null before the first. */
  private Frames.CompactState lastCompact;
  /** Which census is running (see {@link #onMemberLeft}), so the timer of an earlier one does not end it. */
  private long censusNumber;

  /**
   * {@code lastActivity}: when the last stored event that was not a change of owner was written, where the idle
   * clock starts (a session that moves to another member keeps its idle deadline). {@code row}: the session's row
   * as read or written just before (see {@link SessionSummary}), or null.
   */
  SessionOwnerVerticle(Session session, long lastSeq, Store store, LiveLimits limits, OwnerDesk desk,
                       Instant lastActivity, Store.SessionRecord row) {
    this.lastActivity = lastActivity;
    this.session = session;
    this.desk = desk;
    this.clustered = desk != null;
    this.recoveredSeq = lastSeq;
    this.store = store;
    this.limits = limits;
    this.summary = new SessionSummary(store, row);
    tokens.rebuild(session);
  }

  @Override
  public Future<?> start() {
    log = new DurableLog(store, context, session.sessionId(), recoveredSeq, this::reload);
    updates = new FacilitatorUpdates(vertx, this::sendMembership, this::sendTally);
    clock = new VotingClock(vertx, System::currentTimeMillis, this::onVotingTimeUp);
    clock.arm(session);
    commands = listen(Bus.session(session.sessionId()));
    if (session.status() == Status.FINISHED) {
      return commands.ready();
    }
    idle = new IdleClock(vertx, limits.sessionIdle(), lastActivity.toEpochMilli(), this::endIdle);
    idle.start();
    room = new RoomGuard(this);
    return Future.all(commands.ready(), listenForJoins()).onSuccess(v -> {
      if (clustered) {
        announce();
      }
    });
  }

  /** Joins come by code and, when the session has one, by the secret of its link. */
  Future<Void> listenForJoins() {
    stopListeningForJoins();
    joins = listen(Bus.join(session.joinCode()));
    if (session.joinSecret() == null) {
      return joins.ready();
    }
    joinsBySecret = listen(Bus.joinBySecret(session.joinSecret()));
    return Future.all(joins.ready(), joinsBySecret.ready()).mapEmpty();
  }

  /** An address this owner listens on: {@code ready} once messages reach it, {@code stop} to stop. */
  private record Listening(Future<Void> ready, Runnable stop) {
  }

  /**
   * Listens on one of the session's addresses. A server alone listens on the event bus; a cluster member at its
   * {@link OwnerDesk}, so that starting an owner registers nothing with the cluster manager (whose every
   * registration, even a local one, waits while it republishes after a member was lost: the very moment a
   * takeover starts a few hundred owners).
   */
  private Listening listen(String address) {
    if (desk != null) {
      return new Listening(Future.succeededFuture(), desk.listen(address, context, this::onMessage));
    }
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, this::onMessage);
    return new Listening(consumer.completion(), consumer::unregister);
  }

  private void stopListeningForJoins() {
    if (joins != null) {
      joins.stop().run();
      joins = null;
    }
    if (joinsBySecret != null) {
      joinsBySecret.stop().run();
      joinsBySecret = null;
    }
  }

  /**
   * This member just took the session over (or created it): connections on every member get the state as the
   * store has it, and every hub says which participants it holds, as presence is not in the store.
   */
  private void announce() {
    if (desk == null) {
      publish(roomState(true));
      publish(Bus.Outbound.rollCall(null));
      return;
    }
    // This owner does not know yet which members hold sockets of the session: it asks all of them once.
    DeliveryOptions toHubs = new DeliveryOptions().addHeader(Bus.TO, Bus.out(session.sessionId()));
    vertx.eventBus().publish(Bus.ALL_HUBS, roomState(true), toHubs);
    vertx.eventBus().publish(Bus.ALL_HUBS, Bus.Outbound.rollCall(desk.nodeId()), toHubs);
  }

  /** Leaving (the session moves, or the server stops): answers nothing more and finishes its pending write. */
  @Override
  public Future<?> stop() {
    leaving = true;
    // The event bus drops a verticle's consumers once it has stopped; a desk does not know of verticles, and
    // what it would hand a leaving owner is better looked up again by its sender.
    if (desk != null) {
      if (commands != null) {
        commands.stop().run();
      }
      stopListeningForJoins();
    }
    if (idle != null) {
      idle.stop();
    }
    clock.cancel();
    Promise<Void> written = Promise.promise();
    log.flush();
    log.whenDurable(written::tryComplete, written::tryComplete);
    return written.future();
  }

  /**
   * The store refused a write because another member claimed this session: this member was cut off or paused
   * while the cluster moved the session. It gives the session up at once; its sockets of the session reconnect
   * and resume, which brings them to the new owner.
   */
  private void fencedOff() {
    leaving = true;
    if (idle != null) {
      idle.stop();
    }
    clock.cancel();
    LOG.warning("session " + session.sessionId() + ": another member took it over while this one was cut off or "
        + "paused (its write was refused); giving it up");
    vertx.eventBus().publish(Bus.out(session.sessionId()), new Bus.Outbound(Bus.Audience.EVERYONE, null, null, true),
        LOCAL_ONLY);
    release("another member took it over (its write was refused)");
  }

  /** Asks this server's session manager, which deploys owners, to stop this one. */
  private void release(String reason) {
    vertx.eventBus().send(Bus.RELEASE_SESSION, new JsonObject().put("sessionId", session.sessionId())
        .put("deploymentId", deploymentID()).put("reason", reason), new DeliveryOptions().setLocalOnly(true));
  }

  // ---- commands ----

  private void onMessage(Message<Object> message) {
    if (message.body() instanceof Bus.Command command) {
      handle(message, () -> onCommand(message, command));
    } else if (message.body() instanceof Bus.Disconnected gone) {
      onDisconnected(gone);
    } else if (message.body() instanceof Bus.Present present) {
      onPresent(present);
    } else if (message.body() instanceof Bus.Listening listening) {
      onListening(listening.nodeId(), listening.tallies());
    }
  }

  /**
   * A member holds sockets of this session (with {@code tallies}: a facilitator's or a beamer's): broadcasts (and
   * tallies) go there from now on. It gets the current state at once, since what was sent before passed it by.
   * Members are never struck off: a member without sockets of the session any more drops what it gets, at one
   * message per broadcast, and a lost member's address has no handler left.
   */
  private void onListening(String nodeId, boolean tallies) {
    addListener(nodeId, tallies);
    Bus.Outbound states = roomState(true);
    whenDurable(() -> toHubs(Bus.out(session.sessionId()), states, Set.of(nodeId)), () -> { });
    if (tallies && session.stage() == Stage.VOTING) {
      updates.tallyChanged();
    }
  }

  private void addListener(String nodeId, boolean tallies) {
    if (nodeId != null) {
      listeners.add(nodeId);
      if (tallies) {
        tallyListeners.add(nodeId);
      }
    }
  }

  /**
   * The member a welcomed connection is on (the {@link Bus#FROM} header its greeting came with) listens from
   * now on: no broadcast after this welcome may pass it by, also not while the session moves between members.
   */
  void welcomesFrom(Message<Object> message, boolean tallies) {
    if (desk != null) {
      addListener(message.headers().get(Bus.FROM), tallies);
    }
  }

  private void onCommand(Message<Object> message, Bus.Command command) {
    ClientMessage body = command.message();
    if (body instanceof ClientMessage.Join join) {
      onJoin(message, join);
    } else if (body instanceof ClientMessage.Resume resume) {
      onResume(message, resume.resumeToken());
    } else if (body instanceof ClientMessage.Facilitate facilitate) {
      onFacilitate(message, facilitate);
    } else if (body instanceof ClientMessage.View view) {
      room.onView(message, view);
    } else if (room.handles(body)) {
      room.onCommand(message, command);
    } else if (body instanceof ClientMessage.Vote vote) {
      onVote(message, command.participantId(), vote);
    } else if (body instanceof ClientMessage.Remark remark) {
      onRemark(message, command.participantId(), remark);
    } else if (body instanceof ClientMessage.FacilitatorCommand facilitatorCommand) {
      onFacilitatorCommand(message, facilitatorCommand);
    } else {
      throw new CommandRejected(ErrorCode.UNKNOWN_TYPE, "Onbekende opdracht.");
    }
  }

  private void handle(Message<Object> message, Runnable command) {
    if (leaving) {
      message.reply(Bus.Reply.frame(Frames.error(ErrorCode.STORE_UNAVAILABLE,
          "Deze sessie verhuist naar een andere server. Probeer het zo opnieuw.")));
      return;
    }
    if (reloading) {
      message.reply(Bus.Reply.frame(Frames.error(ErrorCode.STORE_UNAVAILABLE,
          "De opslag hapert even. Probeer het zo opnieuw.")));
      return;
    }
    try {
      command.run();
    } catch (CommandRejected rejected) {
      message.reply(Bus.Reply.frame(Frames.error(rejected.code(), rejected.getMessage())));
    } catch (RuntimeException bug) {
      // A bug must cost one answer, not the session: the client hears it at once instead of timing out.
      LOG.log(Level.SEVERE, "command failed in session " + session.sessionId(), bug);
      message.reply(Bus.Reply.frame(Frames.error(ErrorCode.SERVER_BUSY,
          "Er ging iets mis op de server. Probeer het opnieuw.")));
    }
    log.flush();
  }

  private void onJoin(Message<Object> message, ClientMessage.Join request) {
    String resumeToken = request.joinKey() == null
        ? Tokens.newResumeToken(session.sessionId())
        : session.sessionId() + "." + request.joinKey();
    if (request.joinKey() != null && tokens.participantOf(resumeToken) != null) {
      // The same join again: its welcome was lost on the way (flaky Wi-Fi). Same participant, no double.
      onResume(message, resumeToken);
      return;
    }
    if (session.activeParticipants() >= limits.maxParticipantsPerSession()) {
      throw new CommandRejected(ErrorCode.SESSION_FULL, "Deze sessie zit vol. Vraag de begeleider om hulp.");
    }
    SessionEvent.ParticipantJoined joined = session.join(request.name(), request.rol(), Tokens.hash(resumeToken),
        System.currentTimeMillis());
    room.joined();
    record(joined);
    tokens.add(session, joined.participantId());
    welcomeParticipant(message, session.participant(joined.participantId()).orElseThrow(), resumeToken);
  }

  private void onResume(Message<Object> message, String resumeToken) {
    String participantId = tokens.participantOf(resumeToken);
    Participant participant = participantId == null ? null : session.participant(participantId).orElse(null);
    if (participant == null || participant.removed()) {
      throw new CommandRejected(ErrorCode.BAD_TOKEN, participant == null
          ? "Deze code om terug te komen klopt niet. Meld je opnieuw aan."
          : "Je bent uit deze sessie gehaald.");
    }
    welcomeParticipant(message, participant, resumeToken);
  }

  /** The participant counts as present only once their join is durable, like every frame that shows them. */
  private void welcomeParticipant(Message<Object> message, Participant participant, String resumeToken) {
    String welcome = Frames.participantWelcome(session, participant, resumeToken);
    Bus.Identity identity = new Bus.Identity(session.sessionId(), participant.id());
    welcomesFrom(message, false);
    whenDurable(() -> {
      presence.connected(participant.id(), participant.rol());
      message.reply(new Bus.Reply(welcome, identity, false));
      updates.membershipChanged();
      if (session.stage() == Stage.VOTING) {
        updates.tallyChanged();
      }
    }, () -> replyLost(message));
  }

  private void onFacilitate(Message<Object> message, ClientMessage.Facilitate request) {
    if (!Tokens.matches(request.facilitatorToken(), session.facilitatorTokenHash())) {
      throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze begeleiderscode klopt niet.");
    }
    String welcome = Frames.facilitatorWelcome(session, presence);
    Bus.Identity identity = new Bus.Identity(session.sessionId(), null);
    welcomesFrom(message, true);
    whenDurable(() -> message.reply(new Bus.Reply(welcome, identity, false)), () -> replyLost(message));
  }

  private void onVote(Message<Object> message, String participantId, ClientMessage.Vote request) {
    Optional<SessionEvent.VoteCast> change = session.voteWithin(participantId, request.vraagId(),
        request.antwoordId(), limits.voteChanges());
    if (change.isEmpty()) {
      // The antwoord they already hold (a resend after a reconnect): confirmed, nothing stored.
      String voted = Frames.voted(request.vraagId(), request.antwoordId());
      whenDurable(() -> message.reply(Bus.Reply.frame(voted)), () -> replyLost(message));
      return;
    }
    SessionEvent.VoteCast vote = change.get();
    record(vote);
    Metrics.VOTES.increment();
    String voted = Frames.voted(vote.vraagId(), vote.antwoordId());
    whenDurable(() -> message.reply(Bus.Reply.frame(voted)), () -> replyLost(message));
    updates.tallyChanged();
  }

  /** Like a vote: {@code remarked} once durable, and the facilitators see it then, with the rol, never the name. */
  private void onRemark(Message<Object> message, String participantId, ClientMessage.Remark request) {
    SessionEvent.RemarkMade made = session.remark(participantId, request.vraagId(), request.text());
    record(made);
    String remarked = Frames.remarked(made.vraagId(), made.remarkId());
    String remark = Frames.remark(session.remarks().get(session.remarks().size() - 1));
    whenDurable(() -> {
      message.reply(Bus.Reply.frame(remarked));
      publish(new Bus.Outbound(Bus.Audience.FACILITATORS, null, remark, false));
    }, () -> replyLost(message));
  }

  /** The timed vote's moment: closed exactly as the facilitator's closeVoting would, with no one to answer. */
  private void onVotingTimeUp() {
    if (leaving) {
      return; // the session moved (or the server stops): its new owner arms the clock from the store's endsAt
    }
    if (reloading) {
      return; // the rebuild from the store arms the clock again when it is done
    }
    if (!session.votingExpired(System.currentTimeMillis())) {
      clock.arm(session); // fired a hair early, or the vote changed meanwhile: follow the session's own deadline
      return;
    }
    try {
      record(session.closeVoting());
      clock.cancel();
      Bus.Outbound states = roomState(false);
      updates.membershipSent();
      whenDurable(() -> publish(states), () -> { });
    } catch (RuntimeException bug) {
      LOG.log(Level.SEVERE, "closing the timed vote failed in session " + session.sessionId(), bug);
    }
    log.flush();
  }

  /**
   * Another member left the cluster (any thread). The participants whose sockets were on it still count as
   * present here, as their hub can no longer say they left, and a phone that resumes elsewhere would count as a
   * second socket of someone present for good. So when that member held sockets of this session, the owner asks
   * every hub again who they hold and counts presence anew from the answers ({@link #CENSUS_MILLIS}; see
   * {@link PresenceBook#startCensus}).
   */
  void memberLeft(String nodeId) {
    context.runOnContext(v -> onMemberLeft(nodeId));
  }

  private void onMemberLeft(String nodeId) {
    if (leaving || desk == null || !listeners.remove(nodeId)) {
      return;
    }
    tallyListeners.remove(nodeId);
    presence.startCensus();
    long number = ++censusNumber;
    DeliveryOptions toHubs = new DeliveryOptions().addHeader(Bus.TO, Bus.out(session.sessionId()));
    vertx.eventBus().publish(Bus.ALL_HUBS, Bus.Outbound.rollCall(desk.nodeId()), toHubs);
    vertx.setTimer(CENSUS_MILLIS, id -> {
      if (censusNumber == number) {
        presence.endCensus();
        updates.membershipChanged();
        if (session.stage() == Stage.VOTING) {
          updates.tallyChanged();
        }
      }
    });
  }

  /** A hub's answer to the roll call of {@link #announce()} or of a census ({@link #onMemberLeft}). */
  private void onPresent(Bus.Present present) {
    addListener(present.nodeId(), present.tallies());
    for (String participantId : present.participantIds()) {
      session.participant(participantId).filter(p -> !p.removed()).ifPresent(p -> presence.reported(p.id(), p.rol()));
    }
    updates.membershipChanged();
    if (session.stage() == Stage.VOTING) {
      updates.tallyChanged();
    }
  }

  private void onDisconnected(Bus.Disconnected gone) {
    if (gone.participantId() == null || !presence.isOnline(gone.participantId())) {
      return;
    }
    presence.disconnected(gone.participantId());
    updates.membershipChanged();
    if (session.stage() == Stage.VOTING) {
      updates.tallyChanged();
    }
  }

  private void onFacilitatorCommand(Message<Object> message, ClientMessage.FacilitatorCommand command) {
    SessionEvent event = decide(command);
    if (event instanceof SessionEvent.ParticipantRemoved removed) {
      onRemoved(message, removed);
      return;
    }
    record(event);
    clock.arm(session);
    broadcastState(message);
    if (event instanceof SessionEvent.VotingOpened) {
      updates.tallyChanged();
    }
    if (event instanceof SessionEvent.SessionFinished) {
      whenDurable(this::afterFinish, () -> { });
    }
    if (event instanceof SessionEvent.SessionStarted) {
      whenDurable(() -> summary.save(session), () -> { });
    }
  }

  /** The engine's answer to a facilitator's command: the event that records it, or CommandRejected. */
  private SessionEvent decide(ClientMessage.FacilitatorCommand command) {
    if (command instanceof ClientMessage.OpenVoting open) {
      return session.openVoting(open.seconds(), System.currentTimeMillis());
    } else if (command instanceof ClientMessage.CloseVoting) {
      return session.closeVoting();
    } else if (command instanceof ClientMessage.Decide decide) {
      return session.decide(decide.antwoordId());
    } else if (command instanceof ClientMessage.Next) {
      return session.next();
    } else if (command instanceof ClientMessage.Back) {
      return session.back();
    } else if (command instanceof ClientMessage.Finish) {
      return session.finish();
    } else if (command instanceof ClientMessage.Remove remove) {
      return session.remove(remove.participantId());
    } else if (command instanceof ClientMessage.ShowTally showTally) {
      return session.showTally(showTally.show());
    } else if (command instanceof ClientMessage.ShowRemark show) {
      return session.showRemark(show.remarkId());
    } else if (command instanceof ClientMessage.WithdrawRemark) {
      return session.withdrawRemark();
    } else if (command instanceof ClientMessage.HideRemark hide) {
      return session.hideRemark(hide.remarkId());
    }
    throw new CommandRejected(ErrorCode.UNKNOWN_TYPE, "Onbekende opdracht.");
  }

  /** Bulk removal: one event per participant, one reply and one coalesced membership state for all. */
  void onRemovedMany(Message<Object> message, List<SessionEvent.ParticipantRemoved> removals) {
    boolean hadVote = false;
    List<String> ids = new java.util.ArrayList<>();
    for (SessionEvent.ParticipantRemoved removed : removals) {
      hadVote |= session.voteOf(removed.participantId()).isPresent();
      record(removed);
      ids.add(removed.participantId());
    }
    String answer = Frames.removedMany(ids);
    whenDurable(() -> {
      for (String id : ids) {
        presence.forget(id);
        publish(new Bus.Outbound(Bus.Audience.ONE, id, Frames.removed(), true));
      }
      message.reply(Bus.Reply.frame(answer));
      updates.membershipChanged();
    }, () -> replyLost(message));
    if (hadVote) {
      updates.tallyChanged();
    }
  }

  private void onRemoved(Message<Object> message, SessionEvent.ParticipantRemoved removed) {
    Participant participant = session.participant(removed.participantId()).orElseThrow();
    boolean hadVote = session.voteOf(participant.id()).isPresent();
    record(removed);
    whenDurable(() -> {
      presence.forget(participant.id());
      publish(new Bus.Outbound(Bus.Audience.ONE, participant.id(), Frames.removed(), true));
      message.reply(Bus.Reply.none());
      updates.membershipChanged();
    }, () -> replyLost(message));
    if (hadVote) {
      updates.tallyChanged();
    }
  }

  /** Stage, result or step changed: every connection gets the new state, each audience's text made once. */
  void broadcastState(Message<Object> message) {
    Bus.Outbound states = roomState(false);
    updates.membershipSent();
    whenDurable(() -> {
      publish(states);
      message.reply(Bus.Reply.none());
    }, () -> replyLost(message));
  }

  /**
   * The state for every audience as one bus message (one crossing per cluster member), each text made once at
   * the moment it describes. Phones on the compact state get it only when something they show changed (not
   * for a lock or a remark on the beamer), with the route's last step, or the whole route when
   * {@code wholeRoute} (after a rebuild or a change of owner, when a phone's route may be behind by more than
   * a step).
   */
  private Bus.Outbound roomState(boolean wholeRoute) {
    Frames.CompactState compact = Frames.compactState(session, wholeRoute);
    String compactFrame = wholeRoute || !compact.equals(lastCompact) ? Frames.compactStateFrame(compact) : null;
    lastCompact = compact;
    Frames.PhoneState phones = Frames.participantStateFrame(session);
    return Bus.Outbound.room(new Bus.Outbound.PerAudience(phones.frame(), compactFrame,
        Frames.facilitatorStateFrame(session, presence), Frames.viewerStateFrame(session, presence), phones.view()));
  }

  void replyLost(Message<Object> message) {
    message.reply(Bus.Reply.frame(Frames.error(ErrorCode.STORE_UNAVAILABLE,
        "Dit is niet opgeslagen: de opslag hapert. Probeer het opnieuw.")));
  }

  // ---- coalesced frames to facilitators (FacilitatorUpdates decides when) ----

  private void sendMembership() {
    whenDurable(() -> summary.saveSoon(session, System.currentTimeMillis()), () -> { });
    Bus.Outbound states = Bus.Outbound.room(new Bus.Outbound.PerAudience(null, null,
        Frames.facilitatorStateFrame(session, presence), Frames.viewerStateFrame(session, presence)));
    whenDurable(() -> publish(states), () -> { });
  }

  /** Waits for the votes it counts: a tally never shows a vote the store may still lose. */
  private void sendTally() {
    if (session.stage() != Stage.VOTING) {
      return;
    }
    String tally = Frames.tally(session, presence);
    Bus.Outbound tallies = Bus.Outbound.room(new Bus.Outbound.PerAudience(null, null, tally, tally));
    whenDurable(() -> toHubs(Bus.tallies(session.sessionId()), tallies, tallyListeners), () -> { });
  }

  /**
   * Saves the session's row now (call once what it shows is durable), then runs {@code then} on this owner's
   * context, whether the row could be written or not.
   */
  void saveSummary(Runnable then) {
    summary.save(session).onComplete(ar -> context.runOnContext(v -> then.run()));
  }

  void publish(Bus.Outbound outbound) {
    toHubs(Bus.out(session.sessionId()), outbound, listeners);
  }

  /**
   * To the hubs on this server at {@code address}, and on a cluster once to each of {@code members} (their
   * {@link HubDesk}s pass it on to their own hubs at the same address).
   */
  private void toHubs(String address, Bus.Outbound outbound, Set<String> members) {
    if (desk == null) {
      vertx.eventBus().publish(address, outbound);
      return;
    }
    vertx.eventBus().publish(address, outbound, LOCAL_ONLY);
    DeliveryOptions toHubs = new DeliveryOptions().addHeader(Bus.TO, address);
    for (String member : members) {
      if (!member.equals(desk.nodeId())) {
        vertx.eventBus().send(Bus.hubs(member), outbound, toHubs);
      }
    }
  }

  // ---- durability ----

  void record(SessionEvent event) {
    session.apply(event);
    log.add(event);
    if (idle != null) {
      idle.activity(System.currentTimeMillis());
    }
  }

  /**
   * Nothing was stored for {@code BUURTROUTE_SESSION_IDLE_HOURS}: the session ends by itself, with its route
   * as it stood, so a forgotten session neither holds its join code nor is rebuilt at every start for ever.
   */
  private void endIdle() {
    // Only the session's current owner ends it: not one that hands it over or was fenced off (its clock stopped
    // then too). In a cluster a member that still believes it owns a session another member claimed cannot end
    // it either: its write lands after the claim's fencing event and is refused (see fencedOff).
    if (leaving || session.status() == Status.FINISHED) {
      return;
    }
    if (reloading) {
      vertx.setTimer(1_000, id -> endIdle());
      return;
    }
    record(session.finishIdle());
    endedIdle = true;
    Bus.Outbound states = roomState(false);
    whenDurable(() -> {
      publish(states);
      afterFinish();
    }, () -> { });
    log.flush();
  }

  void whenDurable(Runnable durable, Runnable lost) {
    log.whenDurable(durable, lost);
  }

  /** After a failed write the memory is ahead of the store; the store is the truth, so start again from it. */
  private void reload(Throwable cause) {
    if (clustered && cause instanceof SequenceConflictException) {
      fencedOff();
      return;
    }
    LOG.log(Level.SEVERE, "store write failed for session " + session.sessionId() + "; reloading it", cause);
    reload();
  }

  private void reload() {
    reloading = true;
    store.events(session.sessionId()).onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        LOG.log(Level.SEVERE, "cannot reload session " + session.sessionId() + "; retrying in 1 s", ar.cause());
        vertx.setTimer(1000, id -> reload());
        return;
      }
      List<StoredEvent> events = ar.result();
      session = Session.reconstitute(session.sessionId(), session.content(),
          events.stream().map(e -> EventJson.fromJson(e.type(), e.json())).toList());
      log.restartAt(events.isEmpty() ? 0 : events.get(events.size() - 1).seq());
      tokens.rebuild(session);
      Set<String> known = session.participants().stream().filter(p -> !p.removed())
          .map(Participant::id).collect(Collectors.toSet());
      presence.retainOnly(known);
      reloading = false;
      clock.arm(session);
      // Everyone sees the store's truth again, the facilitator's tally included.
      publish(roomState(true));
      if (session.stage() == Stage.VOTING) {
        publish(new Bus.Outbound(Bus.Audience.FACILITATORS, null, Frames.tally(session, presence), false));
      }
    }));
  }

  private void afterFinish() {
    if (idle != null) {
      idle.stop();
    }
    clock.cancel();
    vertx.eventBus().send(Bus.SESSION_ENDED, session.sessionId());
    // Phones may still look at the final state for a while; then the memory is better spent elsewhere.
    vertx.setTimer(FINISHED_LINGER_MILLIS, id -> release("it finished ten minutes ago"));
    // The code stops answering once the store says finished: a join that finds no owner asks the store, and
    // an open row there would read as a session on the move (store_unavailable) instead of a wrong code.
    summary.save(session).onComplete(saved -> stopListeningForJoins());
    LOG.info("session " + session.sessionId() + " finished with " + session.route().size() + " steps"
        + (endedIdle ? " (ended by itself: nothing happened for " + limits.sessionIdle() + ")" : ""));
  }
}
