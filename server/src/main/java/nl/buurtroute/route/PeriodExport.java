package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.content.Rol;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.store.Overview;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/overview/export?from=&to=&q=} with the admin token: every route of a period (and title search)
 * as one CSV file, oldest first, in the route export's columns under one header, by the same {@link CsvWriter}.
 * At most {@value #MAX_ROUTES} routes per file, so that one request cannot hold the server's memory; past that
 * the answer is 413 and asks for a shorter period. Routes are read a few at a time.
 */
final class PeriodExport {
  static final int MAX_ROUTES = 1000;
  private static final int AT_ONCE = 8;

  private final Store store;
  private final ContentVersions versions;
  private final AdminGate gate;
  private final RouteAccess access;

  PeriodExport(Store store, ContentVersions versions, AdminGate gate, RouteAccess access) {
    this.store = store;
    this.versions = versions;
    this.gate = gate;
    this.access = access;
  }

  void export(RoutingContext ctx) {
    gate.check(ctx);
    String search = ctx.queryParams().get("q");
    if (search != null && search.length() > RouteListing.MAX_SEARCH) {
      throw new ApiException(400, "bad_request", "Zoek op hoogstens " + RouteListing.MAX_SEARCH + " tekens.");
    }
    Period period = Period.of(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
    store.searchSessions(new Overview.ListingQuery(search, period.from(), period.to(), 0, MAX_ROUTES + 1))
        .compose(page -> {
          if (page.total() > MAX_ROUTES) {
            return Future.failedFuture(new ApiException(413, "too_many_routes", "In deze periode zijn "
                + page.total() + " routes; één bestand heeft er hoogstens " + MAX_ROUTES + ". Kies een kortere periode."));
          }
          List<SessionRecord> rows = new ArrayList<>(page.sessions().stream().map(Overview.Listed::session).toList());
          java.util.Collections.reverse(rows);
          List<Rol> columns = versions.current().rollen();
          CsvWriter out = new CsvWriter().row(CsvExport.header(columns));
          return write(out, columns, rows, 0).map(v -> out.text());
        })
        .onSuccess(csv -> {
          ctx.response().putHeader("content-disposition", "attachment; filename=\"" + filename(period) + "\"");
          RoutesApi.send(ctx, "text/csv; charset=utf-8", csv);
        })
        .onFailure(ctx::fail);
  }

  /**
   * Loads {@value #AT_ONCE} routes at a time and writes them in order. Each route is replayed and worded with
   * the content version it ran with; the vote columns are the current content's rollen, as in the header.
   */
  private Future<Void> write(CsvWriter out, List<Rol> columns, List<SessionRecord> rows, int from) {
    if (from >= rows.size()) {
      return Future.succeededFuture();
    }
    List<Future<Worded>> loading = rows.subList(from, Math.min(rows.size(), from + AT_ONCE)).stream()
        .map(row -> access.load(row).compose(route -> access.contentOf(route).map(c -> new Worded(route, c))))
        .toList();
    return Future.all(loading).compose(done -> {
      loading.forEach(f -> CsvExport.rows(out, f.result().route(), columns, f.result().content()));
      return write(out, columns, rows, from + AT_ONCE);
    });
  }

  /** A route with the content it ran with. */
  private record Worded(Route route, Content content) {
  }

  static String filename(Period period) {
    return "buurtroute-routes" + (period.fromDay() == null ? "" : "-van-" + period.fromDay())
        + (period.toDay() == null ? "" : "-tot-en-met-" + period.toDay()) + ".csv";
  }
}
