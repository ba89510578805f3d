package nl.buurtroute.session;

/** One vraag the group went through: the antwoord it chose, who decided, and the votes behind it. */
public record Step(String fase, String vraagId, String antwoordId, DecidedBy decidedBy, Counts counts) {
}
