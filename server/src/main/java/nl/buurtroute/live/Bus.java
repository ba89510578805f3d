package nl.buurtroute.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import nl.buurtroute.json.Json;
import nl.buurtroute.ops.Metrics;

import java.io.IOException;
import java.util.List;

/**
 * The messages between connections and session owners, and their event-bus addresses: one address per
 * session for commands, one per open join code, one per session for what goes out to its connections.
 * Locally they travel as objects (no serialising); across a cluster the same codec writes them as JSON.
 */
public final class Bus {
  public static final String CREATE_SESSION = "buurtroute.sessions.create";
  /** An owner says its session finished, so the manager counts one open session less. */
  static final String SESSION_ENDED = "buurtroute.sessions.ended";
  /** An owner asks the manager of its own server to stop it; body {sessionId, deploymentId, reason}. */
  static final String RELEASE_SESSION = "buurtroute.sessions.release";

  private Bus() {
  }

  static String session(String sessionId) {
    return "buurtroute.session." + sessionId;
  }

  /** Where a member hears that a stopping member hands it sessions (JSON: from, sessions[{sessionId, epoch}]). */
  static String handover(String nodeId) {
    return "buurtroute.cluster.handover." + nodeId;
  }

  /**
   * A cluster member's desk: owner-bound messages from any member arrive here, with the owner's local address in
   * the {@link #TO} header, and go on to the owner on this member. Sessions' own addresses stay local, so a
   * member that starts or takes over a thousand sessions writes nothing to the cluster's subscription map.
   */
  static String desk(String nodeId) {
    return "buurtroute.cluster.desk." + nodeId;
  }

  /** The header that names a desk message's local address. */
  static final String TO = "to";

  /** The header that names the member a message to a desk comes from (its owner sends that member broadcasts). */
  static final String FROM = "from";

  /**
   * A cluster member's hubs: a session's broadcasts from an owner on another member arrive here, with the local
   * address in the {@link #TO} header ({@link #out} or {@link #tallies}), and go on to the hubs on this member
   * that hold sockets of the session ({@link HubDesk}). Hubs listen on local addresses only, so that nothing about
   * a session is written to the cluster's subscription map, whose updates reach other members seconds late when
   * thousands of phones join at once: a state published to a member the owner did not see yet was lost.
   */
  static String hubs(String nodeId) {
    return "buurtroute.cluster.hubs." + nodeId;
  }

  /** Every member's hubs at once: what a new owner asks of all of them (its roll call) and the state it found. */
  static final String ALL_HUBS = "buurtroute.cluster.hubs";

  /**
   * A desk's failure code for a message whose owner does not run on its member (any more): the sender looks the
   * session up again. Negative, so it never meets an owner's own failure codes.
   */
  static final int NOT_HERE = -404;

