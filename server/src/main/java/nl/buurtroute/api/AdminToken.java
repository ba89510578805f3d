package nl.buurtroute.api;

import io.vertx.ext.web.RoutingContext;

/**
 * The one check of {@code Authorization: Bearer <BUURTROUTE_ADMIN_TOKEN>}, shared by the routes overview and
 * the operations endpoints. What a missing or wrong token costs the caller is each endpoint's own answer.
 */
public final class AdminToken {
  /** What the request presented. */
  public enum Presented { NONE, VALID, WRONG }

  private final String token;

  /** {@code token} null or empty: no admin token configured, and nothing is ever taken for it. */
  public AdminToken(String token) {
    this.token = token == null || token.isEmpty() ? null : token;
  }

  /** Whether an admin token is configured at all. */
  public boolean configured() {
    return token != null;
  }

  public Presented check(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.isBlank()) {
      return Presented.NONE;
    }
    String given = Bearer.token(header);
    if (given == null) {
      return Presented.NONE;
    }
    return opens(given) ? Presented.VALID : Presented.WRONG;
  }

  /**
   * Whether a token taken from the request already (one of several a route accepts) is the admin token; always
   * false when none is configured.
   */
  public boolean opens(String presented) {
    return Secrets.same(presented, token);
  }
}
