package nl.buurtroute.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, finding 2 (one person fills a session) and finding 5 (the beamer link holds the facilitator
 * token), performed against a real server: each test runs the attack and shows the facilitator's answer.
 */
class RoomControlTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_MSG_BURST", "100000", "BUURTROUTE_MSG_PER_SECOND", "100000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_locked_room_refuses_new_joins_but_lets_everyone_who_was_in_come_back() {
    CreatedSession session = server.createSession("Slot");
    try (LiveClient facilitator = server.connect(); LiveClient ans = server.connect();
         LiveClient bot = server.connect(); LiveClient ansAgain = server.connect(); LiveClient late = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      String resumeToken = ans.join(session.joinCode(), "Ans", "inwoner").getString("resumeToken");
      facilitator.send(new JsonObject().put("type", "lock"));
      facilitator.awaitState(s -> s.getBoolean("locked"));

      assertThat(bot.join(session.joinCode(), "Bot", "inwoner").getString("code")).isEqualTo("session_locked");
      assertThat(bot.joinByLink(session.joinCode(), session.joinSecret(), "Bot", "inwoner").getString("code"))
          .isEqualTo("session_locked");
      ans.close();
      assertThat(ansAgain.resume(resumeToken).getString("type")).isEqualTo("welcome");

      facilitator.send(new JsonObject().put("type", "unlock"));
      facilitator.awaitState(s -> !s.getBoolean("locked"));
      assertThat(late.join(session.joinCode(), "Laat", "inwoner").getString("type")).isEqualTo("welcome");
    }
  }

  @Test
  void a_new_join_code_stops_the_old_code_and_link_at_once_and_reaches_every_facilitator_screen() {
    CreatedSession session = server.createSession("Nieuwe code");
    assertThat(session.joinCode()).hasSize(8);
    assertThat(session.joinSecret()).hasSizeGreaterThanOrEqualTo(22);
    assertThat(session.joinUrl()).endsWith("/j/" + session.joinCode() + "#" + session.joinSecret());
    try (LiveClient facilitator = server.connect(); LiveClient second = server.connect();
         LiveClient oldCode = server.connect(); LiveClient oldLink = server.connect();
         LiveClient newCode = server.connect(); LiveClient newLink = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      second.facilitate(session.sessionId(), session.facilitatorToken());

      facilitator.send(new JsonObject().put("type", "newJoinCode"));
      JsonObject fresh = facilitator.await("joinCode");
      JsonObject seenBySecond = second.await("joinCode");
      assertThat(seenBySecond.encode()).isEqualTo(fresh.encode());
      String code = fresh.getString("joinCode");
      String secret = fresh.getString("joinSecret");
      assertThat(code).hasSize(8).isNotEqualTo(session.joinCode());
      assertThat(fresh.getString("joinUrl")).endsWith("/j/" + code + "#" + secret);
      assertThat(facilitator.awaitState(s -> code.equals(s.getString("joinCode"))).getString("joinSecret"))
          .isEqualTo(secret);

      assertThat(oldCode.join(session.joinCode(), "Oud", "inwoner").getString("code")).isEqualTo("bad_join_code");
      assertThat(oldLink.joinByLink(session.joinCode(), session.joinSecret(), "Oud", "inwoner").getString("code"))
          .isEqualTo("bad_join_code");
      assertThat(newCode.join(code.toLowerCase(), "Nieuw", "inwoner").getString("type")).isEqualTo("welcome");
      assertThat(newLink.joinByLink(code, secret, "Link", "inwoner").getString("type")).isEqualTo("welcome");
    }
  }

  @Test
  void bots_that_filled_the_room_past_the_people_list_are_found_page_by_page_and_removed_in_one_go() throws Exception {
    CreatedSession session = server.createSession("Overval");
    List<LiveClient> clients = new ArrayList<>();
    try (LiveClient facilitator = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      List<String> honestIds = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        LiveClient phone = server.connect();
        clients.add(phone);
        honestIds.add(phone.join(session.joinCode(), "Buur " + i, "inwoner").getString("participantId"));
      }
      JsonObject before = facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("total") == 3);
      long moment = before.getJsonArray("people").getJsonObject(2).getLong("joinedAt");
      // The bots join strictly after the last honest join time: wait until the ms clock has passed it.
      while (System.currentTimeMillis() <= moment + 1) {
        Thread.onSpinWait();
      }
      // The attack: one script joins 320 times by link, faster than any room could.
      for (int i = 0; i < 320; i++) {
        LiveClient bot = server.connect();
        clients.add(bot);
        bot.send(new JsonObject().put("type", "join").put("joinCode", session.joinCode())
            .put("joinSecret", session.joinSecret()).put("name", "bot" + i).put("rol", "inwoner"));
      }
      JsonObject warning = facilitator.await("joinRate");
      JsonObject full = facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("total") == 323);
      assertThat(full.containsKey("people")).as("the state leaves the list out above 300").isFalse();
      assertThat(warning.getInteger("joins")).isGreaterThan(RoomGuard.JOIN_RATE_WARNING);

      // The facilitator finds them: a search, and the pages of everyone who came in after the moment.
      facilitator.send(new JsonObject().put("type", "people").put("search", "BOT31").put("limit", 50));
      JsonObject found = facilitator.await("people");
      assertThat(found.getInteger("total")).isEqualTo(323);
      assertThat(found.getInteger("matched")).isEqualTo(11); // bot31, bot310 … bot319
      facilitator.send(new JsonObject().put("type", "people").put("joinedAfter", moment).put("offset", 300)
          .put("limit", 100));
      JsonObject lastPage = facilitator.await(f -> "people".equals(f.getString("type")) && f.getInteger("offset") == 300,
          "the last page");
      assertThat(lastPage.getInteger("matched")).isEqualTo(320);
      assertThat(lastPage.getJsonArray("people")).hasSize(20);
      assertThat(lastPage.getJsonArray("people").getJsonObject(0).getString("name")).startsWith("bot");

      facilitator.send(new JsonObject().put("type", "lock"));
      facilitator.awaitState(s -> s.getBoolean("locked"));
      facilitator.send(new JsonObject().put("type", "remove").put("joinedAfter", moment));
      JsonObject removed = facilitator.await("removedMany");
      assertThat(removed.getJsonArray("participantIds")).hasSize(320).doesNotContainAnyElementsOf(honestIds);
      JsonObject after = facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("total") == 3);
      assertThat(after.getJsonArray("people").stream().map(p -> ((JsonObject) p).getString("name")))
          .containsExactly("Buur 0", "Buur 1", "Buur 2");
      LiveClient lastBot = clients.get(clients.size() - 1);
      assertThat(lastBot.awaitClosed()).isTrue();
      assertThat(lastBot.closeCode()).isEqualTo((short) 4000);

      // Several at once by id, and an unknown id refuses the whole removal.
      facilitator.send(new JsonObject().put("type", "remove").put("participantIds", new JsonArray().add("p1").add("nope")));
      facilitator.awaitError("bad_request");
      facilitator.send(new JsonObject().put("type", "remove").put("participantIds", new JsonArray().add("p1").add("p2")));
      assertThat(facilitator.await("removedMany").getJsonArray("participantIds")).containsExactly("p1", "p2");
    } finally {
      clients.forEach(LiveClient::close);
    }
  }

  @Test
  void the_viewer_token_shows_the_room_and_controls_nothing() {
    CreatedSession session = server.createSession("Beamer");
    try (LiveClient facilitator = server.connect(); LiveClient beamer = server.connect();
         LiveClient phone = server.connect(); LiveClient thief = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      phone.join(session.joinCode(), "Ans", "inwoner");
      JsonObject welcome = beamer.view(session.sessionId(), session.viewerToken());
      assertThat(welcome.getString("as")).isEqualTo("viewer");
      assertThat(welcome.getJsonObject("state").getString("joinCode")).isEqualTo(session.joinCode());
      assertThat(welcome.getJsonObject("state").containsKey("people")).as("no names on the wall").isFalse();

      // The attack: whoever holds the beamer link tries to run or spoil the evening.
      for (String type : List.of("next", "openVoting", "closeVoting", "back", "finish", "lock", "unlock",
          "newJoinCode", "newViewerToken", "people")) {
        beamer.send(new JsonObject().put("type", type));
        assertThat(beamer.awaitError("not_facilitator")).isNotNull();
      }
      beamer.send(new JsonObject().put("type", "remove").put("participantId", "p1"));
      beamer.awaitError("not_facilitator");
      beamer.send(new JsonObject().put("type", "decide").put("antwoordId", "x"));
      beamer.awaitError("not_facilitator");
      beamer.send(new JsonObject().put("type", "showTally").put("show", true));
      beamer.awaitError("not_facilitator");
      beamer.send(new JsonObject().put("type", "vote").put("vraagId", "x").put("antwoordId", "y"));
      beamer.awaitError("bad_request");
      assertThat(thief.facilitate(session.sessionId(), session.viewerToken()).getString("code")).isEqualTo("bad_token");

      // It still sees what the room sees.
      facilitator.command("next");
      assertThat(beamer.awaitState(s -> "question".equals(s.getString("stage")))).isNotNull();
      assertThat(phone.awaitState(s -> "question".equals(s.getString("stage")))).isNotNull();
    }
  }

  @Test
  void a_second_console_gets_a_viewer_token_of_its_own_and_the_first_beamer_still_gets_in() {
    CreatedSession session = server.createSession("Oude sessie");
    try (LiveClient facilitator = server.connect(); LiveClient oldBeamer = server.connect();
         LiveClient newBeamer = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      facilitator.send(new JsonObject().put("type", "newViewerToken"));
      String token = facilitator.await("viewerToken").getString("viewerToken");
      assertThat(token).isNotEqualTo(session.viewerToken()).hasSizeGreaterThanOrEqualTo(22);
      assertThat(oldBeamer.view(session.sessionId(), session.viewerToken()).getString("as")).isEqualTo("viewer");
      assertThat(newBeamer.view(session.sessionId(), token).getString("as")).isEqualTo("viewer");
    }
  }

  @Test
  void only_the_newest_viewer_tokens_stay_valid() {
    CreatedSession session = server.createSession("Veel schermen");
    try (LiveClient facilitator = server.connect(); LiveClient oldBeamer = server.connect();
         LiveClient newBeamer = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      String newest = null;
      for (int i = 0; i < nl.buurtroute.session.Session.VIEWER_TOKENS_KEPT; i++) {
        facilitator.send(new JsonObject().put("type", "newViewerToken"));
        newest = facilitator.await("viewerToken").getString("viewerToken");
      }
      assertThat(oldBeamer.view(session.sessionId(), session.viewerToken()).getString("code")).isEqualTo("bad_token");
      assertThat(newBeamer.view(session.sessionId(), newest).getString("as")).isEqualTo("viewer");
    }
  }
}
