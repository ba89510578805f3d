package nl.buurtroute.live;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's Live section, driven over real WebSockets against a real server. */
class LiveProtocolTest {
  static TestServer server;
  static ContentView content;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    content = ContentView.of(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A session with a facilitator connection and the given participants (rollen), all welcomed. */
  static final class Room implements AutoCloseable {
    final CreatedSession session;
    final LiveClient facilitator;
    final List<LiveClient> phones = new ArrayList<>();
    final List<JsonObject> welcomes = new ArrayList<>();

    Room(String... rollen) {
      session = server.createSession("Wijkavond test");
      facilitator = server.connect();
      JsonObject welcome = facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      for (int i = 0; i < rollen.length; i++) {
        LiveClient phone = server.connect();
        JsonObject w = phone.join(session.joinCode(), "Deelnemer " + i, rollen[i]);
        assertThat(w.getString("type")).as(w.encode()).isEqualTo("welcome");
        phones.add(phone);
        welcomes.add(w);
      }
    }

    JsonObject lastState;

    JsonObject expectState(String type, java.util.function.Predicate<JsonObject> match) {
      facilitator.send(new JsonObject().put("type", type));
      lastState = facilitator.awaitState(match);
      return lastState;
    }

    JsonObject decide(String antwoordId) {
      facilitator.send(new JsonObject().put("type", "decide").put("antwoordId", antwoordId));
      lastState = facilitator.awaitState(s -> s.getJsonObject("result") != null
          && antwoordId.equals(s.getJsonObject("result").getString("antwoordId"))
          && "facilitator".equals(s.getJsonObject("result").getString("decidedBy")));
      return lastState;
    }

    JsonObject start() {
      return expectState("next", s -> "question".equals(s.getString("stage")));
    }

    JsonObject open() {
      return expectState("openVoting", s -> "voting".equals(s.getString("stage")));
    }

    JsonObject closeVote() {
      return expectState("closeVoting", s -> "result".equals(s.getString("stage")));
    }

    JsonObject next(int routeLength) {
      return expectState("next", s -> s.getJsonArray("route").size() == routeLength);
    }

    @Override
    public void close() {
      facilitator.close();
      phones.forEach(LiveClient::close);
    }
  }

  @Test
  void a_whole_workshop_walks_all_four_fasen_and_saves_the_route() {
    try (Room room = new Room("inwoner", "inwoner", "wijkprofessional", "beleidsambtenaar")) {
      JsonObject state = room.start();
      assertThat(state.getString("status")).isEqualTo("running");
      assertThat(state.getString("fase")).isEqualTo("start");
      assertThat(state.getString("vraagId")).isEqualTo(content.eersteVraag(0));
      for (LiveClient phone : room.phones) {
        phone.awaitState(s -> "question".equals(s.getString("stage")));
      }
      List<String> fasenSeen = new ArrayList<>();
      for (int step = 0; step < 12; step++) {
        String vraag = state.getString("vraagId");
        fasenSeen.add(state.getString("fase"));
        room.open();
        String choice = content.open(vraag, step);
        for (LiveClient phone : room.phones) {
          JsonObject voted = phone.vote(vraag, choice);
          assertThat(voted.getString("type")).as(voted.encode()).isEqualTo("voted");
          assertThat(voted.getString("antwoordId")).isEqualTo(choice);
        }
        JsonObject tally = room.facilitator.await(f -> "tally".equals(f.getString("type")) && f.getInteger("voters") == 4,
            "tally with all four votes");
        assertThat(tally.getJsonObject("counts").getJsonObject(choice).getInteger("inwoner")).isEqualTo(2);
        JsonObject closed = room.closeVote();
        assertThat(closed.getJsonObject("result").getString("antwoordId")).isEqualTo(choice);
        assertThat(closed.getJsonObject("result").getString("decidedBy")).isEqualTo("majority");
        state = room.next(step + 1);
        String expectedNext = content.volgende(vraag, choice);
        if (expectedNext != null) {
          assertThat(state.getString("vraagId")).isEqualTo(expectedNext);
        }
      }
      assertThat(state.getString("vraagId")).isNull();
      assertThat(state.getString("status")).isEqualTo("running");
      assertThat(fasenSeen).containsSubsequence("start", "richt", "actie", "evaluatie");
      assertThat(fasenSeen.stream().distinct()).containsExactly("start", "richt", "actie", "evaluatie");
      JsonObject lastStep = state.getJsonArray("route").getJsonObject(11);
      assertThat(lastStep.getString("fase")).isEqualTo("evaluatie");
      assertThat(lastStep.getInteger("voters")).isEqualTo(4);
      JsonObject end = room.expectState("finish", s -> "finished".equals(s.getString("status")));
      assertThat(end.getJsonArray("route")).hasSize(12);
      for (LiveClient phone : room.phones) {
        phone.awaitState(s -> "finished".equals(s.getString("status")));
        assertThat(phone.seen()).noneMatch(f -> "tally".equals(f.getString("type")));
      }
    }
  }

  @Test
  void a_tie_waits_for_the_facilitator_who_may_also_override_a_majority() {
    try (Room room = new Room("inwoner", "wijkprofessional")) {
      String vraag = room.start().getString("vraagId");
      room.open();
      room.phones.get(0).vote(vraag, content.open(vraag, 0));
      room.phones.get(1).vote(vraag, content.open(vraag, 1));
      JsonObject closed = room.closeVote();
      assertThat(closed.getValue("result")).isNull();
      assertThat(closed.getJsonObject("votes").getInteger("voters")).isEqualTo(2);
      room.facilitator.send(new JsonObject().put("type", "next"));
      room.facilitator.awaitError("decision_needed");
      String chosen = content.antwoorden(vraag).get(2).getString("id");
      JsonObject decided = room.decide(chosen);
      assertThat(decided.getString("stage")).isEqualTo("result");
      JsonObject next = room.next(1);
      JsonObject step = next.getJsonArray("route").getJsonObject(0);
      assertThat(step.getString("antwoordId")).isEqualTo(chosen);
      assertThat(step.getString("decidedBy")).isEqualTo("facilitator");
      assertThat(step.getInteger("voters")).isEqualTo(2);
    }
  }

  @Test
  void back_takes_the_last_step_off_and_returns_to_its_result() {
    try (Room room = new Room("inwoner")) {
      String vraag = room.start().getString("vraagId");
      room.open();
      String choice = content.open(vraag, 0);
      room.phones.get(0).vote(vraag, choice);
      room.closeVote();
      room.next(1);
      JsonObject back = room.expectState("back", s -> s.getJsonArray("route").isEmpty());
      assertThat(back.getString("vraagId")).isEqualTo(vraag);
      assertThat(back.getString("stage")).isEqualTo("result");
      assertThat(back.getJsonObject("result").getString("antwoordId")).isEqualTo(choice);
      assertThat(back.getJsonObject("votes").getJsonObject("counts").getJsonObject(choice).getInteger("inwoner"))
          .isEqualTo(1);
      room.facilitator.send(new JsonObject().put("type", "back"));
      room.facilitator.awaitError("wrong_stage");
    }
  }

  @Test
  void a_phone_that_comes_back_gets_the_same_participant_its_vote_and_the_state() {
    try (Room room = new Room("inwoner", "wijkprofessional")) {
      String vraag = room.start().getString("vraagId");
      room.open();
      String choice = content.open(vraag, 0);
      room.phones.get(0).vote(vraag, choice);
      JsonObject welcome = room.welcomes.get(0);
      room.phones.get(0).close();
      try (LiveClient again = server.connect()) {
        JsonObject resumed = again.resume(welcome.getString("resumeToken"));
        assertThat(resumed.getString("type")).isEqualTo("welcome");
        assertThat(resumed.getString("participantId")).isEqualTo(welcome.getString("participantId"));
        assertThat(resumed.getJsonObject("myVote").getString("antwoordId")).isEqualTo(choice);
        assertThat(resumed.getJsonObject("state").getString("stage")).isEqualTo("voting");
        String other = content.open(vraag, 1);
        assertThat(again.vote(vraag, other).getString("type")).isEqualTo("voted");
        JsonObject tally = room.facilitator.await(f -> "tally".equals(f.getString("type"))
            && f.getJsonObject("counts").getJsonObject(other).getInteger("inwoner") == 1, "the replaced vote");
        assertThat(tally.getInteger("voters")).isEqualTo(1);
      }
    }
  }

  @Test
  void a_join_repeated_with_the_same_join_key_gives_the_same_participant_not_a_second_one() {
    try (Room room = new Room("inwoner")) {
      String key = "Zk3_-9aBcDeFgHiJkLmNoPqRsTuV";
      JsonObject join = new JsonObject().put("type", "join").put("joinCode", room.session.joinCode())
          .put("name", "Wifi Wim").put("rol", "wijkprofessional").put("joinKey", key);
      JsonObject first;
      try (LiveClient lost = server.connect()) {
        lost.send(join);
        first = lost.await("welcome");
      }
      try (LiveClient again = server.connect()) {
        again.send(join);
        JsonObject second = again.await("welcome");
        assertThat(second.getString("participantId")).isEqualTo(first.getString("participantId"));
        assertThat(second.getString("resumeToken")).isEqualTo(first.getString("resumeToken"));
        assertThat(second.getJsonObject("state").getJsonObject("participants").getInteger("total")).isEqualTo(2);
        again.send(join.copy().put("joinKey", "too-short"));
        again.awaitError("bad_request");
      }
    }
  }

  @Test
  void someone_may_join_while_a_vote_is_open_and_vote_at_once() {
    try (Room room = new Room("inwoner")) {
      String vraag = room.start().getString("vraagId");
      room.open();
      try (LiveClient late = server.connect()) {
        JsonObject welcome = late.join(room.session.joinCode().toLowerCase(), "Laatkomer", "beleidsambtenaar");
        assertThat(welcome.getJsonObject("state").getString("stage")).isEqualTo("voting");
        String only = content.allowed(vraag, "beleidsambtenaar").get(0);
        assertThat(late.vote(vraag, only).getString("type")).isEqualTo("voted");
      }
    }
  }

  @Test
  void a_removed_participant_is_told_closed_and_loses_their_vote_and_their_way_back() {
    try (Room room = new Room("inwoner", "inwoner")) {
      String vraag = room.start().getString("vraagId");
      room.open();
      room.phones.get(0).vote(vraag, content.open(vraag, 0));
      room.facilitator.await(f -> "tally".equals(f.getString("type")) && f.getInteger("voters") == 1, "one vote");
      String participantId = room.welcomes.get(0).getString("participantId");
      room.facilitator.send(new JsonObject().put("type", "remove").put("participantId", participantId));
      room.phones.get(0).await("removed");
      assertThat(room.phones.get(0).awaitClosed()).isTrue();
      room.facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("total") == 1);
      room.facilitator.await(f -> "tally".equals(f.getString("type")) && f.getInteger("voters") == 0, "vote gone");
      try (LiveClient again = server.connect()) {
        assertThat(again.resume(room.welcomes.get(0).getString("resumeToken")).getString("code")).isEqualTo("bad_token");
      }
    }
  }

