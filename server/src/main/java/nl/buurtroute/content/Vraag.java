package nl.buurtroute.content;

import java.util.List;
import java.util.Optional;

/** A question in a beslisboom; the group picks one of its antwoorden. */
public record Vraag(String id, String tekst, String toelichting, List<Antwoord> antwoorden) {

  public Vraag {
    antwoorden = List.copyOf(antwoorden);
  }

  public Optional<Antwoord> antwoord(String antwoordId) {
    return antwoorden.stream().filter(a -> a.id().equals(antwoordId)).findFirst();
  }
}
