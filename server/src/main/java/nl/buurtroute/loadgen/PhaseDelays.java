package nl.buurtroute.loadgen;

import java.util.EnumMap;
import java.util.Map;

/**
 * The server's event-loop delay per phase of a run. The coordinator closes the server's delay window at each
 * phase boundary ({@code /api/stats?newWindow=true}) and hands each closed window's maximum to the phase it
 * covered; the server already leaves its forced GCs out. A phase's figure is the worst of its windows; the whole
 * run's is the worst of all phases, and the worst window is named (phase and round) to say where to look.
 */
final class PhaseDelays {
  /** The parts of a run that load the server differently. */
  enum Phase {
    /** Participants joining over the ramp until every facilitator sees them all. */
    JOIN("join ramp"),
    /** From openVoting's state until every vote is acknowledged and every complete tally is seen. */
    VOTING("vote windows"),
    /** openVoting, closeVoting, decide, next and finish: a state broadcast to every phone. */
    BROADCAST("broadcasts (openVoting, closeVoting, next)"),
    /** Everyone connected, nothing asked (after the joins, and after the last round). */
    IDLE("idle, all connected");

    final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  private final Map<Phase, Double> max = new EnumMap<>(Phase.class);
  private double worst = -1;
  private String worstWindow;

  /**
   * One closed window of the server.
   *
   * @param round the round it belonged to (1-based), 0 outside the rounds
   */
  void add(Phase phase, int round, double windowMaxMillis) {
    if (Double.isNaN(windowMaxMillis) || windowMaxMillis < 0) {
      return;
    }
    max.merge(phase, windowMaxMillis, Math::max);
    if (windowMaxMillis > worst) {
      worst = windowMaxMillis;
      worstWindow = phase.label + (round > 0 ? ", round " + round : "");
    }
  }

  /** The worst window of this phase, or null when no window of it was closed. */
  Double max(Phase phase) {
    return max.get(phase);
  }

  /** The worst window of the whole run, or null when none was closed. */
  Double wholeRun() {
    return worst < 0 ? null : worst;
  }

  /** Where the whole run's worst window was, e.g. "vote windows, round 7". */
  String worstWindow() {
    return worstWindow;
  }

  RunReport.LoopDelays report() {
    return new RunReport.LoopDelays(max(Phase.JOIN), max(Phase.VOTING), max(Phase.BROADCAST), max(Phase.IDLE),
        wholeRun(), worstWindow);
  }
}
