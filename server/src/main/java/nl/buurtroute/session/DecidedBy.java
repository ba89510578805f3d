package nl.buurtroute.session;

public enum DecidedBy {
  MAJORITY("majority"), FACILITATOR("facilitator");

  private final String wire;

  DecidedBy(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
