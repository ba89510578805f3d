package nl.buurtroute.live;

import io.vertx.core.eventbus.Message;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;
import nl.buurtroute.session.Participant;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Tokens;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Room control inside a session's owner (contract, "Room control"): lock and unlock, a new join code and
 * link, bulk removal, the people list by page, viewers (the beamer) and the join-rate warning. It runs on
 * the owner's context and changes the session only through the owner's {@code record}, like every command.
 */
final class RoomGuard {
  /** Joins within {@link #RATE_WINDOW_MILLIS} above this make the console warn (see PROTOCOL.md). */
  static final int JOIN_RATE_WARNING = 40;
  static final long RATE_WINDOW_MILLIS = 10_000;

  private final SessionOwnerVerticle owner;
  private final ArrayDeque<Long> recentJoins = new ArrayDeque<>();
  private long lastWarning;

  RoomGuard(SessionOwnerVerticle owner) {
    this.owner = owner;
    // A new owner (restart, or a takeover in a cluster) counts the joins of the last window from the events,
    // so a flood that goes on across the move still warns.
    long now = System.currentTimeMillis();
    owner.session.participants().stream()
        .map(p -> owner.session.joinedAt(p.id()))
        .filter(at -> at != null && now - at <= RATE_WINDOW_MILLIS)
        .sorted()
        .forEach(recentJoins::addLast);
  }

  boolean handles(ClientMessage message) {
    return message instanceof RoomControl.Lock || message instanceof RoomControl.Unlock
        || message instanceof RoomControl.NewJoinCode || message instanceof RoomControl.NewViewerToken
        || message instanceof RoomControl.People
        || message instanceof ClientMessage.Remove remove && (remove.participantIds() != null || remove.joinedAfter() != null);
  }

  void onCommand(Message<Object> message, Bus.Command command) {
    ClientMessage body = command.message();
    if (body instanceof RoomControl.Lock || body instanceof RoomControl.Unlock) {
      owner.record(owner.session.lock(body instanceof RoomControl.Lock));
      owner.broadcastState(message);
    } else if (body instanceof RoomControl.NewJoinCode) {
      newJoinCode(message, command.joinBase());
    } else if (body instanceof RoomControl.NewViewerToken) {
      String token = Tokens.newToken();
      owner.record(owner.session.newViewerToken(Tokens.hash(token)));
      String frame = Frames.viewerToken(token);
      owner.whenDurable(() -> message.reply(Bus.Reply.frame(frame)), () -> owner.replyLost(message));
    } else if (body instanceof RoomControl.People people) {
      message.reply(Bus.Reply.frame(page(people)));
    } else if (body instanceof ClientMessage.Remove remove) {
      List<SessionEvent.ParticipantRemoved> removals = owner.session.removeMany(remove.ids(), remove.joinedAfter());
      owner.onRemovedMany(message, removals);
    }
  }

  /**
   * A fresh code and secret; the old ones stop at once (their bus addresses go, on every member of a
   * cluster), so a code or link that was shared outside the room no longer lets anyone in. Once durable the
   * store's session row gets the new code too, so any member that finds no owner for it (the session moves)
   * learns from the store that it is open, and a new owner after a takeover listens on it (rebuilt from the
   * {@code joinCodeChanged} event). With 8 characters the chance that another open session holds it is below
   * one in 10^8 at 5,000 open sessions; the row's unique index refuses such a clash (logged).
   */
  private void newJoinCode(Message<Object> message, String joinBase) {
    String code = Tokens.newJoinCode();
    String secret = Tokens.newJoinSecret();
    owner.record(owner.session.newJoinCode(code, secret));
    owner.listenForJoins();
    String joinUrl = joinBase == null ? null : joinBase + "/j/" + code + "#" + secret;
    String frame = Frames.joinCode(code, joinUrl, secret);
    // The row first: once a screen shows the new code, the old one is unknown to the store too, so it is
    // answered bad_join_code and not store_unavailable (a session on the move) by any member.
    owner.whenDurable(() -> owner.saveSummary(() -> {
      owner.publish(new Bus.Outbound(Bus.Audience.FACILITATORS, null, frame, false));
      owner.publish(new Bus.Outbound(Bus.Audience.VIEWERS, null, frame, false));
      owner.broadcastState(message);
    }), () -> owner.replyLost(message));
  }

  /** Newest joins first, so the people who just came in (the ones to check) are on the first page. */
  private String page(RoomControl.People request) {
    String search = request.search() == null ? null : request.search().strip().toLowerCase(Locale.ROOT);
    List<Participant> active = owner.session.participants().stream().filter(p -> !p.removed()).toList();
    List<Participant> matched = active.stream()
        .filter(p -> search == null || search.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(search))
        .filter(p -> request.joinedAfter() == null || joinedAt(p) > request.joinedAfter())
        .sorted(Comparator.comparingLong(this::joinedAt).thenComparing(p -> number(p.id())).reversed())
        .toList();
    int from = Math.min(request.offsetOrDefault(), matched.size());
    int to = Math.min(matched.size(), from + request.limitOrDefault());
    List<Frames.PersonView> people = matched.subList(from, to).stream()
        .map(p -> Frames.person(owner.session, p, owner.presence)).toList();
    return Frames.peoplePage(active.size(), matched.size(), request.offsetOrDefault(), request.limitOrDefault(),
        people);
  }

  private long joinedAt(Participant p) {
    Long at = owner.session.joinedAt(p.id());
    return at == null ? 0 : at;
  }

  private static long number(String participantId) {
    try {
      return Long.parseLong(participantId.substring(1));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  void onView(Message<Object> message, ClientMessage.View request) {
    if (owner.session.viewerTokenHashes().stream().noneMatch(hash -> Tokens.matches(request.viewerToken(), hash))) {
      throw new CommandRejected(ErrorCode.BAD_TOKEN, "Deze sessie of kijkcode klopt niet.");
    }
    String welcome = Frames.viewerWelcome(owner.session, owner.presence);
    Bus.Identity identity = Bus.Identity.viewerOf(owner.session.sessionId());
    owner.welcomesFrom(message, true);
    owner.whenDurable(() -> message.reply(new Bus.Reply(welcome, identity, false)), () -> owner.replyLost(message));
  }

  /**
   * Counts a join; when joins come far faster than people in a room type or scan, facilitators hear it at
   * once (at most every few seconds), so they can lock the room before the list fills up.
   */
  void joined() {
    long now = System.currentTimeMillis();
    recentJoins.addLast(now);
    while (!recentJoins.isEmpty() && now - recentJoins.peekFirst() > RATE_WINDOW_MILLIS) {
      recentJoins.pollFirst();
    }
    if (recentJoins.size() > JOIN_RATE_WARNING && now - lastWarning >= 3_000) {
      lastWarning = now;
      String frame = Frames.joinRate(recentJoins.size(), RATE_WINDOW_MILLIS / 1000, owner.session.locked(), now,
          recentJoins.peekFirst());
      owner.whenDurable(() -> owner.publish(new Bus.Outbound(Bus.Audience.FACILITATORS, null, frame, false)),
          () -> { });
    }
  }
}
