package nl.buurtroute.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each closed window of the server goes to its phase; the worst window of the run is named. */
class PhaseDelaysTest {

  @Test
  void each_phase_keeps_its_worst_window_and_the_run_names_the_worst_of_all() {
    PhaseDelays delays = new PhaseDelays();
    delays.add(PhaseDelays.Phase.JOIN, 0, 80);
    delays.add(PhaseDelays.Phase.VOTING, 1, 12);
    delays.add(PhaseDelays.Phase.VOTING, 7, 45);
    delays.add(PhaseDelays.Phase.BROADCAST, 7, 30);
    delays.add(PhaseDelays.Phase.IDLE, 0, 3);

    assertThat(delays.max(PhaseDelays.Phase.VOTING)).isEqualTo(45.0);
    assertThat(delays.max(PhaseDelays.Phase.JOIN)).isEqualTo(80.0);
    assertThat(delays.wholeRun()).isEqualTo(80.0);
    assertThat(delays.worstWindow()).isEqualTo("join ramp");

    delays.add(PhaseDelays.Phase.BROADCAST, 9, 120);
    RunReport.LoopDelays report = delays.report();
    assertThat(report.broadcastMs()).isEqualTo(120.0);
    assertThat(report.wholeRunMs()).isEqualTo(120.0);
    assertThat(report.worstWindow()).isEqualTo("broadcasts (openVoting, closeVoting, next), round 9");
    assertThat(report.idleMs()).isEqualTo(3.0);
  }

  @Test
  void a_server_without_delay_windows_gives_no_figures() {
    PhaseDelays delays = new PhaseDelays();
    delays.add(PhaseDelays.Phase.VOTING, 1, Double.NaN);
    assertThat(delays.wholeRun()).isNull();
    assertThat(delays.max(PhaseDelays.Phase.VOTING)).isNull();
  }
}
