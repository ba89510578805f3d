package nl.buurtroute.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster benchmark's arithmetic and its section of BENCHMARKS.md, from made-up member figures. */
class ClusterBenchTest {
  private static MemberMeter.Snapshot snap(double cpu, long frames, long sent, long received) {
    return new MemberMeter.Snapshot(cpu, frames, sent, received);
  }

  /** 1,000 votes and 30 state changes; A owns the sessions and sends the replies and broadcasts. */
  private static MemberMeter.Figures figures() {
    return new MemberMeter.Figures(List.of(
        new MemberMeter.Member("A", snap(10, 9000, 2000, 700), snap(2.0, 3000, 800, 660), snap(1.0, 1000, 60, 0)),
        new MemberMeter.Member("B", snap(6, 9000, 400, 1000), snap(1.0, 3000, 330, 400), snap(0.5, 1000, 0, 30)),
        new MemberMeter.Member("C", snap(6, 9000, 400, 1000), snap(1.0, 3000, 330, 400), snap(0.5, 1000, 0, 30))),
        1000, 30);
  }

  @Test
  void per_vote_and_per_broadcast_divide_the_windows_messages_by_the_runs_votes_and_state_changes() {
    MemberMeter.Figures f = figures();
    MemberMeter.Member total = f.total();
    assertThat(total.votes().busSent()).isEqualTo(1460);
    assertThat(f.sentPerVote(total)).isEqualTo(1.46);
    assertThat(f.sentPerVote(f.members().get(0))).isEqualTo(0.8);
    assertThat(f.receivedPerVote(total)).isEqualTo(1.46);
    assertThat(f.sentPerBroadcast(total)).isEqualTo(2.0);
    assertThat(f.receivedPerBroadcast(f.members().get(1))).isEqualTo(1.0);
    assertThat(f.cpuMillisPerVote(total)).isEqualTo(4.0);
    assertThat(total.play().framesOut()).isEqualTo(27_000);
  }

  @Test
  void without_votes_or_state_changes_the_ratios_are_absent_not_zero() {
    MemberMeter.Figures empty = new MemberMeter.Figures(figures().members(), 0, 0);
    assertThat(empty.sentPerVote(empty.total())).isNull();
    assertThat(empty.sentPerBroadcast(empty.total())).isNull();
    assertThat(empty.cpuMillisPerVote(empty.total())).isNull();
  }

  @Test
  void snapshots_subtract_member_by_member() {
    MemberMeter.Snapshot before = snap(1.5, 10, 3, 4);
    MemberMeter.Snapshot after = snap(4.0, 25, 10, 9);
    assertThat(after.minus(before)).isEqualTo(snap(2.5, 15, 7, 5));
  }

  @Test
  void phones_go_round_robin_over_the_members() {
    assertThat(List.of(ClusterBench.phonesOn(0, 15_000, 3), ClusterBench.phonesOn(1, 15_000, 3),
        ClusterBench.phonesOn(2, 15_000, 3))).containsExactly(5000, 5000, 5000);
    assertThat(List.of(ClusterBench.phonesOn(0, 1001, 3), ClusterBench.phonesOn(1, 1001, 3),
        ClusterBench.phonesOn(2, 1001, 3))).containsExactly(334, 334, 333);
  }

  @Test
  void a_phone_retries_its_join_on_the_errors_the_web_client_retries() {
    assertThat(Phone.isRetryable("{\"type\":\"error\",\"code\":\"store_unavailable\",\"message\":\"…\"}")).isTrue();
    assertThat(Phone.isRetryable("{\"type\":\"error\",\"code\":\"server_busy\",\"message\":\"…\"}")).isTrue();
    assertThat(Phone.isRetryable("{\"type\":\"error\",\"code\":\"bad_join_code\",\"message\":\"…\"}")).isFalse();
  }

  @Test
  void the_sizes_follow_the_open_file_limit_and_quick_is_small() {
    assertThat(ClusterBench.Sizes.of(false, 1 << 20)).isEqualTo(new ClusterBench.Sizes(15_000, 1000, 2000, 1000));
    assertThat(ClusterBench.Sizes.of(false, 20_000).rooms()).isEqualTo(933);
    assertThat(ClusterBench.Sizes.of(true, 20_000)).isEqualTo(new ClusterBench.Sizes(1500, 50, 300, 50));
  }

