package nl.buurtroute.session;

/** Someone who joined with a name and a rol; a removed participant stays on record but counts nowhere. */
public record Participant(String id, String name, String rol, String resumeTokenHash, boolean removed) {

  Participant asRemoved() {
    return new Participant(id, name, rol, resumeTokenHash, true);
  }
}
