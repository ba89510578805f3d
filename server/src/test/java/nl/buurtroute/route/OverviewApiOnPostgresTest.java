package nl.buurtroute.route;

import nl.buurtroute.loadgen.PostgresServer;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The same organisation overview tests with PostgreSQL as the store. */
class OverviewApiOnPostgresTest extends OverviewApiTest {

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_ADMIN_TOKEN", ADMIN,
        "BUURTROUTE_DB_URL", PostgresServer.get().newDatabase()));
    playRoutes();
  }
}
