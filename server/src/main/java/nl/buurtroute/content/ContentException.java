package nl.buurtroute.content;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown instead of returning content that breaks a rule; lists every problem that was found, not only the first. */
public class ContentException extends RuntimeException {

  private final List<ContentProblem> problems;

  public ContentException(List<ContentProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ContentProblem> problems() {
    return problems;
  }

  private static String message(List<ContentProblem> problems) {
    String count = problems.size() == 1 ? "1 probleem" : problems.size() + " problemen";
    return "De inhoud klopt niet (" + count + "):\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
