package nl.buurtroute.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * Rendezvous (highest random weight) hashing: every member computes, for a session and the same member list,
 * the same successor, without talking to the others; the sessions of a lost member spread evenly over the
 * survivors, and a session moves only when its own member goes.
 */
public final class Rendezvous {

  private Rendezvous() {
  }

  /** The member that should own {@code sessionId}, or null when there are no members. */
  public static String choose(String sessionId, Collection<String> members) {
    String best = null;
    long bestWeight = 0;
    for (String member : members) {
      long weight = weight(sessionId, member);
      if (best == null || Long.compareUnsigned(weight, bestWeight) > 0
          || (weight == bestWeight && member.compareTo(best) < 0)) {
        best = member;
        bestWeight = weight;
      }
    }
    return best;
  }

  static long weight(String sessionId, String member) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(sessionId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      byte[] digest = sha.digest(member.getBytes(StandardCharsets.UTF_8));
      long weight = 0;
      for (int i = 0; i < 8; i++) {
        weight = (weight << 8) | (digest[i] & 0xff);
      }
      return weight;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
