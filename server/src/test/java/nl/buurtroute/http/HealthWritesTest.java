package nl.buurtroute.http;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.store.SqliteStore;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 7: {@code /health} said "ok" while the store could not write. Now it proves a real write. Here the
 * store cannot write because another process holds SQLite's write lock (what a full disk or a read-only
 * file also does to a write: it fails or never commits); on PostgreSQL, see {@link HealthWritesOnPostgresTest}.
 */
public class HealthWritesTest {
  @Test
  void health_commits_a_real_write_and_says_503_while_the_store_cannot_write() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
      String url = "jdbc:sqlite:" + server.dataDir().resolve(SqliteStore.FILE_NAME);
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT writes FROM store_probe WHERE id = 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isPositive();
        }
        s.execute("BEGIN EXCLUSIVE");
        HttpResponse<String> refused = awaitHealth(server, status -> status == 503);
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("store_unavailable");
        assertThat(server.get("/ready").statusCode()).isEqualTo(503);
        s.execute("ROLLBACK");
      }
      assertThat(awaitHealth(server, status -> status == 200).body()).contains("\"ok\"");
    }
  }

  /** Asks until the answer matches; each ask is a real probe (at most ~5 s), so the wait is on the server. */
  public static HttpResponse<String> awaitHealth(TestServer server, IntPredicate status) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    HttpResponse<String> last;
    do {
      last = server.get("/health");
      if (status.test(last.statusCode())) {
        return last;
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("health never answered as expected; last: " + last.statusCode() + " " + last.body());
  }
}
