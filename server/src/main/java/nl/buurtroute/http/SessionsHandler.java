package nl.buurtroute.http;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.api.Client;
import nl.buurtroute.api.Secrets;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.json.Json;
import nl.buurtroute.live.Bus;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/sessions}: checks the body, asks the session manager for a new session. */
final class SessionsHandler {
  static final int MAX_TITLE = 120;

  private final Vertx vertx;
  private final JoinLinks joinLinks;
  private final AddressGuard guard;
  private final String createCode;
  private final Origins origins;

  SessionsHandler(Vertx vertx, JoinLinks joinLinks, AddressGuard guard, String createCode, Origins origins) {
    this.vertx = vertx;
    this.origins = origins;
    this.joinLinks = joinLinks;
    this.guard = guard;
    this.createCode = createCode;
  }

  void create(RoutingContext ctx) {
    // A page elsewhere may post a form or text/plain without asking (no CORS preflight): refuse both, so
    // only this server's own pages and scripts (which send no Origin) make sessions.
    if (!origins.allows(ctx.request().getHeader("Origin"), ctx.request().authority())) {
      throw new ApiException(403, "bad_origin", "Een sessie maakt u op de website van deze server zelf.");
    }
    if (!isJson(ctx.request().getHeader("Content-Type"))) {
      throw new ApiException(415, "unsupported_media_type",
          "Stuur de gegevens als JSON, met de kop 'Content-Type: application/json'.");
    }
    String address = Client.of(ctx).address();
    if (!guard.mayCreateSession(address)) {
      throw new ApiException(429, "rate_limited", "Er zijn vanaf dit adres veel sessies gemaakt. Probeer het later opnieuw.");
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new ApiException(400, "bad_json", "Stuur een JSON-object, bijvoorbeeld {\"title\":\"Wijkavond\"}.");
    }
    if (body == null) {
      throw new ApiException(400, "bad_request", "Stuur een JSON-object met een titel.");
    }
    if (createCode != null) {
      Object given = body.getValue("createCode");
      String header = ctx.request().getHeader("X-Create-Code");
      String presented = given instanceof String g ? g : header;
      if (!Secrets.same(presented, createCode)) {
        throw new ApiException(403, "bad_create_code", "Vul de juiste code in om een sessie te maken.");
      }
    }
    String title = text(body, "title", true);
    String neighbourhood = text(body, "neighbourhood", false);
    vertx.eventBus().<Bus.SessionCreatedReply>request(Bus.CREATE_SESSION, new Bus.CreateSession(title, neighbourhood))
        .onSuccess(reply -> {
          Bus.SessionCreatedReply created = reply.body();
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("sessionId", created.sessionId());
          answer.put("joinCode", created.joinCode());
          answer.put("facilitatorToken", created.facilitatorToken());
          answer.put("reviewToken", created.reviewToken());
          answer.put("joinUrl", joinLinks.joinUrl(ctx, created.joinCode()) + "#" + created.joinSecret());
          answer.put("viewerToken", created.viewerToken());
          answer.put("joinSecret", created.joinSecret());
          ctx.response().setStatusCode(201)
              .putHeader("content-type", "application/json; charset=utf-8")
              .end(Json.write(answer));
        })
        .onFailure(e -> ctx.fail(e instanceof ReplyException re && re.failureCode() == 503
            ? new ApiException(503, "server_busy", "Er lopen nu te veel sessies. Probeer het later opnieuw.")
            : e));
  }

  /** {@code application/json}, with or without parameters such as a charset. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return type.equalsIgnoreCase("application/json");
  }

  private static String text(JsonObject body, String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw new ApiException(400, "bad_request", required
          ? "Geef de sessie een titel."
          : "Het veld \"" + field + "\" moet tekst zijn.");
    }
    String stripped = s.strip();
    if (stripped.codePointCount(0, stripped.length()) > MAX_TITLE || stripped.codePoints().anyMatch(Character::isISOControl)) {
      throw new ApiException(400, "bad_request", "Het veld \"" + field + "\" mag hoogstens " + MAX_TITLE
          + " gewone tekens bevatten.");
    }
    return stripped;
  }
}
