package nl.buurtroute.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets and ids. Tokens carry 192 random bits from a secure source; the server keeps only their
 * SHA-256 (plain SHA-256 suffices: the input has far too much entropy to guess) and compares in
 * constant time.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  /** No 0/O, 1/I/L: a code read from a beamer at the back of a hall must not be mistyped. */
  static final String JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  private static final String ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

  private Tokens() {
  }

  public static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return URL.encodeToString(bytes);
  }

  /** A participant's resume token names its session, so a resume needs no lookup table. */
  public static String newResumeToken(String sessionId) {
    return sessionId + "." + newToken();
  }

  /** The session a resume token claims to belong to, or null when it has no such form. */
  public static String sessionOfResumeToken(String resumeToken) {
    int dot = resumeToken == null ? -1 : resumeToken.indexOf('.');
    return dot <= 0 ? null : resumeToken.substring(0, dot);
  }

  /** 16 characters, about 79 bits: unguessable enough for an id that is never a credential by itself. */
  public static String newSessionId() {
    return randomString(ID_ALPHABET, 16);
  }

  /** Ids are short lower-case letters and digits; anything else names no session and is refused early. */
  public static boolean looksLikeSessionId(String id) {
    return id != null && !id.isEmpty() && id.length() <= 64
        && id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9');
  }

  /** Length of new join codes; PROTOCOL.md ("Guessing a join code") shows why 8 and not 6. */
  public static final int JOIN_CODE_LENGTH = 8;
  /** Codes of sessions created before codes grew to 8 keep working while those sessions run. */
  public static final int LEGACY_JOIN_CODE_LENGTH = 6;

  public static String newJoinCode() {
    return randomString(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);
  }

  /** The secret in a join link's fragment: 128 random bits, base64url (22 characters). */
  public static String newJoinSecret() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return URL.encodeToString(bytes);
  }

  /** Upper case without spaces or dashes, so 'abc-def' and 'ABC DEF' find the same session. */
  public static String normalizeJoinCode(String raw) {
    if (raw == null) {
      return "";
    }
    return raw.strip().replace(" ", "").replace("-", "").toUpperCase(java.util.Locale.ROOT);
  }

  public static boolean looksLikeJoinCode(String normalized) {
    return (normalized.length() == JOIN_CODE_LENGTH || normalized.length() == LEGACY_JOIN_CODE_LENGTH)
        && normalized.chars().allMatch(c -> JOIN_CODE_ALPHABET.indexOf(c) >= 0);
  }

  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time check of a presented token against a stored hash. */
  public static boolean matches(String presentedToken, String storedHash) {
    if (presentedToken == null || storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(hash(presentedToken).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  private static String randomString(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
