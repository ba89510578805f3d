package nl.buurtroute.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import nl.buurtroute.Settings;
import nl.buurtroute.store.Store;

/** Operations endpoints: /metrics and the stats the benchmark reads. */
public final class OpsApi {
  private OpsApi() {
  }

  public static void mount(Router router, Vertx vertx, Store store, Settings settings) {
  }
}
