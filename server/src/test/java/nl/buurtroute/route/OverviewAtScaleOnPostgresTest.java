package nl.buurtroute.route;

import nl.buurtroute.loadgen.PostgresServer;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The same 10,000 routes with PostgreSQL as the store. */
class OverviewAtScaleOnPostgresTest extends OverviewAtScaleTest {

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_ADMIN_TOKEN", ADMIN,
        "BUURTROUTE_DB_URL", PostgresServer.get().newDatabase()));
  }
}
