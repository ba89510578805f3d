package nl.buurtroute.content;

/** A word a resident may not know, such as "wijkmonitor", with a short explanation in plain Dutch. */
public record Begrip(String term, String uitleg) {
}