  @Test
  void the_facilitator_may_have_several_connections_that_all_see_the_same() {
    try (Room room = new Room("inwoner"); LiveClient beamer = server.connect()) {
      beamer.facilitate(room.session.sessionId(), room.session.facilitatorToken());
      String vraag = room.start().getString("vraagId");
      beamer.awaitState(s -> vraag.equals(s.getString("vraagId")));
      room.open();
      room.phones.get(0).vote(vraag, content.open(vraag, 0));
      beamer.await(f -> "tally".equals(f.getString("type")) && f.getInteger("voters") == 1, "tally on the beamer");
    }
  }

  @Test
  void two_sessions_side_by_side_do_not_see_each_other() {
    try (Room a = new Room("inwoner"); Room b = new Room("inwoner")) {
      String vraag = a.start().getString("vraagId");
      a.open();
      a.phones.get(0).vote(vraag, content.open(vraag, 0));
      a.facilitator.await(f -> "tally".equals(f.getString("type")) && f.getInteger("voters") == 1, "tally in a");
      b.facilitator.sync();
      b.phones.get(0).sync();
      assertThat(b.facilitator.seen()).noneMatch(f -> "tally".equals(f.getString("type")));
      assertThat(b.phones.get(0).seen()).noneMatch(f -> "state".equals(f.getString("type")));
      assertThat(a.session.joinCode()).isNotEqualTo(b.session.joinCode());
    }
  }

