package nl.buurtroute.live;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sockets of one session on one event loop, and the owner's broadcasts to them: each broadcast is
 * encoded once and written a slice of sockets per turn of the loop, so votes get in between.
 *
 * <p>It listens on local addresses only. On a cluster it tells the session's owner that this member holds
 * sockets of the session ({@link Bus.Listening}); the owner then sends its broadcasts to this member's
 * {@link HubDesk}. Clustered consumers per session reached the owner's member through the cluster manager's
 * subscription map seconds late when a thousand rooms filled at once, and what the owner sent meanwhile was lost.
 */
final class SessionFanout {
  /** A broadcast is written to this many sockets per turn of the loop. */
  static final int BROADCAST_SLICE = 500;

  private final Vertx vertx;
  private final OwnerRoute route;
  private final String sessionId;
  private final MessageConsumer<Bus.Outbound> consumer;
  private final Runnable onEmpty;
  private final List<Connection> facilitators = new ArrayList<>();
  private final List<Connection> viewers = new ArrayList<>();
  private final Map<String, Connection> participants = new HashMap<>();
  private final ArrayDeque<Broadcast> broadcasts = new ArrayDeque<>();

  /** The sockets one broadcast goes to, each with its frame (the same few encoded frames shared by all). */
  private static final class Broadcast {
    final Connection[] targets;
    final WireFrame[] frames;
    final int size;
    int next;

    Broadcast(Connection[] targets, WireFrame[] frames, int size) {
      this.targets = targets;
      this.frames = frames;
      this.size = size;
    }
  }

  /** Listens to the session's tallies while this hub holds a facilitator or a viewer; null otherwise. */
  private MessageConsumer<Bus.Outbound> tallyConsumer;
  /** Whether the owner heard that this member listens (on a cluster; see {@link #tellOwner}). */
  private boolean toldOwner;
  /**
   * The {@link Bus.Outbound.PerAudience#phonesView} of the last state every phone here got; 0 when unknown,
   * as after a phone came in with its welcome, which may show another state.
   */
  private long phonesView;

  SessionFanout(Vertx vertx, OwnerRoute route, String sessionId, Runnable onEmpty) {
    this.vertx = vertx;
    this.route = route;
    this.sessionId = sessionId;
    this.onEmpty = onEmpty;
    this.consumer = vertx.eventBus().localConsumer(Bus.out(sessionId), this::onOutbound);
  }

  /**
   * On a cluster: tells the owner this member listens (with {@code tallies}: for tallies too). It answers with
   * the current state, so nothing it sent between this hub's welcome and now is missed here.
   */
  private void tellOwner(boolean tallies) {
    if (route.nodeId() != null) {
      route.sendToCurrentOwner(OwnerRoute.Target.session(sessionId), new Bus.Listening(route.nodeId(), tallies));
    }
  }

  private void onOutbound(Message<Bus.Outbound> message) {
    Bus.Outbound out = message.body();
    switch (out.audience()) {
      case ROOM -> broadcast(out.room());
      case PARTICIPANTS -> broadcast(new Bus.Outbound.PerAudience(out.frame(), out.frame(), null, null));
      case FACILITATORS -> broadcast(new Bus.Outbound.PerAudience(null, null, out.frame(), null));
      case VIEWERS -> broadcast(new Bus.Outbound.PerAudience(null, null, null, out.frame()));
      case ROLL_CALL -> {
        // On a cluster every hub answers, also one with only a facilitator: the answer says where to send.
        if (!participants.isEmpty() || route.nodeId() != null) {
          route.sendTo(out.ownerNode(), OwnerRoute.Target.session(sessionId),
              new Bus.Present(new ArrayList<>(participants.keySet()), route.nodeId(), tallyConsumer != null));
        }
      }
      case EVERYONE -> {
        // The session moved to another server; reconnecting and resuming brings each socket to its new owner.
        List<Connection> everyone = new ArrayList<>(participants.values());
        everyone.addAll(facilitators);
        everyone.addAll(viewers);
        everyone.forEach(c -> c.socket().close((short) 1012, "session moved"));
      }
      case ONE -> {
        Connection target = participants.get(out.participantId());
        if (target != null) {
          target.send(out.frame());
          if (out.close()) {
            participants.remove(out.participantId());
            target.removedFromSession();
          }
        }
      }
    }
  }

