package nl.buurtroute.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Headers on every answer: no inline script, no framing, no referrer (tokens live in URL fragments). */
final class SecurityHeaders {
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {
  }

  static void add(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    ctx.next();
  }
}
