package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.Overview;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;
import nl.buurtroute.store.Store.StoredEvent;

import java.util.List;

/**
 * Who may read which route, and reading it. A route opens with its session's review token or facilitator
 * token, or the organisation's admin token; the events are loaded only after the token matched, so a failed
 * check never costs, or shows, a byte of the route. Unknown sessions answer 404 after the same hash comparison a known one costs.
 */
final class RouteAccess {
  static final int MAX_ID = 64;
  /** Compared against when the session is unknown, so both answers take the same work. */
  private static final String NO_SESSION_HASH = Tokens.hash("no session has this token");

  private final Vertx vertx;
  private final Store store;
  private final ContentVersions versions;
  private final AdminGate admin;
  private final RouteSummaries summaries;

  RouteAccess(Vertx vertx, Store store, ContentVersions versions, AdminGate admin, RouteSummaries summaries) {
    this.vertx = vertx;
    this.store = store;
    this.versions = versions;
    this.admin = admin;
    this.summaries = summaries;
  }

  static ApiException noToken() {
    return new ApiException(401, "no_token",
        "Stuur de reviewsleutel, de begeleiderssleutel of de beheersleutel mee, als 'Authorization: Bearer <sleutel>'.");
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
      // Every comparison always runs: which of the tokens matched must not show in the timing either.
      boolean review = Tokens.matches(token, row.reviewTokenHash());
      boolean facilitator = Tokens.matches(token, row.facilitatorTokenHash());
      boolean organisation = admin.opens(token);
      if (!review && !facilitator && !organisation) {
        return Future.failedFuture(new ApiException(403, "bad_token",
            "Deze sleutel hoort niet bij " + which + "."));
      }
      return Future.succeededFuture(row);
    });
  }

  /**
   * Loads and replays the events of an authorized session, off the event loop, with the content the session
   * was created with (the route shows the texts its group saw, whatever the server runs with now), and with the
   * team's notes. The summary the overview adds up is saved on the way, as the events are at hand anyway.
   */
  Future<Route> load(SessionRecord row) {
    Future<List<Overview.NoteRecord>> notes = store.notes(row.sessionId());
    Future<Route> route = store.events(row.sessionId())
        .compose(events -> replay(vertx, versions, row, events)
            .onSuccess(projected -> summaries.saveQuietly(projected, events)));
    return Future.all(route, notes).map(done -> route.result().withNotes(notes.result().stream()
        .map(n -> new Route.Note(n.noteId(), n.text(), n.createdAt())).toList()));
  }

  /**
   * Replays a session's events off the event loop with the content version the session ran with: an old
   * session may hold antwoord ids the current content no longer has. Shared by reading a route and by
   * {@link RouteSummaries}.
   */
  static Future<Route> replay(Vertx vertx, ContentVersions versions, SessionRecord row, List<StoredEvent> events) {
    String version = versions.versionOf(row.contentVersion());
    return versions.content(version).compose(content -> vertx.executeBlocking(() ->
        new RouteProjection(content, version).project(row.sessionId(), row.createdAt(), events), false));
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
