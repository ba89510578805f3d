package nl.buurtroute.content;

import java.util.List;
import java.util.Optional;

/**
 * A question in a beslisboom; the group picks one of its antwoorden. {@code gespreksvragen} help the
 * facilitator deepen the talk after the result; {@code minuten} is the suggested time for the whole vraag.
 */
public record Vraag(String id, String tekst, String toelichting, List<String> gespreksvragen, int minuten,
                    List<Antwoord> antwoorden) {

  public Vraag {
    gespreksvragen = gespreksvragen == null ? List.of() : List.copyOf(gespreksvragen);
    antwoorden = List.copyOf(antwoorden);
  }

  public Optional<Antwoord> antwoord(String antwoordId) {
    return antwoorden.stream().filter(a -> a.id().equals(antwoordId)).findFirst();
  }
}
