package nl.buurtroute.content;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code check-content DIR}: checks a content directory the way the server does at start-up, so editors can
 * test a change before they deploy it. Prints every problem, or a short summary of the trees.
 */
public final class ContentCheck {

  private ContentCheck() {
  }

  /** Returns the exit code: 0 when the content is valid, 1 when it is not. */
  public static int run(Path dir, PrintStream out) {
    Content content;
    try {
      content = ContentLoader.fromDirectory(dir);
    } catch (ContentException e) {
      for (ContentProblem problem : e.problems()) {
        out.println(problem);
      }
      int count = e.problems().size();
      out.println();
      out.println("De inhoud in " + dir + " klopt niet: " + count + (count == 1 ? " probleem." : " problemen."));
      return 1;
    }
    out.println("De inhoud in " + dir + " is in orde.");
    out.printf("  %d rollen, %d werkzame elementen, %d interventies%n", content.rollen().size(),
        content.werkzameElementen().size(), content.interventies().size());
    int vragen = 0;
    int antwoorden = 0;
    long routes = 0;
    for (Fase fase : content.fasen()) {
      int faseAntwoorden = fase.vragen().stream().mapToInt(v -> v.antwoorden().size()).sum();
      long faseRoutes = routes(fase, fase.eersteVraag());
      out.printf("  %-10s %d vragen, %d antwoorden, %d routes%n", fase.id(), fase.vragen().size(), faseAntwoorden,
          faseRoutes);
      vragen += fase.vragen().size();
      antwoorden += faseAntwoorden;
      routes += faseRoutes;
    }
    out.printf("  totaal: %d fasen, %d vragen, %d antwoorden, %d routes%n", content.fasen().size(), vragen,
        antwoorden, routes);
    return 0;
  }

  /** The number of different ways to answer through the fase, from this vraag to the end. */
  static long routes(Fase fase, String vraagId) {
    Vraag vraag = fase.vraag(vraagId).orElseThrow();
    long count = 0;
    for (Antwoord antwoord : vraag.antwoorden()) {
      count += antwoord.volgende() == null ? 1 : routes(fase, antwoord.volgende());
    }
    return count;
  }
}
