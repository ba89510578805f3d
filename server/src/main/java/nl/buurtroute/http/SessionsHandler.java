package nl.buurtroute.http;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.json.Json;
import nl.buurtroute.live.Bus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/sessions}: checks the body, asks the session manager for a new session. */
final class SessionsHandler {
  static final int MAX_TITLE = 120;

  private final Vertx vertx;
  private final JoinLinks joinLinks;
  private final AddressGuard guard;
  private final String createCode;

  SessionsHandler(Vertx vertx, JoinLinks joinLinks, AddressGuard guard, String createCode) {
    this.vertx = vertx;
    this.joinLinks = joinLinks;
    this.guard = guard;
    this.createCode = createCode;
  }

  void create(RoutingContext ctx) {
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
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
      if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
          createCode.getBytes(StandardCharsets.UTF_8))) {
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
          answer.put("joinUrl", joinLinks.joinUrl(ctx, created.joinCode()));
          ctx.response().setStatusCode(201)
              .putHeader("content-type", "application/json; charset=utf-8")
              .end(Json.write(answer));
        })
        .onFailure(e -> ctx.fail(e instanceof ReplyException re && re.failureCode() == 503
            ? new ApiException(503, "server_busy", "Er lopen nu te veel sessies. Probeer het later opnieuw.")
            : e));
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
