package nl.buurtroute.loadgen;

import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the load generator working: a short run of a few hundred participants in two sessions plays the
 * whole route against a real server. Only correctness is asserted (no errors, every vote acknowledged, the
 * route complete, on every phone too), never a timing.
 */
class LoadGenSmokeTest {

  @Test
  void a_short_run_plays_whole_workshops_without_errors() {
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_CREATE_BURST", "50"))) {
      LoadOptions options = LoadOptions.defaults()
          .withUrl(server.url(""))
          .withTokens(null, null)
          .with(150, 2, 0.2, 0.3, LoadOptions.WHOLE_WALK, 0.5);

      RunReport report = LoadGen.run(options, null);

      assertThat(report.errors()).as(report.table()).isZero();
      assertThat(report.votesSent()).as(report.table()).isGreaterThanOrEqualTo(300L * LoadOptions.WHOLE_WALK);
      assertThat(report.votesAcked()).as(report.table()).isEqualTo(report.votesSent());
      assertThat(report.routeCompleted()).as(report.table()).isTrue();
      assertThat(report.json().getInteger("unexpectedParticipantStates")).as(report.table()).isZero();
      assertThat(report.json().getLong("storeCommits")).as(report.table()).isPositive();
      // Phones on the compact state (all but one) end with the facilitator's route (part of routeCompleted above)
      // and receive far fewer bytes per step than the one phone on the contract's whole state.
      assertThat(report.phoneBytes().compactPerStep()).as(report.table())
          .isLessThan(report.phoneBytes().fullPerStep() / 3);
      assertThat(report.phoneBytes().lastCompactState()).as(report.table())
          .isLessThan(report.phoneBytes().lastFullState());
    }
  }
}
