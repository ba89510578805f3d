package nl.buurtroute.cluster;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's cluster paragraph, the quiet part: any member serves any session. */
class ClusterScenarioTest {

  @Test
  void a_session_created_through_one_member_is_facilitated_joined_voted_and_reviewed_through_the_others() {
    try (TestCluster cluster = new TestCluster(3).start(0, 1, 2)) {
      assertThat(cluster.cluster(0).getInteger("members")).isEqualTo(3);
      ContentView content = new ContentView(new JsonObject(cluster.get(1, "/api/content")));
      JsonObject created = cluster.post(0, "/api/sessions", new JsonObject().put("title", "Drie servers"));
      String sessionId = created.getString("sessionId");
      assertThat(cluster.cluster(0).getJsonArray("ownedSessionIds").getList()).containsExactly(sessionId);
      assertThat(cluster.cluster(1).getJsonArray("ownedSessionIds").getList()).isEmpty();

      LiveClient facilitator = LiveClient.connect(cluster.port(1));
      assertThat(facilitator.facilitate(sessionId, created.getString("facilitatorToken")).getString("type"))
          .isEqualTo("welcome");
      LiveClient inwoner = LiveClient.connect(cluster.port(2));
      JsonObject welcome = inwoner.join(created.getString("joinCode"), "Ans", "inwoner");
      assertThat(welcome.getString("type")).as(welcome.encode()).isEqualTo("welcome");
      LiveClient professional = LiveClient.connect(cluster.port(0));
      professional.join(created.getString("joinCode"), "Bram", "wijkprofessional");

      facilitator.send(new JsonObject().put("type", "next"));
      String vraag = facilitator.awaitState(s -> "question".equals(s.getString("stage"))).getString("vraagId");
      inwoner.awaitState(s -> vraag.equals(s.getString("vraagId")));
      facilitator.send(new JsonObject().put("type", "openVoting"));
      facilitator.awaitState(s -> "voting".equals(s.getString("stage")));
      String antwoord = content.allowed(vraag, "inwoner").get(0);
      assertThat(inwoner.vote(vraag, antwoord).getString("type")).isEqualTo("voted");
      assertThat(professional.vote(vraag, content.allowed(vraag, "wijkprofessional").get(0)).getString("type"))
          .isEqualTo("voted");
      facilitator.send(new JsonObject().put("type", "closeVoting"));
      facilitator.awaitState(s -> "result".equals(s.getString("stage")));

      // Resumed through a third member, the participant sees its vote.
      LiveClient again = LiveClient.connect(cluster.port(1));
      JsonObject resumed = again.resume(welcome.getString("resumeToken"));
      assertThat(resumed.getJsonObject("myVote").getString("antwoordId")).isEqualTo(antwoord);

      JsonObject route = cluster.route(2, sessionId, created.getString("reviewToken"));
      assertThat(route.getString("sessionId")).isEqualTo(sessionId);
    }
  }
}
