package nl.buurtroute.session;

/** The antwoord the group settled on for the current vraag, and how. */
public record Result(String antwoordId, DecidedBy decidedBy) {
}
