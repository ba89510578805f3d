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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that changes a live session. Commands arrive in order on this verticle's context; each is
 * checked by {@link Session}, applied at once (so the next command sees it) and stored. What a command
 * produces (a welcome, a {@code voted}, a new state) is serialised at that moment and sent only once the
 * store has committed the events it shows. Events that arrive while a write is in flight form the next
 * batch, so a room voting at once costs a handful of commits, not one per vote.
 */
final class SessionOwnerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(SessionOwnerVerticle.class.getName());
  /** Tallies and membership states to facilitators: at most one per this many ms, the latest within it. */
  static final long COALESCE_MILLIS = 100;
  private static final long FINISHED_LINGER_MILLIS = 10 * 60_000;
  /** The session row's participant count (for listings) follows joins at most this often. */
  private static final long SUMMARY_MILLIS = 5_000;

  private final Store store;
  private final LiveLimits limits;
  private Session session;
  private final long recoveredSeq;
  private DurableLog log;
  private final PresenceBook presence = new PresenceBook();
  private final Map<String, String> participantByTokenHash = new HashMap<>();
  private boolean reloading;
  /** In a cluster, a refused write means another member claimed the session (see ClusterOwnership). */
  private final boolean clustered;
  /** Set once this owner is on its way out (moved, or the server stops): it answers nothing more. */
  private boolean leaving;

  private boolean membershipDirty;
  private boolean tallyDirty;
  private long coalesceTimer = -1;
  private long lastCoalescedAt;
  private long lastSummaryAt;

  private MessageConsumer<Object> joinConsumer;

  SessionOwnerVerticle(Session session, long lastSeq, Store store, LiveLimits limits, boolean clustered) {
    this.session = session;
    this.clustered = clustered;
    this.recoveredSeq = lastSeq;
    this.store = store;
    this.limits = limits;
    indexTokens();
  }

  @Override
  public Future<?> start() {
    log = new DurableLog(store, context, session.sessionId(), recoveredSeq, this::reload);
    MessageConsumer<Object> commands = vertx.eventBus().consumer(Bus.session(session.sessionId()), this::onCommand);
    if (session.status() == Status.FINISHED) {
      return commands.completion();
    }
    joinConsumer = vertx.eventBus().consumer(Bus.join(session.joinCode()), this::onJoin);
    return Future.all(commands.completion(), joinConsumer.completion()).onSuccess(v -> {
      if (clustered) {
        announce();
      }
    });
  }

  /**
   * This server just took the session over (or created it): connections on every member get the state as the
   * store has it, and every hub says which participants it holds, since presence is not in the store.
   */
  private void announce() {
    String out = Bus.out(session.sessionId());
    vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.PARTICIPANTS, null,
        Frames.participantStateFrame(session), false));
    vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.FACILITATORS, null,
        Frames.facilitatorStateFrame(session, presence), false));
    vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.ROLL_CALL, null, null, false));
  }

  /** Leaving (the session moves, or the server stops): answers nothing more and finishes its pending write. */
  @Override
  public Future<?> stop() {
    leaving = true;
    Promise<Void> written = Promise.promise();
    log.flush();
    log.whenDurable(written::tryComplete, written::tryComplete);
    return written.future();
  }

  /**
   * The store refused a write because another member claimed this session: this server was cut off or paused
   * while the cluster moved the session. It gives the session up at once; this server's sockets of the session
   * reconnect and resume, which brings them to the new owner.
   */
  private void fencedOff() {
    leaving = true;
    LOG.warning("session " + session.sessionId() + ": another member took it over while this one was cut off or "
        + "paused (its write was refused); giving it up");
    vertx.eventBus().publish(Bus.out(session.sessionId()),
        new Bus.Outbound(Bus.Audience.EVERYONE, null, null, true), new DeliveryOptions().setLocalOnly(true));
    release("another member took it over (its write was refused)");
  }

  private void release(String reason) {
    vertx.eventBus().send(Bus.RELEASE_SESSION, new JsonObject().put("sessionId", session.sessionId())
        .put("reason", reason), new DeliveryOptions().setLocalOnly(true));
  }

  // ---- commands ----

  private void onJoin(Message<Object> message) {
    if (!(message.body() instanceof Bus.JoinRequest request)) {
      return;
    }
    handle(message, () -> {
      String resumeToken = request.joinKey() == null
          ? Tokens.newResumeToken(session.sessionId())
          : session.sessionId() + "." + request.joinKey();
      if (request.joinKey() != null && participantByTokenHash.containsKey(Tokens.hash(resumeToken))) {
        // The same join again: its welcome was lost on the way (flaky Wi-Fi). Same participant, no double.
        onResume(message, new Bus.ResumeRequest(resumeToken));
        return;
      }
      if (session.activeParticipants() >= limits.maxParticipantsPerSession()) {
        throw new CommandRejected(ErrorCode.SESSION_FULL, "Deze sessie zit vol. Vraag de begeleider om hulp.");
      }
      SessionEvent.ParticipantJoined joined = session.join(request.name(), request.rol(), Tokens.hash(resumeToken));
      record(joined);
      participantByTokenHash.put(joined.resumeTokenHash(), joined.participantId());
      Participant participant = session.participant(joined.participantId()).orElseThrow();
      presence.connected(participant.id(), participant.rol());
      String welcome = Frames.participantWelcome(session, participant, resumeToken);
      Bus.Identity identity = new Bus.Identity(session.sessionId(), participant.id());
      whenDurable(() -> message.reply(new Bus.Reply(welcome, identity, false)), () -> replyLost(message));
      membershipChanged();
    });
  }

  private void onCommand(Message<Object> message) {
    Object body = message.body();
    if (body instanceof Bus.VoteRequest vote) {
      handle(message, () -> onVote(message, vote));
    } else if (body instanceof Bus.ControlRequest control) {
      handle(message, () -> onControl(message, control.control()));
    } else if (body instanceof Bus.ResumeRequest resume) {
      handle(message, () -> onResume(message, resume));
    } else if (body instanceof Bus.FacilitateRequest facilitate) {
      handle(message, () -> onFacilitate(message, facilitate));
    } else if (body instanceof Bus.Disconnected gone) {
      onDisconnected(gone);
    } else if (body instanceof Bus.Present present) {
      onPresent(present);
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
    flush();
  }

  private void onVote(Message<Object> message, Bus.VoteRequest request) {
    SessionEvent.VoteCast vote = session.vote(request.participantId(), request.vraagId(), request.antwoordId());
    record(vote);
    Metrics.VOTES.increment();
    String voted = Frames.voted(vote.vraagId(), vote.antwoordId());
    whenDurable(() -> message.reply(Bus.Reply.frame(voted)), () -> replyLost(message));
    tallyChanged();
  }

  private void onResume(Message<Object> message, Bus.ResumeRequest request) {
    String participantId = participantByTokenHash.get(Tokens.hash(request.resumeToken()));
    Participant participant = participantId == null ? null : session.participant(participantId).orElse(null);
    if (participant == null || participant.removed()) {
      throw new CommandRejected(ErrorCode.BAD_TOKEN, participant == null
          ? "Deze code om terug te komen klopt niet. Meld je opnieuw aan."
          : "Je bent uit deze sessie gehaald.");
    }
    presence.connected(participant.id(), participant.rol());
    String welcome = Frames.participantWelcome(session, participant, request.resumeToken());
    Bus.Identity identity = new Bus.Identity(session.sessionId(), participant.id());
    whenDurable(() -> message.reply(new Bus.Reply(welcome, identity, false)), () -> replyLost(message));
    membershipChanged();
  }

  private void onFacilitate(Message<Object> message, Bus.FacilitateRequest request) {
    if (!Tokens.matches(request.facilitatorToken(), session.facilitatorTokenHash())) {
      throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze begeleiderscode klopt niet.");
    }
    String welcome = Frames.facilitatorWelcome(session, presence);
    Bus.Identity identity = new Bus.Identity(session.sessionId(), null);
    whenDurable(() -> message.reply(new Bus.Reply(welcome, identity, false)), () -> replyLost(message));
  }

  private void onPresent(Bus.Present present) {
    for (String participantId : present.participantIds()) {
      session.participant(participantId).filter(p -> !p.removed()).ifPresent(p -> presence.reported(p.id(), p.rol()));
    }
    membershipChanged();
  }

  private void onDisconnected(Bus.Disconnected gone) {
    if (gone.participantId() == null) {
      return;
    }
    session.participant(gone.participantId()).ifPresent(p -> {
      presence.disconnected(p.id(), p.rol());
      membershipChanged();
      if (session.stage() == Stage.VOTING) {
        tallyChanged();
      }
    });
  }

  private void onControl(Message<Object> message, ClientMessage.Control control) {
    SessionEvent event = switch (control.kind()) {
      case "openVoting" -> session.openVoting();
      case "closeVoting" -> session.closeVoting();
      case "decide" -> session.decide(control.antwoordId());
      case "next" -> session.next();
      case "back" -> session.back();
      case "finish" -> session.finish();
      case "remove" -> session.remove(control.participantId());
      case "showTally" -> session.showTally(control.show());
      default -> throw new CommandRejected(ErrorCode.UNKNOWN_TYPE, "Onbekende opdracht.");
    };
    if (event instanceof SessionEvent.ParticipantRemoved removed) {
      onRemoved(message, removed);
      return;
    }
    record(event);
    broadcastState(message);
    if (event instanceof SessionEvent.VotingOpened) {
      tallyChanged();
    }
    if (event instanceof SessionEvent.SessionFinished) {
      whenDurable(this::afterFinish, () -> { });
    }
    if (event instanceof SessionEvent.SessionStarted) {
      whenDurable(this::saveSummary, () -> { });
    }
  }

  private void onRemoved(Message<Object> message, SessionEvent.ParticipantRemoved removed) {
    Participant participant = session.participant(removed.participantId()).orElseThrow();
    boolean hadVote = session.voteOf(participant.id()).isPresent();
    record(removed);
    presence.forget(participant.id(), participant.rol());
    String facilitatorState = Frames.facilitatorStateFrame(session, presence);
    String out = Bus.out(session.sessionId());
    whenDurable(() -> {
      vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.ONE, participant.id(), Frames.removed(), true));
      vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.FACILITATORS, null, facilitatorState, false));
      message.reply(Bus.Reply.none());
    }, () -> replyLost(message));
    if (hadVote) {
      tallyChanged();
    }
  }

  /** Stage, result or step changed: every connection gets the new state, each audience's text made once. */
  private void broadcastState(Message<Object> message) {
    String participantState = Frames.participantStateFrame(session);
    String facilitatorState = Frames.facilitatorStateFrame(session, presence);
    String out = Bus.out(session.sessionId());
    membershipDirty = false;
    whenDurable(() -> {
      vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.PARTICIPANTS, null, participantState, false));
      vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.FACILITATORS, null, facilitatorState, false));
      message.reply(Bus.Reply.none());
    }, () -> replyLost(message));
  }

  private void replyLost(Message<Object> message) {
    message.reply(Bus.Reply.frame(Frames.error(ErrorCode.STORE_UNAVAILABLE,
        "Dit is niet opgeslagen: de opslag hapert. Probeer het opnieuw.")));
  }

  // ---- coalesced updates to facilitators ----

  private void membershipChanged() {
    membershipDirty = true;
    scheduleCoalesced();
  }

  private void tallyChanged() {
    tallyDirty = true;
    scheduleCoalesced();
  }

  private void scheduleCoalesced() {
    if (coalesceTimer >= 0) {
      return;
    }
    long wait = Math.max(1, lastCoalescedAt + COALESCE_MILLIS - System.currentTimeMillis());
    coalesceTimer = vertx.setTimer(wait, id -> sendCoalesced());
  }

  private void sendCoalesced() {
    coalesceTimer = -1;
    lastCoalescedAt = System.currentTimeMillis();
    String out = Bus.out(session.sessionId());
    if (membershipDirty) {
      membershipDirty = false;
      if (lastCoalescedAt - lastSummaryAt >= SUMMARY_MILLIS) {
        lastSummaryAt = lastCoalescedAt;
        whenDurable(this::saveSummary, () -> { });
      }
      String state = Frames.facilitatorStateFrame(session, presence);
      whenDurable(() -> vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.FACILITATORS, null, state, false)),
          () -> { });
    }
    if (tallyDirty) {
      tallyDirty = false;
      if (session.stage() == Stage.VOTING) {
        vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.FACILITATORS, null,
            Frames.tally(session, presence), false));
      }
    }
  }

  // ---- durability ----

  private void record(SessionEvent event) {
    session.apply(event);
    log.add(event);
  }

  private void whenDurable(Runnable durable, Runnable lost) {
    log.whenDurable(durable, lost);
  }

  private void flush() {
    log.flush();
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
      indexTokens();
      reloading = false;
      String out = Bus.out(session.sessionId());
      vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.PARTICIPANTS, null,
          Frames.participantStateFrame(session), false));
      vertx.eventBus().publish(out, new Bus.Outbound(Bus.Audience.FACILITATORS, null,
          Frames.facilitatorStateFrame(session, presence), false));
    }));
  }

  private void indexTokens() {
    participantByTokenHash.clear();
    session.participants().forEach(p -> participantByTokenHash.put(p.resumeTokenHash(), p.id()));
  }

  private void afterFinish() {
    if (joinConsumer != null) {
      joinConsumer.unregister();
      joinConsumer = null;
    }
    vertx.eventBus().send(Bus.SESSION_ENDED, session.sessionId());
    // Phones may still look at the final state for a while; then the memory is better spent elsewhere.
    vertx.setTimer(FINISHED_LINGER_MILLIS, id -> release("it finished ten minutes ago"));
    saveSummary();
    LOG.info("session " + session.sessionId() + " finished with " + session.route().size() + " steps");
  }

  /** Keeps the session row (status, counts, dates) in step for listings; the events stay the truth. */
  private void saveSummary() {
    store.findSession(session.sessionId())
        .compose(found -> found.map(row -> store.updateSession(new Store.SessionRecord(row.sessionId(), row.title(),
            row.neighbourhood(), row.joinCode(), row.facilitatorTokenHash(), row.reviewTokenHash(),
            session.status().wire(), session.activeParticipants(), row.createdAt(),
            row.startedAt() != null || session.status() == Status.LOBBY ? row.startedAt() : Instant.now(),
            session.status() == Status.FINISHED ? Instant.now() : null))).orElse(Future.succeededFuture()))
        .onFailure(e -> LOG.log(Level.WARNING, "cannot update session row " + session.sessionId(), e));
  }
}
