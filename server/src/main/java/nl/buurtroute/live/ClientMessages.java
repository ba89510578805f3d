package nl.buurtroute.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import nl.buurtroute.json.Json;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;

/**
 * Reads a client's text frame into a {@link ClientMessage} with the error codes of PROTOCOL.md: not JSON is
 * {@code bad_json}; not an object, no textual {@code type}, a field missing or of the wrong JSON type is
 * {@code bad_request}; a type the server does not know is {@code unknown_type}. Unknown fields are ignored.
 */
final class ClientMessages {
  /** Strict about JSON types: a number or boolean is not text, and "true" or 1 is not a boolean. */
  static final ObjectMapper MAPPER = strict();

  private ClientMessages() {
  }

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
    try {
      return MAPPER.treeToValue(node, ClientMessage.class);
    } catch (JsonProcessingException e) {
      throw rejection(e);
    }
  }

  static CommandRejected notText(String field) {
    return new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" ontbreekt of is geen tekst.");
  }

  static CommandRejected notBoolean(String field) {
    return new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" moet true of false zijn.");
  }

  static CommandRejected notWholeNumber(String field) {
    return new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" moet een heel getal zijn.");
  }

  private static CommandRejected rejection(JsonProcessingException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CommandRejected rejected) {
        return rejected; // a record's own check, thrown from its constructor
      }
    }
    if (e instanceof InvalidTypeIdException) {
      return new CommandRejected(ErrorCode.UNKNOWN_TYPE, "Onbekend soort bericht.");
    }
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      JsonMappingException.Reference field = mismatch.getPath().get(mismatch.getPath().size() - 1);
      String name = field.getFieldName() == null ? "?" : field.getFieldName();
      if (Integer.class.equals(mismatch.getTargetType())) {
        return notWholeNumber(name);
      }
      return Boolean.class.equals(mismatch.getTargetType()) || boolean.class.equals(mismatch.getTargetType())
          ? notBoolean(name) : notText(name);
    }
    return new CommandRejected(ErrorCode.BAD_REQUEST, "Dit bericht heeft niet de goede vorm.");
  }

  private static ObjectMapper strict() {
    JsonMapper mapper = JsonMapper.builder()
        .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
        CoercionInputShape.Boolean, CoercionInputShape.Array, CoercionInputShape.Object}) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.String, CoercionInputShape.Integer,
        CoercionInputShape.Float, CoercionInputShape.EmptyString}) {
      mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(shape, CoercionAction.Fail);
    }
    for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.String, CoercionInputShape.Float,
        CoercionInputShape.Boolean, CoercionInputShape.EmptyString}) {
      mapper.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }
}