  /** Whether a request found no owner: no handler at the address, or a desk without the owner. */
  static boolean noOwner(Throwable failure) {
    return failure instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS
        || re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == NOT_HERE);
  }

  static String join(String joinCode) {
    return "buurtroute.join." + joinCode;
  }

  /** Joins by link go here: the address holds a hash of the join secret, so only the secret finds it. */
  static String joinBySecret(String joinSecret) {
    return "buurtroute.joinsecret." + nl.buurtroute.session.Tokens.hash(joinSecret);
  }

  static String out(String sessionId) {
    return "buurtroute.session." + sessionId + ".out";
  }

  /**
   * Where a session's tallies go: only hubs that hold a facilitator or a beamer of the session listen here, so
   * on a cluster the frame sent most often during a vote never crosses to a member that holds only phones.
   */
  static String tallies(String sessionId) {
    return "buurtroute.session." + sessionId + ".tallies";
  }

  // ---- from a connection to the owner ----
  /**
   * A client's message on its way to the session owner, as the client sent it. {@code participantId} is who
   * the sending connection speaks for (null for a greeting and for a facilitator); the connection sets it,
   * never the client. {@code joinBase} is the address phones reach this server at (such as
   * {@code http://192.168.1.20:8080}), for join links the owner makes; null when not known.
   */
  record Command(String participantId, ClientMessage message, String joinBase) {
    Command(String participantId, ClientMessage message) {
      this(participantId, message, null);
    }
  }

  /**
   * A hub's answer to a roll call: the participants it holds a connection of. On a cluster also its member
   * ({@code nodeId}, null on a server alone), which the owner sends its broadcasts to from then on, and whether the
   * hub holds a facilitator or a beamer ({@code tallies}), which the owner sends tallies to as well.
   */
  record Present(List<String> participantIds, String nodeId, boolean tallies) {
  }

  /**
   * A hub on cluster member {@code nodeId} holds sockets of the session now (with {@code tallies}: a facilitator's
   * or a beamer's as well): the owner sends its broadcasts (and tallies) to that member from then on, and the
   * current state at once, as whatever it sent before this arrived passed that member by.
   */
  record Listening(String nodeId, boolean tallies) {
  }

  /** One connection of a participant (or, with a null id, of a facilitator) went away. */
  record Disconnected(String participantId) {
  }

  // ---- from the owner back ----
  /** The answer to one request: a frame to write (may be null), who the connection now is, and whether to close. */
  record Reply(String frame, Identity identity, boolean close) {
    static Reply frame(String frame) {
      return new Reply(frame, null, false);
    }

    static Reply none() {
      return new Reply(null, null, false);
    }
  }

  /**
   * Who a connection speaks for once welcomed; participantId null means the facilitator, or a viewer (a
   * beamer) when {@code viewer} is set.
   */
  record Identity(String sessionId, String participantId, boolean viewer) {
    Identity(String sessionId, String participantId) {
      this(sessionId, participantId, false);
    }

    static Identity viewerOf(String sessionId) {
      return new Identity(sessionId, null, true);
    }

    boolean facilitator() {
      return participantId == null && !viewer;
    }
  }

  /**
   * VIEWERS: the session's beamers (viewer token), which see what the room sees and control nothing.
   * EVERYONE (no frame, close): this server's sockets of the session reconnect, the session moved away.
   * ROLL_CALL (no frame): a new owner asks every hub which participants it holds (answered with {@link Present}).
   * ROOM: one broadcast with a frame per audience ({@link Outbound#room()}), so a state change or a tally is one
   * message that crosses to each member of a cluster once, however many audiences it reaches.
   */
  enum Audience { PARTICIPANTS, FACILITATORS, ONE, VIEWERS, EVERYONE, ROLL_CALL, ROOM }

  /**
   * A frame for some connections of a session: serialised once by the owner, written by every hub. For
   * {@link Audience#ROOM} the frames are in {@code room}, one per audience, and {@code frame} is null.
   */
  record Outbound(Audience audience, String participantId, String frame, boolean close, PerAudience room,
                  String ownerNode) {
    Outbound(Audience audience, String participantId, String frame, boolean close) {
      this(audience, participantId, frame, close, null, null);
    }

    static Outbound room(PerAudience frames) {
      return new Outbound(Audience.ROOM, null, null, false, frames, null);
    }

    /**
     * An owner that just started asks every hub which participants it holds. On a cluster it says which member
     * it runs on ({@code ownerNode}), so hubs answer there, and send there from then on, without asking the store.
     */
    static Outbound rollCall(String ownerNode) {
      return new Outbound(Audience.ROLL_CALL, null, null, false, null, ownerNode);
    }

    /** The frame this message has for one audience (PARTICIPANTS: those on the contract's whole state); or null. */
    String frameFor(Audience who) {
      if (audience == Audience.ROOM) {
        return switch (who) {
          case PARTICIPANTS -> room.participants();
          case FACILITATORS -> room.facilitators();
          case VIEWERS -> room.viewers();
          default -> null;
        };
      }
      return audience == who ? frame : null;
    }

    /**
     * The texts of one broadcast, each made once by the owner; null where that audience gets nothing.
     * {@code participants}: phones on the contract's whole state; {@code compactParticipants}: phones that asked
     * for the compact state (PROTOCOL.md, "Compact state for phones"). A tally is the same text for facilitators
     * and viewers (hubs then encode it once).
     *
     * <p>{@code phonesView}: a digest of the state the phones' texts show, or 0. A hub whose phones all got a state
     * with the same digest skips them: a new owner's first state after a takeover is almost always the one its
     * phones have, and sending it again to every phone of a thousand rooms made the takeover seconds slower.
     * Facilitators and beamers always get theirs, as their texts also show who is present.
     */
    record PerAudience(String participants, String compactParticipants, String facilitators, String viewers,
                       long phonesView) {
      PerAudience(String participants, String compactParticipants, String facilitators, String viewers) {
        this(participants, compactParticipants, facilitators, viewers, 0);
      }
    }
  }

  // ---- session creation ----
  public record CreateSession(String title, String neighbourhood) {
  }

  public record SessionCreatedReply(String sessionId, String joinCode, String facilitatorToken, String reviewToken,
                                    String viewerToken, String joinSecret) {
    public SessionCreatedReply(String sessionId, String joinCode, String facilitatorToken, String reviewToken) {
      this(sessionId, joinCode, facilitatorToken, reviewToken, null, null);
    }
  }

  /** Every type sent on the bus with {@link RecordCodec}. */
  static final List<Class<?>> RECORDS = List.of(Command.class, Disconnected.class, Present.class, Listening.class,
      Reply.class, Outbound.class, CreateSession.class, SessionCreatedReply.class);

  /** Call once where the Vert.x instance is set up, before any verticle sends on the bus. */
  public static void registerCodecs(EventBus bus) {
    for (Class<?> type : RECORDS) {
      register(bus, type);
    }
  }

  private static <T> void register(EventBus bus, Class<T> type) {
    try {
      bus.registerDefaultCodec(type, new RecordCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // A second server on the same Vert.x (tests restart one in place): the codec is already there.
    }
  }

  /**
   * Passes the object itself within one JVM, and JSON (length-prefixed) between JVMs. It also counts what
   * crosses between members: Vert.x's clustered bus calls {@code encodeToWire} once per destination member (a
   * publish to three members encodes three times) and {@code decodeFromWire} when a local consumer reads a
   * message that came over the wire (once per consumer that reads it); local deliveries call neither.
   */
  record RecordCodec<T>(Class<T> type, ObjectWriter writer, ObjectReader reader, Counter sent, Counter received)
      implements MessageCodec<T, T> {
    /**
     * Jackson's reader and writer for the type are made once: {@code readValue(bytes, Class)} resolved the type
     * anew for every message, and a member taking a thousand sessions over spent its CPU compiling that.
     */
    RecordCodec(Class<T> type) {
      this(type, Json.MAPPER.writerFor(type), Json.MAPPER.readerFor(type),
          Metrics.busMessages(Metrics.BUS_SENT, type.getSimpleName()),
          Metrics.busMessages(Metrics.BUS_RECEIVED, type.getSimpleName()));
    }

    @Override
    public void encodeToWire(Buffer buffer, T t) {
      sent.increment();
      byte[] json = toBytes(writer, t);
      buffer.appendInt(json.length).appendBytes(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      received.increment();
      int length = buffer.getInt(pos);
      return fromBytes(reader, buffer.getBytes(pos + 4, pos + 4 + length));
    }

    /** The wire form of a message, as {@link #encodeToWire} writes it (without the length). */
    static byte[] toBytes(ObjectWriter writer, Object message) {
      try {
        return writer.writeValueAsBytes(message);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write " + message.getClass().getSimpleName(), e);
      }
    }

    static <T> T fromBytes(ObjectReader reader, byte[] json) {
      try {
        return reader.readValue(json);
      } catch (IOException e) {
        throw new IllegalArgumentException("unreadable " + reader.getValueType() + " from the cluster", e);
      }
    }

    @Override
    public T transform(T t) {
      return t;
    }

    @Override
    public String name() {
      return "buurtroute-" + type.getSimpleName();
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
