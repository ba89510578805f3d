package nl.buurtroute.session;

/** The error codes of the live protocol; {@link #wire()} is what clients see in {@code "code"}. */
public enum ErrorCode {
  BAD_JSON("bad_json"),
  UNKNOWN_TYPE("unknown_type"),
  NOT_JOINED("not_joined"),
  BAD_JOIN_CODE("bad_join_code"),
  BAD_TOKEN("bad_token"),
  ROL_NOT_ALLOWED("rol_not_allowed"),
  VOTING_CLOSED("voting_closed"),
  NOT_FACILITATOR("not_facilitator"),
  DECISION_NEEDED("decision_needed"),
  BAD_REQUEST("bad_request"),
  WRONG_STAGE("wrong_stage"),
  SESSION_FINISHED("session_finished"),
  REMOVED("removed"),
  SESSION_FULL("session_full"),
  SESSION_LOCKED("session_locked"),
  RATE_LIMITED("rate_limited"),
  SERVER_BUSY("server_busy"),
  STORE_UNAVAILABLE("store_unavailable"),
  REMARK_TOO_LONG("remark_too_long"),
  TOO_MANY_REMARKS("too_many_remarks"),
  NOT_CURRENT_VRAAG("not_current_vraag");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Whether a client sends the same message again a little later (PROTOCOL.md, "Errors"): nothing was wrong with it. */
  public boolean retryable() {
    return this == RATE_LIMITED || this == SERVER_BUSY || this == STORE_UNAVAILABLE;
  }
}
