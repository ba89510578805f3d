package nl.buurtroute.route;

import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.store.Overview;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/routes?offset=&limit=&q=&from=&to=}: the organisation's list of routes, newest first, for
 * whoever holds {@code BUURTROUTE_ADMIN_TOKEN}; {@code q} searches the title, {@code from}/{@code to} (days,
 * Dutch time) filter on the date the route started (or was made, when it never started). Without that variable
 * the listing does not exist (404). It reads the session rows and route summaries, never the events (after the
 * summaries of changed routes are brought up to date), so a page costs two queries.
 */
final class RouteListing {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  static final int MAX_SEARCH = 200;

  private final Store store;
  private final AdminGate gate;
  private final RouteSummaries summaries;

  RouteListing(Store store, AdminGate gate, RouteSummaries summaries) {
    this.store = store;
    this.gate = gate;
    this.summaries = summaries;
  }

  record Page(long total, int offset, int limit, List<Listed> routes) {
    Page {
      routes = List.copyOf(routes);
    }
  }

  /**
   * {@code participants}: as last saved on the session row (at start and at finish). From the route's summary:
   * {@code perRol} (active participants per rol), {@code werkzameElementen} (the numbers its chosen antwoorden
   * touched) and {@code steps}; null for a route whose summary could not be made.
   */
  record Listed(String sessionId, String title, String neighbourhood, String status, Instant createdAt,
                Instant startedAt, Instant finishedAt, int participants, String reviewUrl,
                Map<String, Integer> perRol, List<Integer> werkzameElementen, Integer steps) {
  }

  void list(RoutingContext ctx) {
    gate.check(ctx);
    int offset = number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Math.min(number(ctx, "limit", DEFAULT_LIMIT, 1, Integer.MAX_VALUE), MAX_LIMIT);
    String search = ctx.queryParams().get("q");
    if (search != null && search.length() > MAX_SEARCH) {
      throw new ApiException(400, "bad_request", "Zoek op hoogstens " + MAX_SEARCH + " tekens.");
    }
    Period period = Period.of(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
    summaries.refresh()
        .compose(v -> store.searchSessions(new Overview.ListingQuery(search, period.from(), period.to(), offset, limit)))
        .onSuccess(page -> RoutesApi.send(ctx, "application/json; charset=utf-8", RouteJson.write(new Page(
            page.total(), offset, limit, page.sessions().stream().map(RouteListing::listed).toList()))))
        .onFailure(ctx::fail);
  }

  private static Listed listed(Overview.Listed listed) {
    SessionRecord row = listed.session();
    return new Listed(row.sessionId(), row.title(), row.neighbourhood(), row.status(), row.createdAt(),
        row.startedAt(), row.finishedAt(), row.participants(), "/r/" + row.sessionId(),
        listed.participantsPerRol(), listed.elementen(), listed.steps());
  }

  private static int number(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ApiException(400, "bad_request", "'" + name + "' moet een heel getal van " + min + " of meer zijn.");
    }
  }
}
