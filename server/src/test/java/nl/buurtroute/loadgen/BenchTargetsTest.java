package nl.buurtroute.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The targets tables say met or missed for what ran, and "not run" for what did not. */
class BenchTargetsTest {

  private static Bench.Target line(List<Bench.Target> lines, String start) {
    return lines.stream().filter(l -> l.target().startsWith(start)).findFirst().orElseThrow(
        () -> new AssertionError("no line " + start + " in " + lines));
  }

  @Test
  void sqlite_holds_the_issue_17_targets_for_the_hall_and_the_burst() {
    RunReport hall = RunReportTest.report("N=10000 (median of 3)", 38, 0, true, 1000);
    RunReport burst = RunReportTest.report("N=2000, votes within 4 s", 140, 0, true, 300);
    List<Bench.Target> lines = Bench.sqliteTargets(List.of(hall, burst));

    assertThat(line(lines, "issue 17: 10,000: vote→voted p99 ≤ 50 ms").verdict()).isEqualTo("met");
    // The report's delay is 12 ms, within 100 ms.
    assertThat(line(lines, "issue 17: 10,000: event-loop delay max ≤ 100 ms").verdict()).isEqualTo("met");
    Bench.Target burstLine = line(lines, "issue 17: vote→voted p99 ≤ 100 ms when 100 phones");
    assertThat(burstLine.figure()).isEqualTo("140.0 ms");
    assertThat(burstLine.verdict()).isEqualTo("**missed**");
    assertThat(line(lines, "20,000 connections").verdict()).isEqualTo("–");
  }

  @Test
  void sqlite_without_the_runs_says_not_run() {
    List<Bench.Target> lines = Bench.sqliteTargets(List.of(RunReportTest.report("N=100", 10, 0, true, 100)));
    assertThat(line(lines, "issue 17: vote→voted p99 ≤ 100 ms in a burst").figure()).isEqualTo("not run");
    assertThat(line(lines, "issue 17: event-loop delay").figure()).isEqualTo("not run");
  }

  @Test
  void postgresql_holds_its_four_targets_at_10000() {
    RunReport hall = RunReportTest.report("N=10000", 120, 0, true, 100);
    List<Bench.Target> lines = Bench.postgresqlTargets(List.of(hall));
    assertThat(line(lines, "10,000 on PostgreSQL: vote→voted p99 ≤ 100 ms").verdict()).isEqualTo("**missed**");
    assertThat(line(lines, "10,000: last vote→complete facilitator tally ≤ 250 ms").verdict()).isEqualTo("met");
    assertThat(line(lines, "10,000: next→state on the last phone ≤ 1 s").verdict()).isEqualTo("met");
    // 100 commits for 1,200 votes: far fewer.
    assertThat(line(lines, "durable writes batched").verdict()).isEqualTo("met");
    assertThat(Bench.postgresqlTargets(List.of()).get(0).figure()).isEqualTo("not run");
  }
}
