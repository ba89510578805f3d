package nl.buurtroute.content;

/**
 * One thing wrong with the content: the file it is in, the place inside that file (such as
 * {@code fase start, vraag start-wie, antwoord start-wie-buren}, or {@code regel 12} for a YAML error;
 * empty when the whole file is meant) and the reason, in Dutch for the people who edit the content.
 */
public record ContentProblem(String file, String place, String reason) {

  public ContentProblem {
    file = file == null ? "" : file;
    place = place == null ? "" : place;
    reason = reason == null ? "" : reason;
  }

  @Override
  public String toString() {
    return place.isEmpty() ? file + ": " + reason : file + ": " + place + ": " + reason;
  }
}