  /**
   * Writes each audience's frame, encoded once, to the connections that were here when it arrived:
   * facilitators and beamers first (a few sockets, and the people who lead the room), then the phones, each
   * in the form it asked for. Later broadcasts wait their turn, so each connection still gets the session's
   * frames in order.
   */
  private void broadcast(Bus.Outbound.PerAudience texts) {
    WireFrame facilitatorFrame = texts.facilitators() == null ? null : new WireFrame(texts.facilitators());
    WireFrame viewerFrame = texts.viewers() == null ? null
        : texts.viewers().equals(texts.facilitators()) ? facilitatorFrame : new WireFrame(texts.viewers());
    WireFrame fullFrame = texts.participants() == null ? null : new WireFrame(texts.participants());
    WireFrame compactFrame = texts.compactParticipants() == null ? null
        : texts.compactParticipants().equals(texts.participants()) ? fullFrame
        : new WireFrame(texts.compactParticipants());
    boolean toPhones = (fullFrame != null || compactFrame != null)
        && (texts.phonesView() == 0 || texts.phonesView() != phonesView);
    if (toPhones) {
      phonesView = texts.phonesView();
    }
    int most = (facilitatorFrame == null ? 0 : facilitators.size()) + (viewerFrame == null ? 0 : viewers.size())
        + (toPhones ? participants.size() : 0);
    Connection[] targets = new Connection[most];
    WireFrame[] frames = new WireFrame[most];
    int size = 0;
    if (facilitatorFrame != null) {
      for (Connection c : facilitators) {
        targets[size] = c;
        frames[size++] = facilitatorFrame;
      }
    }
    if (viewerFrame != null) {
      for (Connection c : viewers) {
        targets[size] = c;
        frames[size++] = viewerFrame;
      }
    }
    if (toPhones) {
      for (Connection c : participants.values()) {
        WireFrame frame = c.compactState() ? compactFrame : fullFrame;
        if (frame != null) {
          targets[size] = c;
          frames[size++] = frame;
        }
      }
    }
    if (size == 0) {
      return;
    }
    broadcasts.add(new Broadcast(targets, frames, size));
    if (broadcasts.size() == 1) {
      writeBroadcasts();
    }
  }

  private void writeBroadcasts() {
    Broadcast current = broadcasts.peek();
    if (current == null) {
      return;
    }
    int end = Math.min(current.size, current.next + BROADCAST_SLICE);
    for (int i = current.next; i < end; i++) {
      current.targets[i].send(current.frames[i]);
    }
    current.next = end;
    if (current.next >= current.size) {
      broadcasts.poll();
    }
    if (!broadcasts.isEmpty()) {
      // A timer, not runOnContext: Netty runs queued tasks up to a second before it reads sockets or fires
      // timers again, so slices queued as tasks would write the whole broadcast before any vote got in.
      vertx.setTimer(1, id -> writeBroadcasts());
    }
  }

  void add(Connection connection) {
    Bus.Identity identity = connection.identity();
    if (identity.viewer() || identity.facilitator()) {
      (identity.viewer() ? viewers : facilitators).add(connection);
      if (tallyConsumer == null) {
        tallyConsumer = vertx.eventBus().localConsumer(Bus.tallies(sessionId), this::onOutbound);
        tellOwner(true);
        toldOwner = true;
      }
      return;
    }
    if (!toldOwner) {
      tellOwner(false);
      toldOwner = true;
    }
    phonesView = 0;
    Connection previous = participants.put(identity.participantId(), connection);
    if (previous != null && previous != connection) {
      // The same phone came back on a new connection; the old one is a zombie that would hold presence.
      previous.socket().close((short) 4001, "replaced");
    }
  }

  void remove(Connection connection) {
    Bus.Identity identity = connection.identity();
    if (identity.viewer()) {
      viewers.remove(connection);
    } else if (identity.facilitator()) {
      facilitators.remove(connection);
    } else {
      participants.remove(identity.participantId(), connection);
    }
    if (facilitators.isEmpty() && viewers.isEmpty() && tallyConsumer != null) {
      tallyConsumer.unregister();
      tallyConsumer = null;
    }
    if (facilitators.isEmpty() && participants.isEmpty() && viewers.isEmpty()) {
      consumer.unregister();
      onEmpty.run();
    }
  }
}
