package nl.buurtroute.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import nl.buurtroute.Settings;
import nl.buurtroute.content.Content;
import nl.buurtroute.json.Json;
import nl.buurtroute.live.LiveConnections;
import nl.buurtroute.ops.OpsApi;
import nl.buurtroute.route.RoutesApi;
import nl.buurtroute.store.Store;

/**
 * The one port of the server: the JSON API, the live WebSocket at {@code /ws} and the web pages. Several
 * instances run, one per event loop, sharing the port; each holds the WebSockets it accepted.
 */
public final class HttpVerticle extends VerticleBase {
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final Settings settings;
  private final Content content;
  private final Store store;
  private final String contentJson;
  private HttpServer server;
  private LiveConnections live;

  public HttpVerticle(Settings settings, Content content, Store store) {
    this.settings = settings;
    this.content = content;
    this.store = store;
    this.contentJson = Json.write(content);
  }

  @Override
  public Future<?> start() {
    live = new LiveConnections(vertx, settings.limits());
    live.start();
    JoinLinks joinLinks = new JoinLinks(settings.publicUrl());
    SessionsHandler sessions = new SessionsHandler(vertx, joinLinks);

    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::add);
    router.get("/health").handler(this::health);
    router.get("/ws").handler(this::upgrade);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/api/content").handler(this::content);
    router.post("/api/sessions").handler(sessions::create);
    router.get("/api/join-link/:code").handler(joinLinks::describe);
    router.get("/api/join-link/:code/qr.svg").handler(joinLinks::qr);
    RoutesApi.mount(router, vertx, store, content, settings);
    OpsApi.mount(router, vertx, store, settings);
    Pages.mount(router);
    router.route("/*").handler(StaticHandler.create("web").setIndexPage("index.html").setCachingEnabled(false));
    router.route().failureHandler(ErrorBodies::handle);
    router.route().last().handler(ctx -> ctx.fail(new ApiException(404, "not_found", "Deze pagina bestaat niet.")));

    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setMaxWebSocketFrameSize(MAX_BODY_BYTES)
        .setMaxWebSocketMessageSize(MAX_BODY_BYTES)
        .setCompressionSupported(true);
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .listen(settings.port())
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    live.closeAll((short) 1012, "server restart");
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void health(RoutingContext ctx) {
    store.ping()
        .onSuccess(v -> ctx.json(java.util.Map.of("status", "ok", "store", store.kind())))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end("{\"status\":\"store unavailable\"}"));
  }

  private void content(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(contentJson);
  }

  private void upgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(new ApiException(400, "bad_request", "Hier hoort een WebSocket-verbinding."));
      return;
    }
    ctx.request().toWebSocket().onSuccess(live::accept);
  }
}
