package nl.buurtroute.testing;

import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Begrip;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.Fase;
import nl.buurtroute.content.Interventie;
import nl.buurtroute.content.Rol;
import nl.buurtroute.content.Vraag;
import nl.buurtroute.content.WerkzaamElement;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A tiny content set for tests of the session engine, independent of the real beslisbomen. Every fase X
 * has vragen X1 -> (X2a via X1-a | X2b via X1-b, X1-c) -> X3 -> end; antwoord X1-c is for beleidsambtenaren
 * only, X1-b for inwoners only.
 */
public final class TestContent {
  private TestContent() {
  }

  public static Content small() {
    List<Fase> fasen = new ArrayList<>();
    for (String f : List.of("start", "richt", "actie", "evaluatie")) {
      Vraag v1 = new Vraag(f + "1", "Vraag 1 van " + f, "", List.of("Wat valt op?", "Wie mist er?"), 5, List.of(
          antwoord(f + "1-a", List.of(), f + "2a"),
          antwoord(f + "1-b", List.of("inwoner"), f + "2b"),
          antwoord(f + "1-c", List.of("beleidsambtenaar"), f + "2b")));
      Vraag v2a = new Vraag(f + "2a", "Vraag 2a", "", List.of("Wat valt op?", "Wie mist er?"), 5, List.of(
          antwoord(f + "2a-a", List.of(), f + "3"), antwoord(f + "2a-b", List.of(), f + "3")));
      Vraag v2b = new Vraag(f + "2b", "Vraag 2b", "", List.of("Wat valt op?", "Wie mist er?"), 5, List.of(
          antwoord(f + "2b-a", List.of(), f + "3"), antwoord(f + "2b-b", List.of(), f + "3")));
      Vraag v3 = new Vraag(f + "3", "Vraag 3", "", List.of("Wat valt op?", "Wie mist er?"), 5, List.of(
          antwoord(f + "3-a", List.of(), null), antwoord(f + "3-b", List.of(), null)));
      fasen.add(new Fase(f, f, f, "Inleiding " + f, "Afsluiting " + f, f + "1", List.of(v1, v2a, v2b, v3)));
    }
    return new Content("test", List.of(
        new Rol("inwoner", "Inwoner", ""), new Rol("wijkprofessional", "Wijkprofessional", ""),
        new Rol("beleidsambtenaar", "Beleidsambtenaar", "")),
        fasen,
        IntStream.rangeClosed(1, 10).mapToObj(n -> new WerkzaamElement(n, "element " + n, "")).toList(),
        List.of(new Interventie("abcd", "ABCD", "")),
        List.of(new Begrip("kaders", "Wat al vastligt.")));
  }

  private static Antwoord antwoord(String id, List<String> rollen, String volgende) {
    return new Antwoord(id, id, rollen, "reflectie", List.of(1), List.of("abcd"), volgende);
  }
}