  @Test
  void the_section_has_a_table_per_run_the_targets_and_how_the_figures_are_taken() {
    RunReport hall = RunReportTest.report("cluster N=15000", 40, 0, true, 100);
    RunReport compare = RunReportTest.report("cluster N=2000", 30, 0, true, 100);
    RunReport single = RunReportTest.report("single N=2000", 20, 0, true, 100);
    ClusterBench.Takeover takeover = new ClusterBench.Takeover(1000, 20, 18_000, 3.25, 4.5,
        Map.of("B", 480, "C", 520), null);
    ClusterBench.Result result = new ClusterBench.Result(List.of(
        new ClusterBench.ClusterRun("N=15000", hall, figures()),
        new ClusterBench.ClusterRun("N=2000", compare, figures())), single, List.of(takeover),
        new ClusterBench.Sizes(15_000, 1000, 2000, 1000), 10, "postgres (PostgreSQL) 15");

    String md = ClusterBench.markdown(result);

    assertThat(md).contains("| figure | A | B | C | total |")
        .contains("| bus messages sent per vote | 0.80 | 0.33 | 0.33 | 1.46 |")
        .contains("| bus messages sent per state broadcast | 2.00 | 0.00 | 0.00 | 2.00 |")
        .contains("| kill -9 → every session owned by a survivor | 3.25 s |")
        .contains("| spread over the survivors | B: 480, C: 520 |")
        .contains("compared with the single server at the same N");
    List<Bench.Target> targets = ClusterBench.Targets.of(result);
    assertThat(targets).extracting(Bench.Target::verdict).containsExactly("met", "met", "met", "met", "met");
    assertThat(targets.get(3).figure()).contains("cluster 30.0 ms, single 20.0 ms (1.50×)");
    assertThat(result.met()).isTrue();
  }

  @Test
  void three_kills_are_judged_by_the_median_and_each_is_shown() {
    RunReport compare = RunReportTest.report("cluster N=2000", 30, 0, true, 100);
    RunReport single = RunReportTest.report("single N=2000", 20, 0, true, 100);
    ClusterBench.Result result = new ClusterBench.Result(
        List.of(new ClusterBench.ClusterRun("N=2000", compare, figures())), single, List.of(
        new ClusterBench.Takeover(1000, 20, 18_000, 11.5, 12.0, Map.of("B", 500, "C", 500), null),
        new ClusterBench.Takeover(1000, 20, 18_000, 8.25, 9.0, Map.of("B", 510, "C", 490), null),
        new ClusterBench.Takeover(1000, 20, 18_000, 9.75, 10.5, Map.of("B", 490, "C", 510), null)),
        new ClusterBench.Sizes(15_000, 1000, 2000, 1000), 10, "pg");

    assertThat(result.takeover().allOwnedSeconds()).isEqualTo(9.75);
    Bench.Target takeover = ClusterBench.Targets.of(result).get(2);
    assertThat(takeover.verdict()).isEqualTo("met");
    assertThat(takeover.figure()).contains("9.75 s").contains("each kill: 11.50 s, 8.25 s, 9.75 s");
    assertThat(ClusterBench.markdown(result)).contains("| figure | kill 1 | kill 2 | kill 3 |")
        .contains("| kill -9 → every session owned by a survivor | 11.50 s | 8.25 s | 9.75 s |");
  }

  @Test
  void a_failed_kill_counts_as_the_slowest() {
    ClusterBench.Result result = new ClusterBench.Result(List.of(), null, List.of(
        new ClusterBench.Takeover(1000, 20, 0, Double.NaN, null, Map.of(), "no cluster"),
        new ClusterBench.Takeover(1000, 20, 18_000, 12.0, 13.0, Map.of("B", 500, "C", 500), null),
        new ClusterBench.Takeover(1000, 20, 18_000, 7.0, 8.0, Map.of("B", 500, "C", 500), null)),
        new ClusterBench.Sizes(15_000, 1000, 2000, 1000), 10, "pg");

    assertThat(result.takeover().allOwnedSeconds()).isEqualTo(12.0);
  }

  @Test
  void a_slow_cluster_or_a_slow_takeover_misses_its_target() {
    RunReport compare = RunReportTest.report("cluster N=2000", 45, 0, true, 100);
    RunReport single = RunReportTest.report("single N=2000", 20, 0, true, 100);
    ClusterBench.Result result = new ClusterBench.Result(
        List.of(new ClusterBench.ClusterRun("N=2000", compare, figures())), single,
        List.of(new ClusterBench.Takeover(1000, 20, 0, 12.5, null, Map.of("B", 1000), null)),
        new ClusterBench.Sizes(15_000, 1000, 2000, 1000), 10, "pg");
    List<Bench.Target> targets = ClusterBench.Targets.of(result);
    assertThat(targets.get(2).verdict()).isEqualTo("**missed**");
    assertThat(targets.get(3).verdict()).isEqualTo("**missed**");
    assertThat(result.met()).isFalse();
  }
}
