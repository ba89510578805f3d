package nl.buurtroute.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the organisation overview adds up about one route, made from its events (by the route package) and kept
 * in the store so that the overview is a few SQL aggregations instead of replaying every route.
 * {@code summarisedSeq} is the last event seq it was made from; a session with a newer event needs a new one.
 * {@code startedAt} null: the session never left the lobby (the overview leaves it out).
 *
 * @param participantsPerRol active participants per rol at the end (rollen with none may be left out)
 * @param outvotedPerRol     per rol, the steps where that rol's majority differed from the group's antwoord
 * @param elementen          per werkzaam element touched by a chosen antwoord, on how many steps
 * @param choices            per step, the vraag and the chosen antwoord
 */
public record RouteSummary(String sessionId,
                           long summarisedSeq,
                           Instant startedAt,
                           boolean finished,
                           int steps,
                           int disagreements,
                           Map<String, Integer> participantsPerRol,
                           Map<String, Integer> outvotedPerRol,
                           Map<Integer, Integer> elementen,
                           List<Choice> choices) {

  public RouteSummary {
    participantsPerRol = Collections.unmodifiableMap(new LinkedHashMap<>(participantsPerRol));
    outvotedPerRol = Collections.unmodifiableMap(new LinkedHashMap<>(outvotedPerRol));
    elementen = Collections.unmodifiableMap(new LinkedHashMap<>(elementen));
    choices = List.copyOf(choices);
  }

  public record Choice(int stepIndex, String vraagId, String antwoordId) {
  }

  /** 'inwoner=3,wijkprofessional=2': rol ids are lower-case letters, digits and dashes (the content checks it). */
  String perRolText() {
    StringBuilder out = new StringBuilder();
    participantsPerRol.forEach((rol, n) -> out.append(out.length() == 0 ? "" : ",").append(rol).append('=').append(n));
    return out.toString();
  }

  String elementenText() {
    StringBuilder out = new StringBuilder();
    elementen.keySet().stream().sorted()
        .forEach(nummer -> out.append(out.length() == 0 ? "" : ",").append(nummer));
    return out.toString();
  }

  static Map<String, Integer> perRol(String text) {
    Map<String, Integer> perRol = new LinkedHashMap<>();
    if (text != null && !text.isEmpty()) {
      for (String pair : text.split(",")) {
        int eq = pair.indexOf('=');
        perRol.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
      }
    }
    return perRol;
  }

  static List<Integer> numbers(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
  }
}
