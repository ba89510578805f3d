package nl.buurtroute.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content as JSON: the body of {@code GET /api/content}, the form in which the store keeps every content
 * version, and the source of the version itself. The mapper here is the content's own, with default settings,
 * so the JSON of the same content, and with it the version, stays the same however the server's other JSON is
 * configured. Records are written in the order of their components.
 */
public final class ContentJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      // Versions written by a later release may carry fields this one does not know; the texts still show.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ContentJson() {
  }

  public static String write(Content content) {
    try {
      return MAPPER.writeValueAsString(content);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the content as JSON", e);
    }
  }

  /** Reads content written by {@link #write}; fields added later are empty in content from before them. */
  public static Content read(String json) {
    try {
      return MAPPER.readValue(json, Content.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not the JSON of a content version: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The version of this content: the first 16 hex digits (64 bits) of the SHA-256 of its JSON. The same
   * content gives the same version on every server; any change to any text gives a new one.
   */
  public static String version(Content content) {
    return hash(write(content));
  }

  /** The first 16 hex digits of the SHA-256 of this text's UTF-8 bytes. */
  static String hash(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
