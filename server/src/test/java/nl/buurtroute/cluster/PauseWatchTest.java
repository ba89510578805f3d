package nl.buurtroute.cluster;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PauseWatchTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(100 * SECOND);
  /** A pause is a gap of 2 s between looks; the view settles 3 s after one, as on the test cluster. */
  private final PauseWatch watch = new PauseWatch(2 * SECOND, 3 * SECOND, now::get);

  private long lookAfter(double seconds) {
    now.addAndGet((long) (seconds * SECOND));
    return watch.look();
  }

  @Test
  void looks_on_time_are_no_pause() {
    for (int i = 0; i < 20; i++) {
      assertThat(lookAfter(0.25)).isZero();
    }
    assertThat(lookAfter(1.9)).as("a loop that was late, not a member that stood still").isZero();
    assertThat(watch.settled()).isTrue();
  }

  @Test
  void after_a_pause_the_view_is_not_trusted_until_it_settled() {
    lookAfter(0.25);
    assertThat(lookAfter(4)).isEqualTo(4 * SECOND);
    assertThat(watch.settled()).isFalse();
    for (int i = 0; i < 11; i++) {
      assertThat(lookAfter(0.25)).isZero();
    }
    assertThat(watch.settled()).as("2.75 s after waking").isFalse();
    lookAfter(0.25);
    assertThat(watch.settled()).as("3 s after waking").isTrue();
  }

  @Test
  void a_look_that_is_overdue_counts_as_a_pause_in_progress() {
    lookAfter(0.25);
    // Whoever asks may wake up before the watch does, and must not trust its view either.
    now.addAndGet(3 * SECOND);
    assertThat(watch.settled()).isFalse();
    assertThat(watch.look()).isEqualTo(3 * SECOND);
    assertThat(watch.settled()).isFalse();
  }
}
