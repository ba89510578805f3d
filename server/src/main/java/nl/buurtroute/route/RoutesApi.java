package nl.buurtroute.route;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import nl.buurtroute.Settings;
import nl.buurtroute.content.Content;
import nl.buurtroute.store.Store;

/** The review API: saved routes, their exports, comparing two routes and the organisation's overview. */
public final class RoutesApi {
  private RoutesApi() {
  }

  public static void mount(Router router, Vertx vertx, Store store, Content content, Settings settings) {
  }
}
