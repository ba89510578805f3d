package nl.buurtroute.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import nl.buurtroute.Settings;
import nl.buurtroute.content.Content;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.json.Json;
import nl.buurtroute.live.LiveConnections;
import nl.buurtroute.ops.ClusterStatus;
import nl.buurtroute.ops.Metrics;
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
  private final AddressGuard guard;
  private final Origins origins;
  private HttpServer server;
  private LiveConnections live;

  public HttpVerticle(Settings settings, Content content, Store store, AddressGuard guard) {
    this.settings = settings;
    this.content = content;
    this.store = store;
    this.guard = guard;
    this.contentJson = Json.write(content);
    this.origins = new Origins(settings.publicUrl(), settings.guard().allowedOrigins());
  }

  @Override
  public Future<?> start() {
    live = new LiveConnections(vertx, settings.limits(), guard, store);
    live.start();
    JoinLinks joinLinks = new JoinLinks(settings.publicUrl(), settings.host());
    SessionsHandler sessions = new SessionsHandler(vertx, joinLinks, guard, settings.createCode());

    Router router = Router.router(vertx);
    if (settings.guard().trustProxy()) {
      // Only behind a proxy we run ourselves: otherwise any client could claim any address or scheme.
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    router.route().handler(SecurityHeaders::add);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
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
        // Netty's own limits sit above ours, so an oversized message reaches LiveConnections and gets a
        // clean close with 1009 instead of a protocol error.
        .setMaxWebSocketFrameSize(4 * MAX_BODY_BYTES)
        .setMaxWebSocketMessageSize(4 * MAX_BODY_BYTES)
        // A peer that never answers our close frame loses its TCP connection after this many seconds.
        .setWebSocketClosingTimeout(2)
        // Browsers ask for permessage-deflate, which would give every phone its own zlib state (hundreds of
        // KB of native memory) and cost CPU per frame; our frames are a few KB, so they go uncompressed.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
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
        .onSuccess(v -> ctx.json(java.util.Map.of("status", "ok", "store", store.kind(), "cluster", cluster())))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end("{\"status\":\"store unavailable\"}"));
  }

  /** Ready for traffic: content loaded (it is, or the server would not have started) and the store answers. */
  private void ready(RoutingContext ctx) {
    store.ping()
        .onSuccess(v -> ctx.json(java.util.Map.of("status", "ready", "store", store.kind(),
            "fasen", content.fasen().size(), "connections", guard.connections(), "cluster", cluster())))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end("{\"status\":\"store unavailable\"}"));
  }

  /** Who this server is in the cluster and how much it carries; a server alone is a cluster of one. */
  private static java.util.Map<String, Object> cluster() {
    ClusterStatus status = Metrics.cluster();
    return java.util.Map.of("nodeId", String.valueOf(status.nodeId()), "members", status.members().size(),
        "ownedSessions", status.ownedSessionIds().size());
  }

  private void content(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(contentJson);
  }

  private void upgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(new ApiException(400, "bad_request", "Hier hoort een WebSocket-verbinding."));
      return;
    }
    if (!origins.allows(ctx.request().getHeader("Origin"), ctx.request().authority())) {
      // Against cross-site WebSocket hijacking: a page elsewhere must not act with this server's users.
      ctx.fail(new ApiException(403, "bad_origin", "Deze verbinding komt van een andere website."));
      return;
    }
    if (!guard.openConnection()) {
      ctx.fail(new ApiException(503, "server_busy", "De server is vol. Probeer het over een paar minuten opnieuw."));
      return;
    }
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    ctx.request().toWebSocket()
        .onSuccess(socket -> live.accept(socket, address))
        .onFailure(e -> guard.closeConnection());
  }
}
