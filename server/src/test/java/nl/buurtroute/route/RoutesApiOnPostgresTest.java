package nl.buurtroute.route;

import nl.buurtroute.testing.ContentView;
import nl.buurtroute.loadgen.PostgresServer;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The same review tests with PostgreSQL as the store: the Review section must hold on both stores. */
class RoutesApiOnPostgresTest extends RoutesApiTest {

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_ADMIN_TOKEN", ADMIN,
        "BUURTROUTE_DB_URL", PostgresServer.get().newDatabase()));
    freshStore = () -> Map.of("BUURTROUTE_DB_URL", PostgresServer.get().newDatabase());
    content = ContentView.of(server);
  }
}