  @Nested
  class Errors {
    @Test
    void broken_json_unknown_types_and_messages_before_joining_are_refused_and_the_connection_stays() {
      try (LiveClient client = server.connect()) {
        client.sendRaw("{nope");
        client.awaitError("bad_json");
        client.sendRaw("{\"type\":\"dance\"}");
        client.awaitError("unknown_type");
        client.sendRaw("{\"type\":\"vote\",\"vraagId\":\"x\",\"antwoordId\":\"y\"}");
        client.awaitError("not_joined");
        client.sendRaw("{\"type\":\"join\",\"joinCode\":42}");
        client.awaitError("bad_request");
        client.sendRaw("[1,2]");
        client.awaitError("bad_request");
        client.sync();
      }
    }

    @Test
    void a_wrong_join_code_or_token_is_refused() {
      CreatedSession session = server.createSession("Codes");
      try (LiveClient client = server.connect()) {
        assertThat(client.join("ZZZZZZ", "Ans", "inwoner").getString("code")).isEqualTo("bad_join_code");
        assertThat(client.join("??", "Ans", "inwoner").getString("code")).isEqualTo("bad_join_code");
        assertThat(client.facilitate(session.sessionId(), "wrong").getString("code")).isEqualTo("bad_token");
        assertThat(client.facilitate("nosuchsession", "wrong").getString("code")).isEqualTo("bad_token");
        assertThat(client.resume("garbage").getString("code")).isEqualTo("bad_token");
        assertThat(client.join(session.joinCode(), "   ", "inwoner").getString("code")).isEqualTo("bad_request");
        assertThat(client.join(session.joinCode(), "Ans", "koning").getString("code")).isEqualTo("bad_request");
        assertThat(client.facilitate(session.sessionId(), session.reviewToken()).getString("code"))
            .as("the review token cannot act as facilitator").isEqualTo("bad_token");
        JsonObject welcome = client.join(session.joinCode(), "Ans", "inwoner");
        assertThat(welcome.getString("type")).isEqualTo("welcome");
        assertThat(client.join(session.joinCode(), "Ans", "inwoner").getString("code")).isEqualTo("bad_request");
        try (LiveClient other = server.connect()) {
          assertThat(other.facilitate(session.sessionId(), welcome.getString("resumeToken")).getString("code"))
              .as("a resume token cannot act as facilitator").isEqualTo("bad_token");
          String forged = session.sessionId() + "." + welcome.getString("resumeToken").substring(session.sessionId().length() + 2);
          assertThat(other.resume(forged).getString("code")).isEqualTo("bad_token");
        }
      }
    }

