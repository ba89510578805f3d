package nl.buurtroute.store;

/** Another unfinished session already holds this join code. */
public class DuplicateJoinCodeException extends RuntimeException {
  public DuplicateJoinCodeException(String joinCode) {
    super("join code in use: " + joinCode);
  }
}
