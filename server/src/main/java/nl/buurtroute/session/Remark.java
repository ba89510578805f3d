package nl.buurtroute.session;

/**
 * A resident's own words on one vraag. The rol travels with it (consoles, the beamer and the route show the
 * rol, never the name); {@code hidden} means the facilitator took it out for good, and it then counts nowhere.
 */
public record Remark(String remarkId, String participantId, String rol, String vraagId, String text, boolean hidden) {

  Remark asHidden() {
    return new Remark(remarkId, participantId, rol, vraagId, text, true);
  }
}
