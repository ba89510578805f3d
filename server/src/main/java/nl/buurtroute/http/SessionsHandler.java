package nl.buurtroute.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.json.Json;
import nl.buurtroute.live.Bus;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/sessions}: checks the body, asks the session manager for a new session. */
final class SessionsHandler {
  static final int MAX_TITLE = 120;

  private final Vertx vertx;
  private final JoinLinks joinLinks;

  SessionsHandler(Vertx vertx, JoinLinks joinLinks) {
    this.vertx = vertx;
    this.joinLinks = joinLinks;
  }

  void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new ApiException(400, "bad_json", "Stuur een JSON-object, bijvoorbeeld {\"title\":\"Wijkavond\"}.");
    }
    if (body == null) {
      throw new ApiException(400, "bad_request", "Stuur een JSON-object met een titel.");
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
        .onFailure(ctx::fail);
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
