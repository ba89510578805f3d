package nl.buurtroute.live;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.store.Store.StoredEvent;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, finding 4: one connection stored 159 vote changes in 5 s. Now a participant may change their vote
 * {@code BUURTROUTE_VOTE_CHANGES} times per open vote; past that, {@code rate_limited} and nothing is stored,
 * and the antwoord they already hold is confirmed without storing anything.
 */
class VoteChangesTest {
  private static TestServer server;
  private static ContentView content;

  @BeforeAll
  static void start() {
    // A generous message budget, so only the vote-change limit can stop the flood.
    server = TestServer.start(Map.of("BUURTROUTE_VOTE_CHANGES", "3", "BUURTROUTE_MSG_BURST", "1000"));
    content = ContentView.of(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_phone_that_flips_its_vote_again_and_again_stores_the_first_vote_and_three_changes_and_no_more() throws Exception {
    CreatedSession session = server.createSession("Wijkavond");
    try (LiveClient facilitator = server.connect(); LiveClient phone = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      assertThat(phone.join(session.joinCode(), "Ans", "inwoner").getString("type")).isEqualTo("welcome");
      facilitator.command("next");
      facilitator.command("openVoting");
      String vraag = content.eersteVraag(0);
      List<String> antwoorden = content.allowed(vraag, "inwoner");
      String a = antwoorden.get(0);
      String b = antwoorden.get(1);

      for (String antwoord : List.of(a, b, a, b)) {
        assertThat(phone.vote(vraag, antwoord).getString("type")).isEqualTo("voted");
      }
      JsonObject refused = phone.vote(vraag, a);
      assertThat(refused.getString("code")).isEqualTo("rate_limited");
      assertThat(refused.getString("message")).contains("laatste keuze");
      // The antwoord the phone holds is still confirmed (a resend after a reconnect), and stores nothing.
      JsonObject resent = phone.vote(vraag, b);
      assertThat(resent.getString("type")).isEqualTo("voted");
      assertThat(resent.getString("antwoordId")).isEqualTo(b);

      // The attack: a flood of changes from one connection.
      for (int i = 0; i < 150; i++) {
        phone.send(new JsonObject().put("type", "vote").put("vraagId", vraag).put("antwoordId", i % 2 == 0 ? a : b));
      }
      for (int i = 0; i < 150; i++) {
        phone.await(f -> "voted".equals(f.getString("type")) || "error".equals(f.getString("type")), "an answer");
      }
      assertThat(votesStored(session)).hasSize(4);
      assertThat(votesStored(session).get(3).json()).contains(b);

      // The tally counts the last stored vote.
      facilitator.send(new JsonObject().put("type", "closeVoting"));
      JsonObject closed = facilitator.awaitState(s -> "result".equals(s.getString("stage")));
      assertThat(closed.getJsonObject("result").getString("antwoordId")).isEqualTo(b);

      // A new vote gives a new budget.
      facilitator.send(new JsonObject().put("type", "openVoting"));
      facilitator.awaitState(s -> "voting".equals(s.getString("stage")));
      for (String antwoord : List.of(a, b, a, b)) {
        assertThat(phone.vote(vraag, antwoord).getString("type")).isEqualTo("voted");
      }
      assertThat(phone.vote(vraag, a).getString("code")).isEqualTo("rate_limited");
      assertThat(votesStored(session)).hasSize(8);
    }
  }

  private static List<StoredEvent> votesStored(CreatedSession session) throws Exception {
    return server.server().store().events(session.sessionId()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).stream().filter(e -> e.type().equals("voteCast")).toList();
  }
}
