package nl.buurtroute.live;

import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.Rol;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the live protocol's own code paths before the server listens, so the first room does not pay for a
 * cold JVM on its event loops: class loading, Jackson's first look at each frame and message record (it
 * builds a serialiser per type on first use, by reflection) and the interpreter's slow first passes. Without
 * it the first joins of an evening held an event loop for hundreds of milliseconds (issue 17).
 *
 * <p>It walks an in-memory session through the engine (join, open, vote, close, decide, next, to the end of
 * the route), renders every broadcast and reply frame of each step, maps every event to and from its stored
 * JSON and parses each client message type. Nothing reaches the store, the event bus or a socket: the
 * session lives only here and is dropped. Call it from a worker thread; it takes well under a second, beside the store's start.
 */
public final class Warmup {
  /** Enough passes for the JIT's first tier on the per-frame paths; the time is bounded by {@link #MAX_MILLIS}. */
  static final int SESSIONS = 12;
  static final long MAX_MILLIS = 1_000;
  private static final int PARTICIPANTS = 6;

  /** What the warm-up did, for the start-up log; {@code failure}: why it stopped early, or null. */
  public record Report(int sessions, int frames, long millis, String failure) {
  }

  private Warmup() {
  }

  public static Report run(Content content) {
    long start = System.nanoTime();
    long deadline = start + MAX_MILLIS * 1_000_000;
    int frames = 0;
    int sessions = 0;
    String failure = null;
    while (sessions < SESSIONS && System.nanoTime() < deadline) {
      try {
        frames += walk(content).frames();
        frames += parseMessages();
      } catch (RuntimeException e) {
        // A warm-up is an optimisation: content it cannot walk (a beslisboom from BUURTROUTE_CONTENT_DIR that
        // the engine rejects somewhere on this path) must never keep the server from starting.
        failure = e.toString();
        break;
      }
      sessions++;
    }
    return new Report(sessions, frames, (System.nanoTime() - start) / 1_000_000, failure);
  }

  /** One walk: the session at its end, and how many frames were rendered on the way. */
  record Walk(Session session, int frames) {
  }

  /** One session from creation to finish, every frame of each step rendered. */
  static Walk walk(Content content) {
    Recorder room = new Recorder();
    Session session = Session.create("warmup", content, new SessionEvent.SessionCreated(
        "Opwarmen", "Buurt", "WARM01", "0".repeat(64), "1".repeat(64)));
    room.stored(new SessionEvent.SessionCreated("Opwarmen", "Buurt", "WARM01", "0".repeat(64), "1".repeat(64)));
    PresenceBook presence = new PresenceBook();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < PARTICIPANTS; i++) {
      Rol rol = content.rollen().get(i % content.rollen().size());
      SessionEvent.ParticipantJoined joined = session.join("Deelnemer " + i, rol.id(),
          Integer.toHexString(i).repeat(64).substring(0, 64), System.currentTimeMillis());
      room.apply(session, joined);
      presence.connected(joined.participantId(), rol.id());
      ids.add(joined.participantId());
      room.frame(Frames.participantWelcome(session, session.participant(joined.participantId()).orElseThrow(), "t"));
      room.frame(Frames.facilitatorStateFrame(session, presence));
    }
    room.frame(Frames.facilitatorWelcome(session, presence));
    room.frame(Frames.viewerWelcome(session, presence));
    room.apply(session, session.next());
    room.states(session, presence, true);
    while (session.vraagId() != null) {
      room.apply(session, session.openVoting());
      room.states(session, presence, false);
      List<Antwoord> antwoorden = content.vraag(session.vraagId()).orElseThrow().antwoorden();
      for (int i = 0; i < ids.size(); i++) {
        String participantId = ids.get(i);
        String rol = session.participant(participantId).orElseThrow().rol();
        // An antwoord open to this participant's rol (some are for one rol only), not always the first.
        antwoorden.stream().filter(a -> a.allows(rol)).skip(i % 2).findFirst()
            .or(() -> antwoorden.stream().filter(a -> a.allows(rol)).findFirst())
            .ifPresent(choice -> {
              room.apply(session, session.vote(participantId, session.vraagId(), choice.id()));
              room.frame(Frames.voted(session.vraagId(), choice.id()));
              room.frame(Frames.tally(session, presence));
            });
      }
      room.apply(session, session.closeVoting());
      room.states(session, presence, false);
      if (session.result() == null) {
        room.apply(session, session.decide(antwoorden.get(0).id()));
        room.states(session, presence, false);
      }
      room.apply(session, session.next());
      room.states(session, presence, false);
    }
    room.apply(session, session.finish());
    room.states(session, presence, false);
    room.frame(Frames.error(ErrorCode.WRONG_STAGE, "Opwarmen"));
    room.frame(Frames.pong());
    return new Walk(session, room.frames);
  }

  /** Every client message type the live protocol reads, through the same parser as a socket's text. */
  private static int parseMessages() {
    String[] texts = {
        "{\"type\":\"join\",\"joinCode\":\"WARM01\",\"name\":\"Deelnemer\",\"rol\":\"inwoner\",\"compactState\":true}",
        "{\"type\":\"resume\",\"resumeToken\":\"abc\",\"compactState\":true}",
        "{\"type\":\"facilitate\",\"sessionId\":\"s\",\"facilitatorToken\":\"t\"}",
        "{\"type\":\"view\",\"sessionId\":\"s\",\"viewerToken\":\"t\"}",
        "{\"type\":\"ping\"}",
        "{\"type\":\"vote\",\"vraagId\":\"v\",\"antwoordId\":\"a\"}",
        "{\"type\":\"openVoting\"}",
        "{\"type\":\"closeVoting\"}",
        "{\"type\":\"decide\",\"antwoordId\":\"a\"}",
        "{\"type\":\"next\"}",
        "{\"type\":\"finish\"}",
        "{\"type\":\"vote\",\"vraagId\":3}",
    };
    int parsed = 0;
    for (String text : texts) {
      try {
        ClientMessages.parse(text);
        parsed++;
      } catch (CommandRejected expected) {
        // The last text is wrong on purpose: the rejection path is a real path too.
        parsed++;
      }
    }
    return parsed;
  }

  /** Applies events as the owner does (with their stored JSON) and renders frames as its broadcasts do. */
  private static final class Recorder {
    int frames;
    Frames.CompactState lastCompact;

    void apply(Session session, SessionEvent event) {
      session.apply(event);
      stored(event);
    }

    void stored(SessionEvent event) {
      EventJson.fromJson(EventJson.typeOf(event), EventJson.toJson(event));
    }

    void frame(String text) {
      new WireFrame(text);
      frames++;
    }

    void states(Session session, PresenceBook presence, boolean wholeRoute) {
      Frames.CompactState compact = Frames.compactState(session, wholeRoute);
      if (wholeRoute || !compact.equals(lastCompact)) {
        frame(Frames.compactStateFrame(compact));
      }
      lastCompact = compact;
      frame(Frames.participantStateFrame(session).frame());
      frame(Frames.facilitatorStateFrame(session, presence));
      frame(Frames.viewerStateFrame(session, presence));
    }
  }
}
