package nl.buurtroute.guard;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wrong-code gate on a fake clock: a flood from one address gets exactly its budget of checks, and a
 * right code typed behind that flood is checked at the next step, not after the flood.
 */
class WrongCodeGateTest {
  private final AtomicLong now = new AtomicLong();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
  private final WrongCodeGate gate = new WrongCodeGate(6, now::get,
      (delayMillis, task) -> timers.add(new Timer(now.get() + delayMillis * 1_000_000, task)));

  private record Timer(long at, Runnable task) {
  }

  /** Moves the fake clock on, running the timers that fall due. */
  private void advanceSeconds(double seconds) {
    long until = now.get() + (long) (seconds * 1e9);
    while (!timers.isEmpty() && timers.peek().at <= until) {
      Timer timer = timers.poll();
      now.set(Math.max(now.get(), timer.at));
      timer.task.run();
    }
    now.set(until);
  }

  @Test
  void many_connections_of_one_address_get_no_more_wrong_checks_than_the_budget() {
    List<String> checked = new ArrayList<>();
    for (int connection = 0; connection < 1_000; connection++) {
      gate.enter("10.0.0.7", 0, ticket -> {
        checked.add("guess");
        ticket.done(true);
      });
    }
    assertThat(checked).as("the burst").hasSize(6);
    advanceSeconds(60);
    assertThat(checked.size()).as("then 6 a minute").isBetween(11, 12);
    advanceSeconds(600);
    assertThat(checked.size()).isBetween(71, 72);
  }

  @Test
  void checks_in_flight_hold_the_budget_so_parallel_connections_cannot_overrun_it() {
    List<WrongCodeGate.Ticket> inFlight = new ArrayList<>();
    for (int connection = 0; connection < 100; connection++) {
      gate.enter("10.0.0.9", 0, inFlight::add);
    }
    assertThat(inFlight).hasSize(6);
    advanceSeconds(600);
    assertThat(inFlight).as("no answer yet, so no more checks").hasSize(6);
    List<WrongCodeGate.Ticket> first = List.copyOf(inFlight);
    first.forEach(t -> t.done(false));
    assertThat(inFlight).as("right codes give the budget back at once").hasSize(12);
  }

  @Test
  void a_right_code_typed_behind_a_flood_goes_first_and_costs_nothing() {
    List<String> order = new ArrayList<>();
    // The flood: one connection's retries (it has sent wrong codes before), 500 queued.
    for (int i = 0; i < 506; i++) {
      String name = "flood" + i;
      gate.enter("10.0.0.7", i == 0 ? 0 : 5, ticket -> {
        order.add(name);
        ticket.done(true);
      });
    }
    assertThat(order).hasSize(6);
    // A phone on the same Wi-Fi types the right code: its first attempt.
    List<WrongCodeGate.Ticket> phone = new ArrayList<>();
    gate.enter("10.0.0.7", 0, ticket -> {
      order.add("phone");
      phone.add(ticket);
    });
    assertThat(phone).isEmpty();
    advanceSeconds(11);
    assertThat(order).as("checked at the first refill, before the flood's retries").contains("phone");
    assertThat(order.indexOf("phone")).isEqualTo(6);
    phone.get(0).done(false);
    // Another address is not slowed at all.
    List<WrongCodeGate.Ticket> elsewhere = new ArrayList<>();
    gate.enter("10.0.0.8", 0, elsewhere::add);
    assertThat(elsewhere).hasSize(1);
  }

  @Test
  void an_ipv6_household_counts_as_one_address() {
    List<WrongCodeGate.Ticket> checked = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      gate.enter("2001:db8:1:2::" + Integer.toHexString(i + 1), 0, ticket -> {
        checked.add(ticket);
        ticket.done(true);
      });
    }
    assertThat(checked).hasSize(6);
  }
}
