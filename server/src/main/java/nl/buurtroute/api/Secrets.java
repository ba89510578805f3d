package nl.buurtroute.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one comparison of a presented secret (admin token, create code) with the configured one. Both sides are
 * hashed first, so the time taken shows neither where they differ nor how long the secret is.
 */
public final class Secrets {
  private Secrets() {
  }

  /** Whether {@code presented} equals {@code expected}; false when either is null. */
  public static boolean same(String presented, String expected) {
    if (presented == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(presented), sha256(expected));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
