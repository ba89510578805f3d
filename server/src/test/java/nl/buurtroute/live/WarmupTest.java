package nl.buurtroute.live;

import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentLoader;
import nl.buurtroute.session.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warm-up runs the real engine and frames through a whole evening, in memory only. */
class WarmupTest {
  private final Content content = ContentLoader.builtIn();

  @Test
  void one_walk_takes_a_session_through_every_fase_to_its_end() {
    Warmup.Walk walk = Warmup.walk(content);

    assertThat(walk.session().status()).isEqualTo(Status.FINISHED);
    assertThat(walk.session().route()).isNotEmpty();
    assertThat(walk.session().route().stream().map(s -> s.fase()).distinct().count())
        .isEqualTo(content.fasen().size());
    // Per participant a welcome and a facilitator state, per vote a voted and a tally, per step four states.
    assertThat(walk.frames()).isGreaterThan(walk.session().route().size() * 4);
  }

  @Test
  void the_warm_up_walks_at_least_one_session_and_at_most_its_number() {
    Warmup.Report report = Warmup.run(content);

    assertThat(report.failure()).isNull();
    assertThat(report.sessions()).isBetween(1, Warmup.SESSIONS);
    assertThat(report.frames()).isPositive();
  }
}
