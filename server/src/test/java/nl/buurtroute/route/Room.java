package nl.buurtroute.route;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session played over real WebSockets: a facilitator and phones with the given rollen. Every command waits
 * for the state it causes, and a state is only sent once its events are stored, so the route API sees it.
 */
final class Room implements AutoCloseable {
  final CreatedSession session;
  final ContentView content;
  final LiveClient facilitator;
  final List<LiveClient> phones = new ArrayList<>();
  JsonObject state;

  Room(TestServer server, ContentView content, String title, String... rollen) {
    this.content = content;
    session = server.createSession(title);
    facilitator = server.connect();
    assertThat(facilitator.facilitate(session.sessionId(), session.facilitatorToken()).getString("type"))
        .isEqualTo("welcome");
    for (int i = 0; i < rollen.length; i++) {
      LiveClient phone = server.connect();
      JsonObject welcome = phone.join(session.joinCode(), "Deelnemer " + i, rollen[i]);
      assertThat(welcome.getString("type")).as(welcome.encode()).isEqualTo("welcome");
      phones.add(phone);
    }
  }

  String vraag() {
    return state.getString("vraagId");
  }

  int routeLength() {
    return state == null ? 0 : state.getJsonArray("route").size();
  }

  private Room expect(JsonObject command, Predicate<JsonObject> match) {
    facilitator.send(command);
    state = facilitator.awaitState(match);
    return this;
  }

  private Room expect(String type, Predicate<JsonObject> match) {
    return expect(new JsonObject().put("type", type), match);
  }

  Room start() {
    return expect("next", s -> "question".equals(s.getString("stage")));
  }

  Room open() {
    return expect("openVoting", s -> "voting".equals(s.getString("stage")));
  }

  Room vote(int phone, String antwoordId) {
    JsonObject voted = phones.get(phone).vote(vraag(), antwoordId);
    assertThat(voted.getString("type")).as(voted.encode()).isEqualTo("voted");
    return this;
  }

  Room closeVote() {
    return expect("closeVoting", s -> "result".equals(s.getString("stage")));
  }

  Room decide(String antwoordId) {
    return expect(new JsonObject().put("type", "decide").put("antwoordId", antwoordId),
        s -> s.getJsonObject("result") != null && antwoordId.equals(s.getJsonObject("result").getString("antwoordId"))
            && "facilitator".equals(s.getJsonObject("result").getString("decidedBy")));
  }

  Room next() {
    int length = routeLength();
    return expect("next", s -> s.getJsonArray("route").size() == length + 1);
  }

  Room back() {
    int length = routeLength();
    return expect("back", s -> s.getJsonArray("route").size() == length - 1);
  }

  Room finish() {
    return expect("finish", s -> "finished".equals(s.getString("status")));
  }

  /** Everyone votes the given antwoord (one every rol may give), then close and next. */
  Room unanimous(String antwoordId) {
    open();
    for (int i = 0; i < phones.size(); i++) {
      vote(i, antwoordId);
    }
    return closeVote().next();
  }

  /** Walks to the end of the last fase, everyone voting the first antwoord every rol may give. */
  Room walkToEnd() {
    while (vraag() != null) {
      unanimous(content.open(vraag(), 0));
    }
    return this;
  }

  @Override
  public void close() {
    facilitator.close();
    phones.forEach(LiveClient::close);
  }
}
