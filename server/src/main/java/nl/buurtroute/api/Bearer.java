package nl.buurtroute.api;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code Authorization: Bearer <token>} and, for compare, {@code Bearer <token1>,<token2>}. A token is
 * RFC 6750's b68token (base64url and a few more characters); it never holds a comma, so a
 * comma-separated list is unambiguous. Anything else, including an empty token, is malformed and answered with 401.
 */
public final class Bearer {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
  private static final int MAX_HEADER = 2048;

  private Bearer() {
  }

  /** The one token, or null when the header is missing, empty, not Bearer or malformed. */
  public static String token(String header) {
    List<String> tokens = tokens(header);
    return tokens != null && tokens.size() == 1 ? tokens.get(0) : null;
  }

  /** The comma-separated tokens, or null when the header is missing or any part is malformed. */
  public static List<String> tokens(String header) {
    if (header == null || header.length() > MAX_HEADER) {
      return null;
    }
    String value = header.strip();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    List<String> tokens = Arrays.stream(value.substring(7).split(",", -1)).map(String::strip).toList();
    return tokens.stream().allMatch(t -> TOKEN.matcher(t).matches()) ? tokens : null;
  }
}
