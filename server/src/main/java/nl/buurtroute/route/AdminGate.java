package nl.buurtroute.route;

import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.AdminToken;
import nl.buurtroute.api.ApiException;

/**
 * The review API's answers to {@link AdminToken}'s verdict, for the organisation's pages (listing, overview,
 * period export): 404 when no {@code BUURTROUTE_ADMIN_TOKEN} is set (the pages do not exist then), 401 with a
 * Bearer challenge when no token came, 403 for another token. The check and its comparison are AdminToken's;
 * this only words the failure the way the rest of the review API does.
 */
final class AdminGate {
  private final AdminToken admin;

  AdminGate(AdminToken admin) {
    this.admin = admin;
  }

  /** True when this token, taken from the request already, is the admin token; always false when there is none. */
  boolean opens(String token) {
    return admin.opens(token);
  }

  /** Throws 404, 401 or 403 unless the request holds the admin token. */
  void check(RoutingContext ctx) {
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
  }
}
