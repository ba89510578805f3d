package nl.buurtroute.live;

import nl.buurtroute.session.Session;
import nl.buurtroute.session.TokenHash;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds a participant by resume token: only the token's hash is kept, as in the events, and in the compact form
 * the session's {@code Participant} holds (the same instance, so the index costs a map entry per participant).
 * Owner's context only.
 */
final class TokenIndex {
  private final Map<TokenHash, String> participantByTokenHash = new HashMap<>();

  /** After a (re)load: the session's events are the truth. */
  void rebuild(Session session) {
    participantByTokenHash.clear();
    session.participants().forEach(p -> participantByTokenHash.put(p.resumeTokenHash(), p.id()));
  }

  /** A join just applied to the session: indexed under the hash its participant holds. */
  void add(Session session, String participantId) {
    session.participant(participantId).ifPresent(p -> participantByTokenHash.put(p.resumeTokenHash(), p.id()));
  }

  /** The participant this token belongs to, or null. */
  String participantOf(String resumeToken) {
    return participantByTokenHash.get(TokenHash.ofToken(resumeToken));
  }
}
