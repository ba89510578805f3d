package nl.buurtroute.session;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A resume token's SHA-256 as four longs: what a live session keeps per participant to find them by resume token.
 * The events and the store keep the 64-character hex text ({@link Tokens#hash}), unchanged; held as text in
 * memory it cost 104 bytes per participant (a String and its 64-byte array), as four longs it costs 48.
 */
public record TokenHash(long first, long second, long third, long fourth) {
  private static final int SHA256_HEX_DIGITS = 64;

  /**
   * The hash as an event stores it. Every hash this server writes is 64 hex digits; any other text (only ever
   * seen in hand-made events) still gets a key of its own, equal exactly for equal texts, which no presented
   * token can match, as none was ever issued for it.
   */
  public static TokenHash ofStored(String storedHash) {
    if (storedHash.length() == SHA256_HEX_DIGITS && storedHash.chars().allMatch(TokenHash::isLowerHexDigit)) {
      return of(HexFormat.of().parseHex(storedHash));
    }
    return of(Tokens.sha256("not a SHA-256 in hex: " + storedHash));
  }

  /** The hash of a token as a client presents it: equal to {@code ofStored(Tokens.hash(token))}. */
  public static TokenHash ofToken(String token) {
    return of(Tokens.sha256(token));
  }

  private static boolean isLowerHexDigit(int c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
  }

  private static TokenHash of(byte[] digest) {
    ByteBuffer bytes = ByteBuffer.wrap(digest);
    return new TokenHash(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
  }

  /** Never the whole hash in a log line. */
  @Override
  public String toString() {
    return "TokenHash[" + Long.toHexString(first >>> 32) + "…]";
  }
}
