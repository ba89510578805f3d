package nl.buurtroute.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import nl.buurtroute.api.AdminToken;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.api.Client;
import nl.buurtroute.api.Failures;
import nl.buurtroute.config.Settings;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentJson;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.live.LiveConnections;
import nl.buurtroute.live.OwnerRoute;
import nl.buurtroute.ops.ClusterStatus;
import nl.buurtroute.ops.Metrics;
import nl.buurtroute.ops.OpsApi;
import nl.buurtroute.route.RoutesApi;
import nl.buurtroute.store.Store;

import java.util.Map;

/**
 * The one port of the server: the JSON API, the live WebSocket at {@code /ws} and the web pages. Several
 * instances run, one per event loop, sharing the port; each holds the WebSockets it accepted.
 */
public final class HttpVerticle extends VerticleBase {
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final Settings settings;
  private final Content content;
  private final ContentVersions versions;
  private final Store store;
  private final String contentJson;
  private final AddressGuard guard;
  private final Origins origins;
  private final OwnHosts ownHosts;
  private final HealthProbe health;
  private HttpServer server;
  private LiveConnections live;
  private final OwnerRoute route;
  private JoinLinks joinLinks;

  public HttpVerticle(Settings settings, ContentVersions versions, Store store, AddressGuard guard, HealthProbe health,
                      OwnerRoute route) {
    this.settings = settings;
    this.route = route;
    this.versions = versions;
    this.content = versions.current();
    this.store = store;
    this.guard = guard;
    this.contentJson = withVersion(versions.currentJson(), versions.currentVersion());
    this.origins = new Origins(settings.publicUrl(), settings.guard().allowedOrigins());
    this.ownHosts = new OwnHosts(settings.publicUrl(), settings.edge().allowedHosts());
    this.health = health;
  }

  @Override
  public Future<?> start() {
    live = new LiveConnections(vertx, settings.limits(), guard, store, route);
    live.start();
    joinLinks = new JoinLinks(settings.publicUrl(), settings.host());
    SessionsHandler sessions = new SessionsHandler(vertx, joinLinks, guard, settings.createCode(), origins);
    AdminToken admin = new AdminToken(settings.adminToken());
    RequestDeadline deadline = new RequestDeadline(vertx, settings.edge().requestSeconds(), settings.edge().idleSeconds());

    Router router = Router.router(vertx);
    router.route().handler(deadline::arrived);
    // Forwarded headers only from the proxies we run ourselves: otherwise any client could claim any address.
    router.route().handler(Client.resolver(settings.edge().trustedProxies()));
    router.route().handler(SecurityHeaders::add);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.route("/ws").handler(this::ownHost);
    router.route("/api/*").handler(this::ownHost);
    router.get("/ws").handler(this::upgrade);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/api/content").handler(this::content);
    router.post("/api/sessions").handler(sessions::create);
    router.get("/api/join-link/:code").handler(joinLinks::describe);
    router.get("/api/join-link/:code/qr.svg").handler(joinLinks::qr);
    RoutesApi.mount(router, vertx, store, versions, admin);
    OpsApi.mount(router, vertx, store, admin);
    Pages.mount(router);
    router.route("/*").handler(StaticHandler.create("web").setIndexPage("index.html").setCachingEnabled(false));
    router.route().failureHandler(Failures::handle);
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
        .setCompressionSupported(true)
        // A connection that neither sends nor receives for this long is closed; WebSockets are pinged more often.
        .setIdleTimeout(settings.edge().idleSeconds());
    return vertx.createHttpServer(options)
        .connectionHandler(deadline::opened)
        .requestHandler(router)
        .listen(settings.port())
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    live.closeAll((short) 1012, "server restart");
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Up, and the store takes a real write (see {@link HealthProbe}); 503 through the failure handler otherwise. */
  private void health(RoutingContext ctx) {
    health.check()
        .onSuccess(v -> ctx.json(Map.of("status", "ok", "store", store.kind(), "cluster", cluster())))
        .onFailure(e -> ctx.fail(storeUnavailable()));
  }

  /** Ready for traffic: content loaded (it is, or the server would not have started) and the store takes writes. */
  private void ready(RoutingContext ctx) {
    health.check()
        .onSuccess(v -> ctx.json(Map.of("status", "ready", "store", store.kind(),
            "fasen", content.fasen().size(), "connections", guard.connections(), "cluster", cluster())))
        .onFailure(e -> ctx.fail(storeUnavailable()));
  }

  /** Who this server is in the cluster and how much it carries; a server alone is a cluster of one. */
  private static Map<String, Object> cluster() {
    ClusterStatus status = Metrics.cluster();
    return Map.of("nodeId", String.valueOf(status.nodeId()), "members", status.members().size(),
        "ownedSessions", status.ownedSessionIds().size());
  }

  private static ApiException storeUnavailable() {
    return new ApiException(503, "store_unavailable", "De opslag van de server neemt nu niets aan. Probeer het later opnieuw.");
  }

  /** Against DNS rebinding: the API and the WebSocket answer only under the server's own names and addresses. */
  private void ownHost(RoutingContext ctx) {
    if (!ownHosts.allows(ctx.request().authority())) {
      ctx.fail(new ApiException(403, "bad_host",
          "Deze server is niet bereikbaar onder deze naam. Gebruik het adres dat de begeleider laat zien."));
      return;
    }
    ctx.next();
  }

  /**
   * The current content with its {@code contentVersion}; with {@code ?version=} an earlier version a session
   * was created with (a route carries it), so a page can show the texts that session's group saw.
   */
  private void content(RoutingContext ctx) {
    String version = ctx.queryParams().get("version");
    if (version == null || version.equals(versions.currentVersion())) {
      ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(contentJson);
      return;
    }
    if (!version.matches("[0-9a-f]{16}")) {
      ctx.fail(new ApiException(400, "bad_request", "Een inhoudsversie bestaat uit 16 tekens (0-9, a-f)."));
      return;
    }
    versions.content(version)
        .onSuccess(old -> ctx.response().putHeader("content-type", "application/json; charset=utf-8")
            .putHeader("cache-control", "public, max-age=31536000, immutable")
            .end(withVersion(ContentJson.write(old), version)))
        .onFailure(e -> ctx.fail(e instanceof ContentVersions.UnknownContentVersion
            ? new ApiException(404, "not_found", "Deze versie van de inhoud kennen we niet.")
            : e));
  }

  /** The content's JSON object with {@code "contentVersion"} as its first field. */
  private static String withVersion(String contentJson, String version) {
    return "{\"contentVersion\":\"" + version + "\"," + contentJson.substring(1);
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
    String address = Client.of(ctx).address();
    String joinBase = joinLinks.base(ctx);
    // ?lead=1: the console and the beamer wait ahead of the phones while a crowd joins (PROTOCOL.md).
    boolean lead = "1".equals(ctx.request().getParam("lead"));
    live.upgrade(ctx.request(), address, joinBase, lead, () -> {
      guard.closeConnection();
      ctx.fail(new ApiException(503, "server_busy", "Het is nu heel druk. Je telefoon probeert het zo opnieuw."));
    }, guard::closeConnection);
  }
}
