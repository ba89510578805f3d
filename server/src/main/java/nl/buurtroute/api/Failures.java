package nl.buurtroute.api;

import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.json.Json;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The single failure handler: turns whatever went wrong into {@code {"error":{"code","message"}}}. */
public final class Failures {
  private static final Logger LOG = Logger.getLogger(Failures.class.getName());

  private Failures() {
  }

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String code;
    String message;
    if (failure instanceof ApiException api) {
      status = api.status();
      code = api.code();
      message = api.getMessage();
    } else if (ctx.statusCode() == 413) {
      status = 413;
      code = "too_large";
      message = "Dit verzoek is te groot.";
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      status = ctx.statusCode();
      code = status == 404 ? "not_found" : "bad_request";
      message = status == 404 ? "Deze pagina bestaat niet." : "Dit verzoek klopt niet.";
    } else {
      status = 500;
      code = "internal";
      message = "Er ging iets mis op de server. Probeer het opnieuw.";
      LOG.log(Level.SEVERE, "failure on " + ctx.request().method() + " " + ctx.request().path(), failure);
    }
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(Json.write(Map.of("error", Map.of("code", code, "message", message))));
  }
}
