package nl.buurtroute.route;

import nl.buurtroute.content.Content;
import nl.buurtroute.content.Fase;
import nl.buurtroute.route.Route.RouteStep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Two routes side by side, aligned by fase: position i of a fase holds the i-th step each route took in that
 * fase. Every fase starts at the same eersteVraag, so the first position where the antwoorden differ is where
 * the paths split. Lists with one entry per route are in the order of the request's {@code routes}.
 */
record Comparison(List<RouteHeader> routes, List<FaseComparison> fasen, Divergence divergence) {

  /** Both sides took this vraag and chose the same antwoord. */
  static final String SAME_ANTWOORD = "sameAntwoord";
  /** Same vraag, different antwoorden: the paths split here. */
  static final String DIFFERENT_ANTWOORD = "differentAntwoord";
  /** The sides are at different vragen (their paths split earlier in this fase). */
  static final String DIFFERENT_VRAAG = "differentVraag";
  /** Only some routes have a step here (a running session, or a shorter path); no divergence by itself. */
  static final String MISSING = "missing";

  Comparison {
    routes = List.copyOf(routes);
    fasen = List.copyOf(fasen);
  }

  record RouteHeader(String sessionId, String title, String neighbourhood, String status, Instant startedAt,
                     Instant finishedAt, int steps) {
  }

  /** {@code divergedAt}: the first position in this fase whose match is not sameAntwoord or missing, or null. */
  record FaseComparison(String fase, String faseNaam, List<Aligned> positions, Integer divergedAt) {
    FaseComparison {
      positions = List.copyOf(positions);
    }
  }

  /** {@code steps}: one per route, null where that route has no step at this position. */
  record Aligned(int index, String match, boolean sameVraag, boolean sameAntwoord, List<RouteStep> steps) {
    Aligned {
      steps = java.util.Collections.unmodifiableList(new ArrayList<>(steps));
    }
  }

  /** Where the paths first split: the fase, the position in it, and what each route did there. */
  record Divergence(String fase, String faseNaam, int index, String match, String vraagId, String vraagTekst,
                    List<Choice> choices) {
    Divergence {
      choices = List.copyOf(choices);
    }
  }

  record Choice(String sessionId, String vraagId, String vraagTekst, String antwoordId, String antwoordTekst) {
  }

  static Comparison of(List<Route> compared, Content content) {
    List<RouteHeader> headers = compared.stream().map(r -> new RouteHeader(r.sessionId(), r.title(),
        r.neighbourhood(), r.status(), r.startedAt(), r.finishedAt(), r.steps().size())).toList();
    List<FaseComparison> fasen = new ArrayList<>();
    Divergence divergence = null;
    for (Fase fase : content.fasen()) {
      List<List<RouteStep>> perRoute = compared.stream()
          .map(r -> r.steps().stream().filter(s -> s.fase().equals(fase.id())).toList()).toList();
      int length = perRoute.stream().mapToInt(List::size).max().orElse(0);
      List<Aligned> positions = new ArrayList<>();
      Integer divergedAt = null;
      for (int i = 0; i < length; i++) {
        int index = i;
        RouteStep[] steps = perRoute.stream().map(s -> index < s.size() ? s.get(index) : null).toArray(RouteStep[]::new);
        boolean complete = Arrays.stream(steps).allMatch(Objects::nonNull);
        boolean sameVraag = complete && Arrays.stream(steps).map(RouteStep::vraagId).distinct().count() == 1;
        boolean sameAntwoord = sameVraag && Arrays.stream(steps).map(RouteStep::antwoordId).distinct().count() == 1;
        String match = !complete ? MISSING : sameAntwoord ? SAME_ANTWOORD : sameVraag ? DIFFERENT_ANTWOORD : DIFFERENT_VRAAG;
        positions.add(new Aligned(i, match, sameVraag, sameAntwoord, Arrays.asList(steps)));
        if (divergedAt == null && complete && !sameAntwoord) {
          divergedAt = i;
          if (divergence == null) {
            divergence = new Divergence(fase.id(), fase.naam(), i, match,
                sameVraag ? steps[0].vraagId() : null, sameVraag ? steps[0].vraagTekst() : null,
                IntStream.range(0, steps.length).mapToObj(j -> new Choice(compared.get(j).sessionId(),
                    steps[j].vraagId(), steps[j].vraagTekst(), steps[j].antwoordId(), steps[j].antwoordTekst()))
                    .toList());
          }
        }
      }
      fasen.add(new FaseComparison(fase.id(), fase.naam(), positions, divergedAt));
    }
    return new Comparison(headers, fasen, divergence);
  }
}
