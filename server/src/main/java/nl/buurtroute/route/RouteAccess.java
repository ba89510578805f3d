package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.Content;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;

/**
 * Who may read which route, and reading it. A route opens with its session's review token or facilitator
 * token; the events are loaded only after the token matched, so a failed check never costs, or shows, a
 * byte of the route. Unknown sessions answer 404 after the same hash comparison a known one costs.
 */
final class RouteAccess {
  static final int MAX_ID = 64;
  /** Compared against when the session is unknown, so both answers take the same work. */
  private static final String NO_SESSION_HASH = Tokens.hash("no session has this token");

  private final Vertx vertx;
  private final Store store;
  private final RouteProjection projection;

  RouteAccess(Vertx vertx, Store store, Content content) {
    this.vertx = vertx;
    this.store = store;
    this.projection = new RouteProjection(content);
  }

  static ApiException noToken() {
    return new ApiException(401, "no_token",
        "Stuur de reviewsleutel of de begeleiderssleutel mee, als 'Authorization: Bearer <sleutel>'.");
  }

  /** The session row when the token opens it; fails with 404 or 403. {@code which} names the route in messages. */
  Future<SessionRecord> authorize(String sessionId, String token, String which) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_ID) {
      Tokens.matches(token, NO_SESSION_HASH);
      return Future.failedFuture(notFound(which));
    }
    return store.findSession(sessionId).compose(found -> {
      if (found.isEmpty()) {
        Tokens.matches(token, NO_SESSION_HASH);
        return Future.failedFuture(notFound(which));
      }
      SessionRecord row = found.get();
      // Both comparisons always run: which of the two tokens matched must not show in the timing either.
      boolean review = Tokens.matches(token, row.reviewTokenHash());
      boolean facilitator = Tokens.matches(token, row.facilitatorTokenHash());
      if (!review && !facilitator) {
        return Future.failedFuture(new ApiException(403, "bad_token",
            "Deze sleutel hoort niet bij " + which + "."));
      }
      return Future.succeededFuture(row);
    });
  }

  /** Loads and replays the events of an authorized session, off the event loop. */
  Future<Route> load(SessionRecord row) {
    return store.events(row.sessionId())
        .compose(events -> vertx.executeBlocking(() -> projection.project(row.sessionId(), row.createdAt(), events),
            false));
  }

  Future<Route> read(String sessionId, String token) {
    return authorize(sessionId, token, "deze route").compose(this::load);
  }

  private static ApiException notFound(String which) {
    return new ApiException(404, "not_found", "We kennen " + which + " niet. Kijk of de link klopt.");
  }
}
