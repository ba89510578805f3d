package nl.buurtroute.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed report writes the JSON scripts have always read, and the benchmark's median combines it per figure. */
class RunReportTest {
  static RunReport report(String label, double p99, int errors, boolean completed, long commits) {
    return new RunReport(
        new RunReport.Setup(label, 1, 100, 101, 12, 10.0, 0.2, 5.0),
        new RunReport.Joining(1.5, 66.7),
        new RunReport.Heap(40.0, 60.0, 20.0),
        new RunReport.Cpu(0.01, 0.5, 0.4, 1.2, 30.0),
        new RunReport.Walk(12, completed),
        new RunReport.Traffic(1200, 1200, 5000L, 900_000L, 100.0, 400.0, 70_000.0, 3000L, 600_000L),
        new RunReport.Latencies(5, 9, p99, 40, 20, 60, 8, 30, 45, 33),
        new RunReport.StoreFigures("sqlite", commits, 1300, 1300.0 / commits, 80, 2.5, 9.0, 12.0),
        new RunReport.Outcome(0, errors, errors == 0 ? List.of() : List.of("fout " + label), 70.0));
  }

  @Test
  void json_keeps_the_keys_and_their_order() {
    assertThat(report("N=100", 12, 0, true, 100).json().fieldNames()).containsExactly(
        "label", "sessions", "participantsPerSession", "connections", "roundsAsked", "spreadSeconds", "changeShare",
        "rampSeconds", "joinSeconds", "joinRatePerSecond", "heapBaselineMiB", "heapConnectedMiB",
        "heapPerConnectionKiB", "idleCpuPerSecond", "cpuMillisPerVoteRaw", "cpuMillisPerVote", "cpuSecondsPerRound",
        "stepsPlayed", "routeCompleted", "votesSent", "votesAcked", "framesOut", "bytesOut", "framesOutPerSecondAvg",
        "framesOutPerSecondPeak", "bytesOutPerSecondPeak", "voteLatencyP50Ms", "voteLatencyP95Ms",
        "voteLatencyP99Ms", "voteLatencyMaxMs", "tallyLatencyP50Ms", "tallyLatencyMaxMs", "nextStateP50Ms",
        "nextStateP99Ms", "nextStateLastMs", "nextStateLastMedianMs", "storeKind", "storeCommits", "storeEvents",
        "storeEventsPerCommit", "storeMaxBatch", "storeMeanWriteMs", "storeMaxWriteMs", "eventLoopDelayMaxMs",
        "serverCpuSecondsTotal", "framesIn", "bytesIn", "unexpectedParticipantStates", "errors", "errorSamples",
        "durationSeconds");
  }

  @Test
  void per_phase_loop_delays_come_after_the_old_keys_and_show_as_rows() {
    RunReport plain = report("N=100", 12, 0, true, 100);
    RunReport withDelays = new RunReport(plain.setup(), plain.joining(), plain.heap(), plain.cpu(), plain.walk(),
        plain.traffic(), plain.latencies(), plain.store(), plain.outcome(), null,
        new RunReport.LoopDelays(40.0, 20.0, 60.0, 2.0, 60.0, "broadcasts (openVoting, closeVoting, next), round 3"),
        null);
    List<String> keys = List.copyOf(withDelays.json().fieldNames());
    assertThat(keys.subList(0, plain.json().size())).isEqualTo(List.copyOf(plain.json().fieldNames()));
    assertThat(keys.subList(plain.json().size(), keys.size())).containsExactly("eventLoopDelayJoinMs",
        "eventLoopDelayVotingMs", "eventLoopDelayBroadcastMs", "eventLoopDelayIdleMs", "eventLoopDelayWorstWindow");
    assertThat(withDelays.table()).contains(String.format("  %-40s %s%n", "event-loop delay max, broadcasts", "60.0 ms"))
        .contains("round 3");
    assertThat(Median.of(List.of(withDelays, withDelays, plain)).loopDelays().votingMs()).isEqualTo(20.0);
  }

  @Test
  void bytes_per_phone_per_step_show_in_the_table_and_after_the_old_keys() {
    RunReport plain = report("N=100", 12, 0, true, 100);
    RunReport report = new RunReport(plain.setup(), plain.joining(), plain.heap(), plain.cpu(), plain.walk(),
        plain.traffic(), plain.latencies(), plain.store(), plain.outcome(), null, null,
        new RunReport.PhoneBytes(312.4, 2870.0, 201, 3105));
    assertThat(report.table()).contains("bytes per phone per step (compact)       312.4 B")
        .contains("bytes per phone per step (whole state)   2,870 B")
        .contains("last state frame, compact / whole        201 B / 3,105 B");
    List<String> keys = new java.util.ArrayList<>(report.json().fieldNames());
    assertThat(keys.subList(keys.size() - 4, keys.size())).containsExactly("bytesPerPhonePerStepCompact",
        "bytesPerPhonePerStepFull", "lastCompactStateBytes", "lastFullStateBytes");
    assertThat(Median.of(List.of(report, report)).phoneBytes().lastFullState()).isEqualTo(3105);
  }

  @Test
  void the_median_takes_each_figure_the_worst_errors_and_every_error_note() {
    RunReport median = Median.of(List.of(report("a", 30, 0, true, 100), report("b", 10, 2, true, 300),
        report("c", 20, 0, false, 200)));
    assertThat(median.latencies().voteP99Ms()).isEqualTo(20);
    assertThat(median.store().commits()).isEqualTo(200L);
    assertThat(median.errors()).isEqualTo(2);
    assertThat(median.routeCompleted()).isFalse();
    assertThat(median.outcome().errorSamples()).containsExactly("fout b");
    assertThat(median.label()).isEqualTo("a");
  }

  @Test
  void the_table_shows_every_row() {
    String table = report("N=100", 12.5, 0, true, 100).table();
    assertThat(table).contains("run N=100").contains("vote→voted p99                           12.5 ms")
        .contains("route completed                          yes").contains("1 × 100");
  }
}
