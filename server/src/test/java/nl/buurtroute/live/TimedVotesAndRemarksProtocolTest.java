package nl.buurtroute.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's "Timed votes and remarks" over real WebSockets against a real server. */
class TimedVotesAndRemarksProtocolTest {
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

  /** A started session: a facilitator, an inwoner and a beleidsambtenaar, on the first vraag. */
  static final class Evening implements AutoCloseable {
    final CreatedSession session;
    final LiveClient facilitator;
    final LiveClient ans;
    final LiveClient cor;
    final String vraag;

    Evening(TestServer server) {
      session = server.createSession("Avond met klok");
      facilitator = server.connect();
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      ans = server.connect();
      assertThat(ans.join(session.joinCode(), "Ans de Vries", "inwoner").getString("type")).isEqualTo("welcome");
      cor = server.connect();
      assertThat(cor.join(session.joinCode(), "Cor", "beleidsambtenaar").getString("type")).isEqualTo("welcome");
      facilitator.send(new JsonObject().put("type", "next"));
      vraag = facilitator.awaitState(s -> "question".equals(s.getString("stage"))).getString("vraagId");
    }

    JsonObject open(Integer seconds) {
      JsonObject open = new JsonObject().put("type", "openVoting");
      if (seconds != null) {
        open.put("seconds", seconds);
      }
      facilitator.send(open);
      return facilitator.await(f -> "state".equals(f.getString("type"))
          && "voting".equals(f.getJsonObject("state").getString("stage")), "the voting state");
    }

    JsonObject remark(LiveClient phone, String text) {
      phone.send(new JsonObject().put("type", "remark").put("vraagId", vraag).put("text", text));
      return phone.await(f -> "remarked".equals(f.getString("type")) || "error".equals(f.getString("type")),
          "remarked or error");
    }

    JsonObject facilitatorCommand(JsonObject command, Predicate<JsonObject> state) {
      facilitator.send(command);
      return facilitator.await(f -> "error".equals(f.getString("type"))
          || "state".equals(f.getString("type")) && state.test(f.getJsonObject("state")), "state or error");
    }

    JsonObject refused(JsonObject command) {
      facilitator.send(command);
      return facilitator.await("error");
    }

    @Override
    public void close() {
      facilitator.close();
      ans.close();
      cor.close();
    }
  }

  @Nested
  class TimedVotes {
    @Test
    void a_timed_vote_closes_itself_at_its_moment_also_with_no_facilitator_connected() {
      try (Evening evening = new Evening(server)) {
        JsonObject opened = evening.open(10);
        long endsAt = opened.getJsonObject("state").getLong("votingEndsAt");
        assertThat(endsAt - opened.getLong("serverTime")).isBetween(9_000L, 10_000L);
        JsonObject phoneState = evening.ans.awaitState(s -> "voting".equals(s.getString("stage")));
        assertThat(phoneState.getLong("votingEndsAt")).isEqualTo(endsAt);
        String choice = content.allowed(evening.vraag, "inwoner").get(0);
        assertThat(evening.ans.vote(evening.vraag, choice).getString("type")).isEqualTo("voted");
        evening.facilitator.close();

        JsonObject closed = evening.cor.await(f -> "state".equals(f.getString("type"))
            && "result".equals(f.getJsonObject("state").getString("stage")), "the vote closing itself", 30);
        assertThat(closed.getLong("serverTime")).isGreaterThanOrEqualTo(endsAt);
        JsonObject state = closed.getJsonObject("state");
        assertThat(state.getValue("votingEndsAt")).isNull();
        assertThat(state.getJsonObject("result").getString("antwoordId")).isEqualTo(choice);
        assertThat(state.getJsonObject("result").getString("decidedBy")).isEqualTo("majority");
        assertThat(state.getJsonObject("votes").getInteger("voters")).isEqualTo(1);
      }
    }

    @Test
    void closing_early_and_reopening_with_a_new_time_follows_the_new_moment_only() {
      try (Evening evening = new Evening(server)) {
        evening.open(10);
        evening.facilitatorCommand(new JsonObject().put("type", "closeVoting"), s -> "result".equals(s.getString("stage")));
        JsonObject reopened = evening.open(12);
        long secondEnd = reopened.getJsonObject("state").getLong("votingEndsAt");
        evening.ans.awaitState(s -> Long.valueOf(secondEnd).equals(s.getLong("votingEndsAt")));
        JsonObject closed = evening.ans.await(f -> "state".equals(f.getString("type"))
            && "result".equals(f.getJsonObject("state").getString("stage")), "the reopened vote closing", 30);
        // The first timer (10 s) must not have closed the second vote.
        assertThat(closed.getLong("serverTime")).isGreaterThanOrEqualTo(secondEnd);
      }
    }

