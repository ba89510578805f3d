package nl.buurtroute.live;

import nl.buurtroute.testing.ContentView;
import nl.buurtroute.loadgen.PostgresServer;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The same protocol tests with PostgreSQL as the store: behaviour must not depend on the store. */
class LiveProtocolOnPostgresTest extends LiveProtocolTest {

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_DB_URL", PostgresServer.get().newDatabase()));
    content = ContentView.of(server);
  }
}