    @Test
    void participants_cannot_act_as_facilitator_nor_vote_outside_their_rol_or_the_open_vote() {
      try (Room room = new Room("inwoner")) {
        LiveClient phone = room.phones.get(0);
        phone.send(new JsonObject().put("type", "next"));
        phone.awaitError("not_facilitator");
        String vraag = room.start().getString("vraagId");
        String choice = content.open(vraag, 0);
        assertThat(phone.vote(vraag, choice).getString("code")).isEqualTo("voting_closed");
        room.open();
        String forbidden = content.forbidden(vraag, "inwoner");
        assertThat(forbidden).isNotNull();
        assertThat(phone.vote(vraag, forbidden).getString("code")).isEqualTo("rol_not_allowed");
        assertThat(phone.vote("other", choice).getString("code")).isEqualTo("voting_closed");
        assertThat(phone.vote(vraag, "nope").getString("code")).isEqualTo("bad_request");
        room.facilitator.send(new JsonObject().put("type", "openVoting"));
        room.facilitator.awaitError("wrong_stage");
        room.facilitator.send(new JsonObject().put("type", "decide").put("antwoordId", choice));
        room.facilitator.awaitError("wrong_stage");
        room.facilitator.send(new JsonObject().put("type", "remove").put("participantId", "p999"));
        room.facilitator.awaitError("bad_request");
      }
    }

    @Test
    void a_bad_create_body_gets_400_with_an_error_object() {
      var response = server.post("/api/sessions", "{\"title\":\"\"}");
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).isEqualTo("bad_request");
      assertThat(server.post("/api/sessions", "not json").statusCode()).isEqualTo(400);
      assertThat(server.post("/api/sessions", "[]").statusCode()).isEqualTo(400);
    }
  }
}
