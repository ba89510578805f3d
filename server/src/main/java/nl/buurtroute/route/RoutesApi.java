package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.AdminToken;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.api.Bearer;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The review API: a saved route, its exports, comparing two routes and the organisation's overview.
 * Failures go to the router's failure handler as {@link ApiException}; the answers here are written once,
 * after every check passed.
 */
public final class RoutesApi {
  static final long SUMMARY_SWEEP_MILLIS = 30_000;
  private final RouteAccess access;

  private RoutesApi(RouteAccess access) {
    this.access = access;
  }

  public static void mount(Router router, Vertx vertx, Store store, ContentVersions versions, AdminToken adminToken) {
    AdminGate admin = new AdminGate(adminToken);
    RouteSummaries summaries = new RouteSummaries(vertx, store, versions);
    RouteAccess access = new RouteAccess(vertx, store, versions, admin, summaries);
    RoutesApi api = new RoutesApi(access);
    RouteListing listing = new RouteListing(store, admin, summaries);
    NotesApi notes = new NotesApi(access, store);
    OverviewApi overview = new OverviewApi(store, versions, admin, summaries);
    router.get("/api/routes").handler(listing::list);
    router.get("/api/routes/:sessionId").handler(api::route);
    router.get("/api/routes/:sessionId/export").handler(api::export);
    router.post("/api/routes/:sessionId/notes").handler(notes::add);
    router.get("/api/compare").handler(api::compare);
    router.get("/api/overview").handler(overview::overview);
    // Finished routes that changed since their summary get a new one in the background, so reads seldom wait
    // for it; running sessions are left to the reads (see RouteSummaries.sweep).
    vertx.setPeriodic(SUMMARY_SWEEP_MILLIS, SUMMARY_SWEEP_MILLIS, id -> summaries.sweep());
    router.get("/api/overview/export").handler(new PeriodExport(store, versions, admin, access)::export);
  }

  private void route(RoutingContext ctx) {
    String token = token(ctx);
    access.read(ctx.pathParam("sessionId"), token)
        .onSuccess(route -> send(ctx, "application/json; charset=utf-8", RouteJson.write(route)))
        .onFailure(ctx::fail);
  }

  private void export(RoutingContext ctx) {
    String token = token(ctx);
    String format = ctx.queryParams().get("format");
    if (!"csv".equals(format) && !"md".equals(format)) {
      throw new ApiException(400, "bad_format", "Kies een formaat: format=csv of format=md.");
    }
    boolean csv = "csv".equals(format);
    access.read(ctx.pathParam("sessionId"), token)
        // The export's texts, like the route's, come from the content version the session ran with.
        .compose(route -> access.contentOf(route).map(content -> {
          ctx.response().putHeader("content-disposition",
              "attachment; filename=\"" + filename(route, csv ? "csv" : "md") + "\"");
          return csv ? CsvExport.write(route, content) : MarkdownExport.write(route, content);
        }))
        .onSuccess(body -> send(ctx, csv ? "text/csv; charset=utf-8" : "text/markdown; charset=utf-8", body))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/compare?routes=ID1,ID2} with {@code Authorization: Bearer TOKEN1,TOKEN2}: one token per
   * route, in the same order. Each route is checked as if read alone; the first route that fails decides the
   * answer, and nothing of either route is sent unless both pass.
   */
  private void compare(RoutingContext ctx) {
    List<String> tokens = Bearer.tokens(ctx.request().getHeader("Authorization"));
    if (tokens == null) {
      challenge(ctx);
      throw new ApiException(401, "no_token", "Stuur per route een sleutel mee, in dezelfde volgorde als de routes: "
          + "'Authorization: Bearer <sleutel1>,<sleutel2>'.");
    }
    String param = ctx.queryParams().get("routes");
    List<String> ids = param == null ? List.of() : Arrays.stream(param.split(",", -1)).map(String::strip).toList();
    if (ids.size() != 2 || ids.stream().anyMatch(String::isEmpty)) {
      throw new ApiException(400, "bad_request", "Vergelijk twee routes: routes=<sessionId1>,<sessionId2>.");
    }
    if (tokens.size() != ids.size()) {
      throw new ApiException(400, "bad_request", "Stuur precies één sleutel per route, in dezelfde volgorde als de "
          + "routes: 'Authorization: Bearer <sleutel1>,<sleutel2>'.");
    }
    Future<SessionRecord> first = access.authorize(ids.get(0), tokens.get(0), "de eerste route");
    Future<SessionRecord> second = access.authorize(ids.get(1), tokens.get(1), "de tweede route");
    Future.join(first, second)
        .transform(done -> first.failed() ? Future.<List<SessionRecord>>failedFuture(first.cause())
            : second.failed() ? Future.failedFuture(second.cause())
            : Future.succeededFuture(List.of(first.result(), second.result())))
        .compose(rows -> Future.all(access.load(rows.get(0)), access.load(rows.get(1))))
        // Aligned on the trees of the first route; texts of each route come from its own content version.
        .compose(both -> access.contentOf(both.resultAt(0)).map(content ->
            Comparison.of(List.of(both.resultAt(0), both.resultAt(1)), content)))
        .onSuccess(comparison -> send(ctx, "application/json; charset=utf-8", RouteJson.write(comparison)))
        .onFailure(ctx::fail);
  }

  /** The single token of the Authorization header; throws 401 (with a Bearer challenge) when it is not there. */
  static String token(RoutingContext ctx) {
    String token = Bearer.token(ctx.request().getHeader("Authorization"));
    if (token == null) {
      challenge(ctx);
      throw RouteAccess.noToken();
    }
    return token;
  }

  static void challenge(RoutingContext ctx) {
    ctx.response().putHeader("www-authenticate", "Bearer realm=\"buurtroute\"");
  }

  static void send(RoutingContext ctx, String contentType, String body) {
    ctx.response()
        .putHeader("content-type", contentType)
        .putHeader("cache-control", "no-store")
        .end(body);
  }

  /** "buurtroute-wijkavond-kanaleneiland-k3m9x2ab7qrt5vwz.csv": ASCII letters, digits and dashes only. */
  static String filename(Route route, String extension) {
    String plain = Normalizer.normalize(route.title() == null ? "" : route.title(), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (plain.length() > 40) {
      plain = plain.substring(0, 40).replaceAll("-+$", "");
    }
    String id = route.sessionId().replaceAll("[^A-Za-z0-9]", "");
    return "buurtroute-" + (plain.isEmpty() ? "" : plain + "-") + id + "." + extension;
  }
}
