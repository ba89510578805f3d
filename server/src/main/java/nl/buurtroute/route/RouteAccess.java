package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.Content;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.content.ContentVersions;
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
  private final ContentVersions versions;

  RouteAccess(Vertx vertx, Store store, ContentVersions versions) {
    this.vertx = vertx;
    this.store = store;
    this.versions = versions;
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

  /**
   * Loads and replays the events of an authorized session, off the event loop, with the content the session
   * was created with: the route shows the texts its group saw, whatever the server runs with now.
   */
  Future<Route> load(SessionRecord row) {
    String version = versions.versionOf(row.contentVersion());
    return Future.all(store.events(row.sessionId()), versions.content(version))
        .compose(both -> vertx.executeBlocking(() -> new RouteProjection(both.<Content>resultAt(1), version)
            .project(row.sessionId(), row.createdAt(), both.resultAt(0)), false));
  }

  /** The content a route was projected with. */
  Future<Content> contentOf(Route route) {
    return versions.content(route.contentVersion());
  }

  Future<Route> read(String sessionId, String token) {
    return authorize(sessionId, token, "deze route").compose(this::load);
  }

  private static ApiException notFound(String which) {
    return new ApiException(404, "not_found", "We kennen " + which + " niet. Kijk of de link klopt.");
  }
}
