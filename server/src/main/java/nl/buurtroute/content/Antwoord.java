package nl.buurtroute.content;

import java.util.List;

/**
 * A possible answer to a vraag. {@code rollen} empty means every rol may give it; {@code volgende} is the
 * next vraag in the same fase, or null when the fase ends here.
 */
public record Antwoord(String id,
                       String tekst,
                       List<String> rollen,
                       String reflectie,
                       List<Integer> werkzameElementen,
                       List<String> interventies,
                       String volgende) {

  public Antwoord {
    rollen = rollen == null ? List.of() : List.copyOf(rollen);
    werkzameElementen = werkzameElementen == null ? List.of() : List.copyOf(werkzameElementen);
    interventies = interventies == null ? List.of() : List.copyOf(interventies);
  }

  public boolean allows(String rolId) {
    return rollen.isEmpty() || rollen.contains(rolId);
  }
}
