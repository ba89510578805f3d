package nl.buurtroute.store;

import io.vertx.core.Vertx;
import nl.buurtroute.testing.PostgresServer;

/** The store suite on a real PostgreSQL server (Debian's package, started by {@link PostgresServer}). */
class PostgresStoreTest extends AbstractStoreTest {

  private String url;

  @Override
  void useFreshDatabase() {
    url = PostgresServer.get().newDatabase();
  }

  @Override
  Store openStore(Vertx vertx) {
    return Stores.open(vertx, url, null);
  }
}