    @Test
    void without_seconds_the_vote_has_no_moment_and_stays_open() {
      try (Evening evening = new Evening(server)) {
        JsonObject opened = evening.open(null);
        assertThat(opened.getJsonObject("state").containsKey("votingEndsAt")).isTrue();
        assertThat(opened.getJsonObject("state").getValue("votingEndsAt")).isNull();
      }
    }

    @Test
    void seconds_outside_10_to_900_or_not_a_whole_number_are_refused() {
      try (Evening evening = new Evening(server)) {
        for (Object seconds : List.of(9, 901, "30", 30.5, true, -1)) {
          JsonObject error = evening.refused(new JsonObject().put("type", "openVoting").put("seconds", seconds));
          assertThat(error.getString("type")).as("seconds " + seconds).isEqualTo("error");
          assertThat(error.getString("code")).isEqualTo("bad_request");
        }
        assertThat(evening.open(900).getJsonObject("state").getString("stage")).isEqualTo("voting");
      }
    }

    @Test
    void welcome_state_and_pong_tell_the_servers_time() {
      try (Evening evening = new Evening(server)) {
        LiveClient phone = server.connect();
        long before = System.currentTimeMillis();
        JsonObject welcome = phone.join(evening.session.joinCode(), "Bo", "inwoner");
        assertThat(welcome.getLong("serverTime")).isBetween(before - 1, System.currentTimeMillis() + 1);
        phone.send(new JsonObject().put("type", "ping"));
        assertThat(phone.await("pong").getLong("serverTime")).isGreaterThanOrEqualTo(welcome.getLong("serverTime"));
        phone.close();
      }
    }
  }

  @Nested
  class Remarks {
    @Test
    void a_remark_is_acknowledged_and_reaches_facilitators_with_the_rol_never_the_name() {
      try (Evening evening = new Evening(server)) {
        JsonObject remarked = evening.remark(evening.ans, "  <b>Meer</b> bankjes   ");
        assertThat(remarked.getString("type")).as(remarked.encode()).isEqualTo("remarked");
        assertThat(remarked.getString("vraagId")).isEqualTo(evening.vraag);
        JsonObject remark = evening.facilitator.await("remark");
        assertThat(remark.fieldNames()).containsExactlyInAnyOrder("type", "remarkId", "vraagId", "rol", "text");
        assertThat(remark.getString("remarkId")).isEqualTo(remarked.getString("remarkId"));
        assertThat(remark.getString("rol")).isEqualTo("inwoner");
        assertThat(remark.getString("text")).isEqualTo("<b>Meer</b> bankjes");
        assertThat(remark.encode()).doesNotContain("Ans");
        // Phones never see another's remark.
        evening.cor.sync();
        assertThat(evening.cor.seen()).noneMatch(f -> f.encode().contains("bankjes"));

        LiveClient reloaded = server.connect();
        JsonObject state = reloaded.facilitate(evening.session.sessionId(), evening.session.facilitatorToken())
            .getJsonObject("state");
        assertThat(state.getJsonArray("remarks")).containsExactly(new JsonObject().put("remarkId", remark.getString("remarkId"))
            .put("vraagId", evening.vraag).put("rol", "inwoner").put("text", "<b>Meer</b> bankjes"));
        reloaded.close();
      }
    }

    @Test
    void each_rule_has_its_own_error_code() {
      try (Evening evening = new Evening(server)) {
        assertThat(evening.remark(evening.ans, "x".repeat(281)).getString("code")).isEqualTo("remark_too_long");
        assertThat(evening.remark(evening.ans, "   ").getString("code")).isEqualTo("bad_request");
        evening.ans.send(new JsonObject().put("type", "remark").put("vraagId", "niet-deze").put("text", "Hoi"));
        evening.ans.awaitError("not_current_vraag");
        evening.ans.send(new JsonObject().put("type", "remark").put("vraagId", evening.vraag).put("text", 5));
        evening.ans.awaitError("bad_request");
        for (int i = 0; i < 5; i++) {
          assertThat(evening.remark(evening.ans, "é".repeat(280)).getString("type")).isEqualTo("remarked");
        }
        assertThat(evening.remark(evening.ans, "zesde").getString("code")).isEqualTo("too_many_remarks");
        assertThat(evening.remark(evening.cor, "Cor mag nog").getString("type")).isEqualTo("remarked");
        evening.ans.send(new JsonObject().put("type", "showRemark").put("remarkId", "r1"));
        evening.ans.awaitError("not_facilitator");
        evening.facilitator.send(new JsonObject().put("type", "remark").put("vraagId", evening.vraag).put("text", "x"));
        evening.facilitator.awaitError("bad_request");
        assertThat(evening.refused(new JsonObject().put("type", "showRemark").put("remarkId", "r99")).getString("code")).isEqualTo("bad_request");
        assertThat(evening.refused(new JsonObject().put("type", "withdrawRemark"))
            .getString("code")).isEqualTo("wrong_stage");
      }
    }

