package nl.buurtroute.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Votes per antwoord per rol, in the order of the vraag's antwoorden and the content's rollen; every pair
 * is present, zeros included, so a chart never has to guess what is missing.
 */
public record Counts(Map<String, Map<String, Integer>> perAntwoord, int voters) {

  public Counts {
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    perAntwoord.forEach((antwoord, perRol) -> copy.put(antwoord, Collections.unmodifiableMap(new LinkedHashMap<>(perRol))));
    perAntwoord = Collections.unmodifiableMap(copy);
  }

  public int total(String antwoordId) {
    Map<String, Integer> perRol = perAntwoord.get(antwoordId);
    return perRol == null ? 0 : perRol.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int count(String antwoordId, String rolId) {
    Map<String, Integer> perRol = perAntwoord.get(antwoordId);
    return perRol == null ? 0 : perRol.getOrDefault(rolId, 0);
  }
}
