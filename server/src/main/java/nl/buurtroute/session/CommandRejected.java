package nl.buurtroute.session;

/** A command the session refuses, with a code for programs and a Dutch sentence for people. */
public class CommandRejected extends RuntimeException {
  private final ErrorCode code;

  public CommandRejected(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
