package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.AdminToken;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/routes?offset=&limit=}: the organisation's overview, newest first, for whoever holds
 * {@code BUURTROUTE_ADMIN_TOKEN}. Without that variable the overview does not exist (404). It reads the
 * session rows only, never the events, so a page of 100 costs two queries.
 */
final class RouteListing {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private final Store store;
  private final AdminToken admin;

  RouteListing(Store store, AdminToken admin) {
    this.store = store;
    this.admin = admin;
  }

  record Page(long total, int offset, int limit, List<Listed> routes) {
    Page {
      routes = List.copyOf(routes);
    }
  }

  /** {@code participants}: as last saved on the session row (at start and at finish). */
  record Listed(String sessionId, String title, String neighbourhood, String status, Instant createdAt,
                Instant startedAt, Instant finishedAt, int participants, String reviewUrl) {
  }

  void list(RoutingContext ctx) {
    if (!admin.configured()) {
      throw new ApiException(404, "listing_off",
          "Het overzicht van alle routes staat uit. Zet BUURTROUTE_ADMIN_TOKEN om het aan te zetten.");
    }
    switch (admin.check(ctx)) {
      case NONE -> {
        RoutesApi.challenge(ctx);
        throw new ApiException(401, "no_token", "Stuur de beheersleutel mee, als 'Authorization: Bearer <sleutel>'.");
      }
      case WRONG -> throw new ApiException(403, "bad_token", "Deze beheersleutel klopt niet.");
      case VALID -> { }
    }
    int offset = number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Math.min(number(ctx, "limit", DEFAULT_LIMIT, 1, Integer.MAX_VALUE), MAX_LIMIT);
    Future<List<SessionRecord>> rows = store.listSessions(offset, limit);
    Future<Long> total = store.countSessions();
    Future.all(rows, total)
        .onSuccess(done -> RoutesApi.send(ctx, "application/json; charset=utf-8", RouteJson.write(new Page(
            total.result(), offset, limit, rows.result().stream().map(RouteListing::listed).toList()))))
        .onFailure(ctx::fail);
  }

  private static Listed listed(SessionRecord row) {
    return new Listed(row.sessionId(), row.title(), row.neighbourhood(), row.status(), row.createdAt(),
        row.startedAt(), row.finishedAt(), row.participants(), "/r/" + row.sessionId());
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
