package nl.buurtroute.store;

/** Two writers tried to store the same (session, seq): the second loses instead of both succeeding. */
public class SequenceConflictException extends RuntimeException {
  public SequenceConflictException(String sessionId, Throwable cause) {
    super("sequence conflict in session " + sessionId, cause);
  }
}
