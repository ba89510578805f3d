package nl.buurtroute.route;

import nl.buurtroute.content.Content;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.SessionEvent.ParticipantJoined;
import nl.buurtroute.session.SessionEvent.SessionCreated;
import nl.buurtroute.store.Store.StoredEvent;
import nl.buurtroute.testing.TestContent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plays a session through the engine's own commands and keeps the stored events, one second apart. */
final class Sessions {
  static final Instant T0 = Instant.parse("2025-03-12T18:30:00Z");

  final Content content;
  final Session session;
  final List<StoredEvent> stored = new ArrayList<>();

  Sessions(String title) {
    this(TestContent.small(), title);
  }

  Sessions(Content content, String title) {
    this.content = content;
    SessionCreated created = new SessionCreated(title, "Oost", "ABCDEF", "fh", "rh");
    this.session = Session.create("s1", content, created);
    store(created);
  }

  private void store(SessionEvent event) {
    stored.add(new StoredEvent("s1", stored.size() + 1, EventJson.typeOf(event), EventJson.toJson(event),
        at(stored.size() + 1)));
  }

  static Instant at(long seq) {
    return T0.plusSeconds(seq);
  }

  Sessions run(SessionEvent event) {
    session.apply(event);
    store(event);
    return this;
  }

  String join(String name, String rol) {
    ParticipantJoined joined = session.join(name, rol, "h-" + name);
    run(joined);
    return joined.participantId();
  }

  Sessions next() {
    return run(session.next());
  }

  Sessions open() {
    return run(session.openVoting());
  }

  Sessions vote(String participantId, String antwoordId) {
    return run(session.vote(participantId, session.vraagId(), antwoordId));
  }

  Sessions close() {
    return run(session.closeVoting());
  }

  Sessions decide(String antwoordId) {
    return run(session.decide(antwoordId));
  }

  Sessions back() {
    return run(session.back());
  }

  Sessions remove(String participantId) {
    return run(session.remove(participantId));
  }

  Sessions finish() {
    return run(session.finish());
  }

  Route route() {
    return new RouteProjection(content).project("s1", T0, stored);
  }
}
