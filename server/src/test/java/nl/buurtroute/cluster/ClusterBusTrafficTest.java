package nl.buurtroute.cluster;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-member bus counters of {@code /api/stats} (what the cluster benchmark divides by votes): a phone on
 * member B votes in a session that member A owns, so B's command crosses to A and A's reply crosses back.
 */
class ClusterBusTrafficTest {

  @Test
  void a_vote_from_another_member_counts_a_command_to_the_owner_and_a_reply_back() {
    try (TestCluster cluster = new TestCluster(2).start(0, 1)) {
      ContentView content = new ContentView(new JsonObject(cluster.get(0, "/api/content")));
      JsonObject created = cluster.post(0, "/api/sessions", new JsonObject().put("title", "Twee servers"));
      String sessionId = created.getString("sessionId");
      assertThat(cluster.ownerOf(sessionId, 0, 1)).isEqualTo(0);

      LiveClient facilitator = LiveClient.connect(cluster.port(0));
      facilitator.facilitate(sessionId, created.getString("facilitatorToken"));
      LiveClient phone = LiveClient.connect(cluster.port(1));
      assertThat(phone.join(created.getString("joinCode"), "Ans", "inwoner").getString("type")).isEqualTo("welcome");
      facilitator.send(new JsonObject().put("type", "next"));
      String vraag = facilitator.awaitState(s -> "question".equals(s.getString("stage"))).getString("vraagId");
      facilitator.send(new JsonObject().put("type", "openVoting"));
      phone.awaitState(s -> "voting".equals(s.getString("stage")));

      JsonObject ownerBefore = bus(cluster, 0);
      JsonObject otherBefore = bus(cluster, 1);
      assertThat(phone.vote(vraag, content.allowed(vraag, "inwoner").get(0)).getString("type")).isEqualTo("voted");
      JsonObject owner = bus(cluster, 0);
      JsonObject other = bus(cluster, 1);

      assertThat(rise(otherBefore, other, "sentByType", "Command")).isGreaterThanOrEqualTo(1);
      assertThat(rise(ownerBefore, owner, "receivedByType", "Command")).isGreaterThanOrEqualTo(1);
      assertThat(rise(ownerBefore, owner, "sentByType", "Reply")).isGreaterThanOrEqualTo(1);
      assertThat(rise(otherBefore, other, "receivedByType", "Reply")).isGreaterThanOrEqualTo(1);
      assertThat(other.getLong("sent")).isGreaterThan(otherBefore.getLong("sent"));
      assertThat(owner.getLong("received")).isGreaterThan(ownerBefore.getLong("received"));
      assertThat(cluster.get(0, "/metrics"))
          .contains("buurtroute_cluster_bus_messages_total{direction=\"sent\",type=\"Reply\"}");
    }
  }

  private static JsonObject bus(TestCluster cluster, int member) {
    return cluster.cluster(member).getJsonObject("bus");
  }

  private static long rise(JsonObject before, JsonObject after, String field, String type) {
    return after.getJsonObject(field).getLong(type, 0L) - before.getJsonObject(field).getLong(type, 0L);
  }
}
