package nl.buurtroute.route;

import nl.buurtroute.testing.TestContent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonTest {

  /** One inwoner who votes each given antwoord in turn. */
  private static Route walk(String... antwoorden) {
    Sessions play = new Sessions("Route");
    String ans = play.join("Ans", "inwoner");
    play.next();
    for (String antwoord : antwoorden) {
      play.open().vote(ans, antwoord).close().next();
    }
    return play.route();
  }

  @Test
  void aligns_by_fase_and_finds_where_the_paths_split() {
    Route a = walk("start1-a", "start2a-a", "start3-a", "richt1-a");
    Route b = walk("start1-b", "start2b-a", "start3-a", "richt1-b", "richt2b-a");
    Comparison comparison = Comparison.of(List.of(a, b), TestContent.small());

    assertThat(comparison.routes()).extracting(Comparison.RouteHeader::steps).containsExactly(4, 5);
    assertThat(comparison.fasen()).extracting(Comparison.FaseComparison::fase)
        .containsExactly("start", "richt", "actie", "evaluatie");
    Comparison.FaseComparison start = comparison.fasen().get(0);
    assertThat(start.positions()).extracting(Comparison.Aligned::match)
        .containsExactly("differentAntwoord", "differentVraag", "sameAntwoord");
    assertThat(start.positions().get(0).sameVraag()).isTrue();
    assertThat(start.positions().get(0).sameAntwoord()).isFalse();
    assertThat(start.divergedAt()).isZero();
    Comparison.FaseComparison richt = comparison.fasen().get(1);
    assertThat(richt.positions()).extracting(Comparison.Aligned::match).containsExactly("differentAntwoord", "missing");
    assertThat(richt.positions().get(1).steps().get(0)).isNull();
    assertThat(richt.positions().get(1).steps().get(1).vraagId()).isEqualTo("richt2b");
    assertThat(comparison.fasen().get(2).positions()).isEmpty();
    assertThat(comparison.fasen().get(2).divergedAt()).isNull();

    Comparison.Divergence divergence = comparison.divergence();
    assertThat(divergence.fase()).isEqualTo("start");
    assertThat(divergence.index()).isZero();
    assertThat(divergence.vraagId()).isEqualTo("start1");
    assertThat(divergence.choices()).extracting(Comparison.Choice::antwoordId).containsExactly("start1-a", "start1-b");
  }

  @Test
  void the_same_path_has_no_divergence() {
    Route a = walk("start1-a", "start2a-b");
    Route b = walk("start1-a", "start2a-b", "start3-a");
    Comparison comparison = Comparison.of(List.of(a, b), TestContent.small());
    assertThat(comparison.divergence()).isNull();
    assertThat(comparison.fasen().get(0).positions()).extracting(Comparison.Aligned::match)
        .containsExactly("sameAntwoord", "sameAntwoord", "missing");
  }
}
