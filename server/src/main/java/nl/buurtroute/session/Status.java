package nl.buurtroute.session;

public enum Status {
  LOBBY("lobby"), RUNNING("running"), FINISHED("finished");

  private final String wire;

  Status(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
