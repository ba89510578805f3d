package nl.buurtroute.store;

import java.time.Instant;
import java.util.Locale;

/** Open ends of a period and the LIKE pattern of a title search, the same for both stores. */
final class Periods {
  /** Stands for "no lower bound"; fixed width in SQLite's text form like every stored instant. */
  static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

  private Periods() {
  }

  /** '%text%' for {@code lower(title) LIKE ? ESCAPE '!'}, with the pattern characters taken literally. */
  static String likePattern(String contains) {
    if (contains == null || contains.isBlank()) {
      return "%";
    }
    String escaped = contains.strip().toLowerCase(Locale.ROOT)
        .replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return "%" + escaped + "%";
  }
}
