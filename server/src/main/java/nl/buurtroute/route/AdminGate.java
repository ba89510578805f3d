package nl.buurtroute.route;

import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.http.ApiException;
import nl.buurtroute.session.Tokens;

/**
 * The organisation's key, {@code BUURTROUTE_ADMIN_TOKEN}: it opens the listing, the overview and every route.
 * Without that variable the organisation's pages do not exist (404), and no token is ever taken for it.
 */
final class AdminGate {
  private final String adminTokenHash;

  AdminGate(String adminToken) {
    this.adminTokenHash = adminToken == null || adminToken.isEmpty() ? null : Tokens.hash(adminToken);
  }

  /** True when this token is the admin token; always false when there is none. */
  boolean opens(String token) {
    return adminTokenHash != null && token != null && Tokens.matches(token, adminTokenHash);
  }

  /** Throws 404 (no admin token set), 401 (no token sent) or 403 (another token) unless the request holds it. */
  void check(RoutingContext ctx) {
    if (adminTokenHash == null) {
      throw new ApiException(404, "listing_off",
          "Het overzicht van alle routes staat uit. Zet BUURTROUTE_ADMIN_TOKEN om het aan te zetten.");
    }
    String token = Bearer.token(ctx.request().getHeader("Authorization"));
    if (token == null) {
      RoutesApi.challenge(ctx);
      throw new ApiException(401, "no_token", "Stuur de beheersleutel mee, als 'Authorization: Bearer <sleutel>'.");
    }
    if (!Tokens.matches(token, adminTokenHash)) {
      throw new ApiException(403, "bad_token", "Deze beheersleutel klopt niet.");
    }
  }
}
