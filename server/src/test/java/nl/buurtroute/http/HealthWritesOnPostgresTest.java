package nl.buurtroute.http;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.loadgen.PostgresServer;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static nl.buurtroute.http.HealthWritesTest.awaitHealth;
import static org.assertj.core.api.Assertions.assertThat;

/** Finding 7 on PostgreSQL: a database that turns read-only (as a standby or a full disk does) makes /health 503. */
class HealthWritesOnPostgresTest {
  @Test
  void a_read_only_database_makes_health_503_and_writable_again_200() {
    PostgresServer pg = PostgresServer.get();
    String url = pg.newDatabase();
    String database = url.substring(url.lastIndexOf('/') + 1);
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_DB_URL", url))) {
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
      assertThat(pg.psql(database, "SELECT writes > 0 FROM store_probe").strip()).isEqualTo("t");

      pg.psql("postgres", "ALTER DATABASE " + database + " SET default_transaction_read_only = on");
      pg.psql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" + database + "'");
      var refused = awaitHealth(server, status -> status == 503);
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("store_unavailable");

      pg.psql("postgres", "ALTER DATABASE " + database + " RESET default_transaction_read_only");
      pg.psql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" + database + "'");
      assertThat(awaitHealth(server, status -> status == 200).statusCode()).isEqualTo(200);
    }
  }
}
