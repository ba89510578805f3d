package nl.buurtroute.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code bench --only} runs: parts, runs within them, and the old run-only form. */
class BenchSelectionTest {
  private static final List<Bench.Plan> ALL = Bench.plans(false, 3, 933);

  private static List<String> labels(List<Bench.Plan> plans) {
    return plans.stream().map(Bench.Plan::label).toList();
  }

  @Test
  void without_only_every_part_runs_every_run() {
    Bench.Selection all = Bench.Selection.parse(null);
    assertThat(all.parts()).containsExactly("sqlite", "postgresql", "cluster", "restart");
    assertThat(all.pick(ALL, ALL)).isEqualTo(ALL);
    assertThat(labels(ALL)).containsExactly("N=100", "N=1000", "N=5000", "N=10000", "N=2000, votes within 4 s",
        "933x20");
  }

  @Test
  void cluster_is_a_part_of_its_own() {
    Bench.Selection cluster = Bench.Selection.parse(List.of("cluster"));
    assertThat(cluster.parts()).containsExactly("cluster");
    assertThat(cluster.has("sqlite")).isFalse();
  }

  @Test
  void runs_without_a_part_are_sqlite_runs() {
    Bench.Selection only = Bench.Selection.parse(List.of("N=1000", "933x20"));
    assertThat(only.parts()).containsExactly("sqlite");
    assertThat(labels(only.pick(ALL, ALL))).containsExactly("N=1000", "933x20");
  }

  @Test
  void a_part_with_runs_runs_those_runs_and_a_part_alone_its_default() {
    Bench.Selection pg = Bench.Selection.parse(List.of("postgresql", "N=1000", "burst"));
    assertThat(pg.parts()).containsExactly("postgresql");
    assertThat(labels(pg.pick(ALL, List.of(ALL.get(3))))).containsExactly("N=1000", "N=2000, votes within 4 s");

    Bench.Selection pgAlone = Bench.Selection.parse(List.of("postgresql"));
    assertThat(labels(pgAlone.pick(ALL, List.of(ALL.get(3))))).containsExactly("N=10000");
    assertThat(Bench.Selection.parse(List.of("restart")).parts()).containsExactly("restart");
  }

  @Test
  void a_name_that_is_neither_a_part_nor_a_run_is_reported() {
    assertThat(Bench.Selection.parse(List.of("sqlite", "N=1000", "N=7", "postgres")).unknownRuns(ALL))
        .containsExactly("N=7", "postgres");
    assertThat(Bench.Selection.parse(List.of("x20", "933x20", "burst")).unknownRuns(ALL)).isEmpty();
  }
}
