package nl.buurtroute.live;

import nl.buurtroute.session.Session;
import nl.buurtroute.session.Tokens;

import java.util.HashMap;
import java.util.Map;

/** Finds a participant by resume token: only the token's hash is kept, as in the events. Owner's context only. */
final class TokenIndex {
  private final Map<String, String> participantByTokenHash = new HashMap<>();

  /** After a (re)load: the session's events are the truth. */
  void rebuild(Session session) {
    participantByTokenHash.clear();
    session.participants().forEach(p -> participantByTokenHash.put(p.resumeTokenHash(), p.id()));
  }

  void add(String resumeTokenHash, String participantId) {
    participantByTokenHash.put(resumeTokenHash, participantId);
  }

  /** The participant this token belongs to, or null. */
  String participantOf(String resumeToken) {
    return participantByTokenHash.get(Tokens.hash(resumeToken));
  }
}
