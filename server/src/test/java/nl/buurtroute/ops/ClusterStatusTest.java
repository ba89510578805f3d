package nl.buurtroute.ops;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A server alone is a cluster of one that owns every live session; its status pages say so. */
class ClusterStatusTest {

  @Test
  void a_single_server_reports_one_member_that_owns_every_live_session() {
    try (TestServer server = TestServer.start()) {
      TestServer.CreatedSession first = server.createSession("Eerste avond");
      TestServer.CreatedSession second = server.createSession("Tweede avond");

      JsonObject cluster = new JsonObject(server.get("/api/stats").body()).getJsonObject("cluster");
      assertThat(cluster.getString("nodeId")).isNotBlank();
      assertThat(cluster.getInteger("members")).isEqualTo(1);
      assertThat(cluster.getJsonArray("ownedSessionIds").getList())
          .containsExactlyInAnyOrder(first.sessionId(), second.sessionId());

      JsonObject health = new JsonObject(server.get("/health").body()).getJsonObject("cluster");
      assertThat(health.getInteger("members")).isEqualTo(1);
      assertThat(health.getInteger("ownedSessions")).isEqualTo(2);
      assertThat(new JsonObject(server.get("/ready").body()).getJsonObject("cluster").getString("nodeId"))
          .isEqualTo(cluster.getString("nodeId"));
      assertThat(server.get("/metrics").body()).contains("buurtroute_cluster_members 1.0")
          .contains("buurtroute_sessions_owned 2.0");
    }
  }
}
