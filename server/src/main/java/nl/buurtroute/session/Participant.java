package nl.buurtroute.session;

/**
 * Someone who joined with a name and a rol; a removed participant stays on record but counts nowhere.
 * {@code resumeTokenHash} is the compact form of the hash in their {@link SessionEvent.ParticipantJoined} event;
 * {@code joinedAt} the server's clock at the join (null for joins stored before it was recorded).
 */
public record Participant(String id, String name, String rol, TokenHash resumeTokenHash, Long joinedAt,
                          boolean removed) {

  Participant asRemoved() {
    return new Participant(id, name, rol, resumeTokenHash, joinedAt, true);
  }
}
