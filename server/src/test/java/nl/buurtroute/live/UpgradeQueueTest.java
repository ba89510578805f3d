package nl.buurtroute.live;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admission of new sockets on one loop, on a clock of our own (nanoseconds as plain numbers). */
class UpgradeQueueTest {
  private static final long MS = 1_000_000;
  private final List<String> started = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private final List<UpgradeQueue.Ticket> tickets = new ArrayList<>();
  /** Two settling at once, each at most 5 s, a wait of at most 30 s. */
  private final UpgradeQueue queue = new UpgradeQueue(2, 5_000 * MS, 30_000 * MS);

  private UpgradeQueue.Upgrade upgrade(String name) {
    return new UpgradeQueue.Upgrade() {
      @Override
      public void start(UpgradeQueue.Ticket ticket) {
        started.add(name);
        tickets.add(ticket);
      }

      @Override
      public void refuse() {
        refused.add(name);
      }
    };
  }

  @Test
  void upgrades_beyond_the_limit_wait_and_start_in_order_as_sockets_settle() {
    for (String name : List.of("a", "b", "c", "d")) {
      queue.offer(upgrade(name), 0, false);
    }
    assertThat(started).containsExactly("a", "b");
    assertThat(queue.waiting()).isEqualTo(2);

    tickets.get(1).settled();
    queue.startWaiting(1 * MS);
    assertThat(started).containsExactly("a", "b", "c");

    // A ticket given back twice (welcomed, later closed) frees one place, not two.
    tickets.get(1).settled();
    queue.startWaiting(2 * MS);
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(queue.settling()).isEqualTo(2);
  }

  @Test
  void a_new_upgrade_never_overtakes_one_that_waits() {
    queue.offer(upgrade("a"), 0, false);
    queue.offer(upgrade("b"), 0, false);
    queue.offer(upgrade("c"), 0, false);
    tickets.get(0).settled();
    // "d" arrives while a place is free but "c" has waited for it.
    queue.offer(upgrade("d"), 1 * MS, false);
    queue.startWaiting(1 * MS);
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(queue.waiting()).isEqualTo(1);
  }

  @Test
  void the_console_and_the_beamer_wait_ahead_of_the_phones_and_each_other_in_order() {
    queue.offer(upgrade("a"), 0, false);
    queue.offer(upgrade("b"), 0, false);
    queue.offer(upgrade("phone"), 1 * MS, false);
    queue.offer(upgrade("console"), 2 * MS, true);
    queue.offer(upgrade("beamer"), 3 * MS, true);

    tickets.get(0).settled();
    queue.startWaiting(4 * MS);
    assertThat(started).containsExactly("a", "b", "console");
    tickets.get(1).settled();
    tickets.get(2).settled();
    queue.startWaiting(5 * MS);
    assertThat(started).containsExactly("a", "b", "console", "beamer", "phone");
  }

  @Test
  void a_socket_that_does_not_settle_in_time_gives_its_place_back() {
    queue.offer(upgrade("silent"), 0, false);
    queue.offer(upgrade("slow"), 1_000 * MS, false);
    queue.offer(upgrade("next"), 1_000 * MS, false);
    assertThat(started).containsExactly("silent", "slow");

    queue.tick(4_999 * MS);
    assertThat(started).containsExactly("silent", "slow");

    queue.tick(5_001 * MS);
    assertThat(started).containsExactly("silent", "slow", "next");
    // The late welcome of the expired socket frees no place: "slow" and "next" hold both.
    tickets.get(0).settled();
    queue.offer(upgrade("later"), 5_002 * MS, false);
    assertThat(started).containsExactly("silent", "slow", "next");
  }

  @Test
  void an_upgrade_that_waits_too_long_is_refused_and_the_ticks_stop_once_nothing_is_left() {
    queue.offer(upgrade("a"), 0, false);
    queue.offer(upgrade("b"), 0, false);
    queue.offer(upgrade("c"), 0, false);
    queue.offer(upgrade("d"), 10 * MS, false);

    queue.tick(30_005 * MS);
    assertThat(refused).containsExactly("c");
    assertThat(started).containsExactly("a", "b", "d");

    tickets.forEach(UpgradeQueue.Ticket::settled);
    assertThat(queue.tick(30_015 * MS)).isFalse();
    assertThat(queue.settling()).isZero();
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void a_limit_below_one_is_refused() {
    assertThatThrownBy(() -> new UpgradeQueue(0, MS, MS)).isInstanceOf(IllegalArgumentException.class);
  }
}
