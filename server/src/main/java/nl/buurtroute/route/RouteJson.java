package nl.buurtroute.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import nl.buurtroute.json.Json;

import java.time.Instant;
import java.time.LocalDate;

/** The server's mapper, plus instants as ISO-8601 UTC text ("2025-03-12T19:04:11.123456Z") and days as "2025-03-12". */
final class RouteJson {
  private static final ObjectMapper MAPPER = Json.MAPPER.copy()
      .registerModule(new SimpleModule("route-instants").addSerializer(Instant.class, ToStringSerializer.instance)
          .addSerializer(LocalDate.class, ToStringSerializer.instance));

  private RouteJson() {
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
    }
  }
}