    @Test
    void a_remark_in_the_lobby_is_not_on_the_current_vraag() {
      CreatedSession session = server.createSession("Lobby");
      LiveClient phone = server.connect();
      phone.join(session.joinCode(), "Ans", "inwoner");
      phone.send(new JsonObject().put("type", "remark").put("vraagId", content.eersteVraag(0)).put("text", "Vroeg"));
      phone.awaitError("not_current_vraag");
      phone.close();
    }

    @Test
    void shown_then_withdrawn_stays_in_the_route_and_hidden_after_shown_leaves_wall_route_and_exports() {
      try (Evening evening = new Evening(server)) {
        String kept = evening.remark(evening.ans, "Blijft staan").getString("remarkId");
        String gone = evening.remark(evening.cor, "Dit moet weg").getString("remarkId");

        JsonObject shown = evening.facilitatorCommand(new JsonObject().put("type", "showRemark").put("remarkId", gone),
            s -> s.getJsonObject("shownRemark") != null);
        assertThat(shown.getJsonObject("state").getJsonObject("shownRemark"))
            .isEqualTo(new JsonObject().put("remarkId", gone).put("rol", "beleidsambtenaar").put("text", "Dit moet weg"));
        evening.ans.awaitState(s -> s.getJsonObject("shownRemark") != null);

        JsonObject hidden = evening.facilitatorCommand(new JsonObject().put("type", "hideRemark").put("remarkId", gone),
            s -> s.getJsonObject("shownRemark") == null);
        JsonArray list = hidden.getJsonObject("state").getJsonArray("remarks");
        assertThat(list.stream().map(o -> ((JsonObject) o).getString("remarkId"))).containsExactly(kept);
        evening.ans.awaitState(s -> s.getJsonObject("shownRemark") == null);
        assertThat(evening.refused(new JsonObject().put("type", "showRemark").put("remarkId", gone)).getString("code")).isEqualTo("bad_request");

        evening.facilitatorCommand(new JsonObject().put("type", "showRemark").put("remarkId", kept),
            s -> s.getJsonObject("shownRemark") != null);
        evening.facilitatorCommand(new JsonObject().put("type", "withdrawRemark"), s -> s.getJsonObject("shownRemark") == null);

        String antwoord = content.allowed(evening.vraag, "inwoner").get(0);
        evening.facilitatorCommand(new JsonObject().put("type", "decide").put("antwoordId", antwoord),
            s -> s.getJsonObject("result") != null);
        evening.facilitatorCommand(new JsonObject().put("type", "next"), s -> s.getJsonArray("route").size() == 1);

        String auth = "Bearer " + evening.session.reviewToken();
        JsonObject route = new JsonObject(server.get("/api/routes/" + evening.session.sessionId(), "Authorization", auth).body());
        assertThat(route.getJsonArray("steps").getJsonObject(0).getJsonArray("remarks"))
            .containsExactly(new JsonObject().put("rol", "inwoner").put("text", "Blijft staan"));
        assertThat(route.getJsonObject("summary").getJsonObject("remarks").getMap())
            .isEqualTo(Map.of("inwoner", 1, "wijkprofessional", 0, "beleidsambtenaar", 0));
        for (String format : List.of("csv", "md")) {
          HttpResponse<String> export = server.get("/api/routes/" + evening.session.sessionId() + "/export?format=" + format,
              "Authorization", auth);
          assertThat(export.body()).contains("Blijft staan").doesNotContain("Dit moet weg");
        }
        assertThat(route.encode()).doesNotContain("Dit moet weg");
      }
    }

    @Test
    void a_flood_of_remarks_meets_the_per_connection_limit() {
      try (TestServer strict = TestServer.start(Map.of("BUURTROUTE_MSG_BURST", "5", "BUURTROUTE_MSG_PER_SECOND", "1"))) {
        Evening evening = new Evening(strict);
        for (int i = 0; i < 20; i++) {
          evening.ans.send(new JsonObject().put("type", "remark").put("vraagId", evening.vraag).put("text", "spam " + i));
        }
        evening.ans.awaitError("rate_limited");
        evening.close();
      }
    }
  }
}
