package nl.buurtroute.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import nl.buurtroute.json.Json;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;

import java.util.Set;

/** What a client may send over the WebSocket, parsed strictly at the edge so the core sees only records. */
sealed interface ClientMessage {
  int MAX_FIELD_LENGTH = 200;

  /** {@code joinKey}: optional, at least 128 random bits in base64url chosen by the client, see PROTOCOL.md. */
  record Join(String joinCode, String name, String rol, String joinKey) implements ClientMessage {
  }

  record Resume(String resumeToken) implements ClientMessage {
  }

  record Facilitate(String sessionId, String facilitatorToken) implements ClientMessage {
  }

  record Vote(String vraagId, String antwoordId) implements ClientMessage {
  }

  /** A facilitator command; {@code kind} is the message type, e.g. "openVoting". */
  record Control(String kind, String antwoordId, String participantId, boolean show) implements ClientMessage {
  }

  /** Browsers cannot see WebSocket pings, so pages send this to learn that the line is alive. */
  record Ping() implements ClientMessage {
  }

  Set<String> CONTROL_KINDS = Set.of("openVoting", "closeVoting", "decide", "next", "back", "finish", "remove", "showTally");

  static ClientMessage parse(String text) {
    JsonNode node;
    try {
      node = Json.tree(text);
    } catch (JsonProcessingException e) {
      throw new CommandRejected(ErrorCode.BAD_JSON, "Dit bericht is geen geldige JSON.");
    }
    if (node == null || !node.isObject()) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Een bericht moet een JSON-object zijn.");
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Het bericht mist een \"type\".");
    }
    String kind = type.textValue();
    switch (kind) {
      case "join":
        return new Join(text(node, "joinCode"), text(node, "name"), text(node, "rol"), joinKey(node));
      case "resume":
        return new Resume(text(node, "resumeToken"));
      case "facilitate":
        return new Facilitate(text(node, "sessionId"), text(node, "facilitatorToken"));
      case "vote":
        return new Vote(text(node, "vraagId"), text(node, "antwoordId"));
      case "ping":
        return new Ping();
      case "decide":
        return new Control(kind, text(node, "antwoordId"), null, false);
      case "remove":
        return new Control(kind, null, text(node, "participantId"), false);
      case "showTally":
        return new Control(kind, null, null, bool(node, "show"));
      default:
        if (CONTROL_KINDS.contains(kind)) {
          return new Control(kind, null, null, false);
        }
        throw new CommandRejected(ErrorCode.UNKNOWN_TYPE, "Onbekend soort bericht.");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" ontbreekt of is geen tekst.");
    }
    if (value.textValue().length() > MAX_FIELD_LENGTH) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" is te lang.");
    }
    return value.textValue();
  }

  /** 22 to 64 base64url characters (128 to 384 bits), or absent. */
  private static String joinKey(JsonNode node) {
    if (!node.has("joinKey") || node.get("joinKey").isNull()) {
      return null;
    }
    String key = text(node, "joinKey");
    if (key.length() < 22 || key.length() > 64 || !key.chars().allMatch(ClientMessage::base64url)) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST,
          "Het veld \"joinKey\" moet 22 tot 64 tekens zijn: letters, cijfers, - of _.");
    }
    return key;
  }

  private static boolean base64url(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
  }

  private static boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" moet true of false zijn.");
    }
    return value.booleanValue();
  }
}
