package nl.buurtroute.session;

/** Where the group is with the current vraag. */
public enum Stage {
  QUESTION("question"), VOTING("voting"), RESULT("result");

  private final String wire;

  Stage(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
