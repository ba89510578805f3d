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
    out.printf("  %d rollen, %d werkzame elementen, %d interventies, %d begrippen%n", content.rollen().size(),
        content.werkzameElementen().size(), content.interventies().size(), content.begrippen().size());
    int vragen = 0;
    int antwoorden = 0;
    long routes = 0;
    int gespreksvragen = 0;
    int shortest = 0;
    int longest = 0;
    for (Fase fase : content.fasen()) {
      int faseAntwoorden = fase.vragen().stream().mapToInt(v -> v.antwoorden().size()).sum();
      long faseRoutes = routes(fase, fase.eersteVraag());
      int[] minuten = minuten(fase, fase.eersteVraag());
      out.printf("  %-10s %d vragen, %d antwoorden, %d routes, %s minuten%n", fase.id(), fase.vragen().size(),
          faseAntwoorden, faseRoutes, range(minuten[0], minuten[1]));
      vragen += fase.vragen().size();
      antwoorden += faseAntwoorden;
      routes += faseRoutes;
      gespreksvragen += fase.vragen().stream().mapToInt(v -> v.gespreksvragen().size()).sum();
      shortest += minuten[0];
      longest += minuten[1];
    }
    out.printf("  totaal: %d fasen, %d vragen, %d antwoorden, %d routes, %d gespreksvragen%n", content.fasen().size(),
        vragen, antwoorden, routes, gespreksvragen);
    out.printf("  een avond langs alle fasen duurt volgens de minuten %s minuten%n", range(shortest, longest));
    return 0;
  }

  /** The fewest and the most suggested minuten of a route through the fase, from this vraag to the end. */
  static int[] minuten(Fase fase, String vraagId) {
    Vraag vraag = fase.vraag(vraagId).orElseThrow();
    int least = Integer.MAX_VALUE;
    int most = 0;
    for (Antwoord antwoord : vraag.antwoorden()) {
      int[] rest = antwoord.volgende() == null ? new int[] {0, 0} : minuten(fase, antwoord.volgende());
      least = Math.min(least, rest[0]);
      most = Math.max(most, rest[1]);
    }
    return new int[] {vraag.minuten() + least, vraag.minuten() + most};
  }

  private static String range(int least, int most) {
    return least == most ? Integer.toString(least) : least + " tot " + most;
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
