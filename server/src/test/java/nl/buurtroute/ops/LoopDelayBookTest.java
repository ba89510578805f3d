package nl.buurtroute.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delay book keeps maxima per window and since start, and leaves out what a forced GC touched. */
class LoopDelayBookTest {
  private static final long MS = 1_000_000L;

  @Test
  void a_window_holds_its_own_maximum_and_closing_starts_a_new_one() {
    LoopDelayBook book = new LoopDelayBook(0);
    book.record(0, 100 * MS, 5 * MS);
    book.record(100 * MS, 300 * MS, 100 * MS);

    LoopDelayBook.Window joins = book.closeWindow(1_000 * MS);
    assertThat(joins.maxMillis()).isEqualTo(100.0);
    assertThat(joins.samples()).isEqualTo(2);
    assertThat(joins.seconds()).isEqualTo(1.0);

    book.record(1_000 * MS, 1_110 * MS, 10 * MS);
    assertThat(book.window(2_000 * MS).maxMillis()).isEqualTo(10.0);
    assertThat(book.closeWindow(2_000 * MS).samples()).isEqualTo(1);
    assertThat(book.sinceStart(0, 2_000 * MS).maxMillis()).isEqualTo(100.0);
    assertThat(book.sinceStart(0, 2_000 * MS).samples()).isEqualTo(3);
  }

  @Test
  void samples_during_and_across_a_forced_gc_are_left_out_and_later_ones_count_again() {
    LoopDelayBook book = new LoopDelayBook(0);
    book.forcedGcStarted();
    assertThat(book.record(0, 900 * MS, 800 * MS)).isFalse();
    book.forcedGcEnded(950 * MS);
    // The probe that waited through the collection runs after it ended: its interval started before the end.
    assertThat(book.record(900 * MS, 1_200 * MS, 200 * MS)).isFalse();
    // The next interval starts after the collection: it counts.
    assertThat(book.record(1_200 * MS, 1_330 * MS, 30 * MS)).isTrue();

    LoopDelayBook.Window window = book.closeWindow(2_000 * MS);
    assertThat(window.maxMillis()).isEqualTo(30.0);
    assertThat(window.leftOut()).isEqualTo(2);
    assertThat(book.sinceStart(0, 2_000 * MS).leftOut()).isEqualTo(2);
  }

  @Test
  void two_forced_gcs_at_once_keep_samples_out_until_both_ended() {
    LoopDelayBook book = new LoopDelayBook(0);
    book.forcedGcStarted();
    book.forcedGcStarted();
    book.forcedGcEnded(100 * MS);
    assertThat(book.record(150 * MS, 400 * MS, 150 * MS)).isFalse();
    book.forcedGcEnded(500 * MS);
    assertThat(book.record(600 * MS, 700 * MS, 0)).isTrue();
    assertThat(book.sinceStart(0, 700 * MS).maxMillis()).isZero();
  }

  @Test
  void an_early_probe_counts_as_no_delay() {
    LoopDelayBook book = new LoopDelayBook(0);
    book.record(0, 99 * MS, -MS);
    assertThat(book.window(100 * MS).maxMillis()).isZero();
  }
}
