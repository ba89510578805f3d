package nl.buurtroute.guard;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Typed join codes, per client address: wrong codes are slowed down, never blocked, so one device that
 * floods wrong codes cannot lock out the community centre that shares its address.
 *
 * <p>Each address has a budget of wrong codes ({@code wrongCodesPerMinute} at once, refilled at that rate
 * per minute). While the budget lasts, an attempt is checked at once. Once it is spent, attempts wait in
 * the address's queue and are let through to the check only when one more wrong code would fit the budget;
 * a right code costs nothing, so the next waiting attempt goes straight after it. Every check holds one unit
 * of the budget until its answer is known, so however many attempts run at the same time, the address never
 * learns more wrong codes than the budget allows: guessing is bounded per address, whatever the number of
 * connections (see PROTOCOL.md, "Guessing a join code").
 *
 * <p>The queue is fair per connection: a connection has at most one attempt in flight (it waits for its
 * answer), and connections that have not yet sent a wrong code go before those that have, in order of
 * arrival. A phone whose person types the right code is therefore behind at most the other first attempts
 * of its address, not behind a flooder's retries. Up to {@link #MAX_WAITING} attempts wait per address; more
 * are answered {@code rate_limited} at once (the page says so and the person tries again).
 */
public final class WrongCodeGate {
  private static final Logger LOG = Logger.getLogger(WrongCodeGate.class.getName());
  public static final int MAX_WAITING = 2_000;

  /** Runs a task after a delay; Vert.x's timer in the server, a fake clock in tests. */
  public interface Scheduler {
    void schedule(long delayMillis, Runnable task);
  }

  /** One attempt: {@link #done} must be called exactly once after {@code go} ran, with whether it was wrong. */
  public interface Ticket {
    void done(boolean wrong);
  }

  private final double burst;
  private final double perNano;
  private final LongSupplier clock;
  private final Scheduler scheduler;
  private final Map<String, AddressQueue> queues = new ConcurrentHashMap<>();

  public WrongCodeGate(int wrongCodesPerMinute, LongSupplier clock, Scheduler scheduler) {
    this.burst = Math.max(1, wrongCodesPerMinute);
    this.perNano = this.burst / 60e9;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /**
   * Queues an attempt. {@code go} runs (on any thread) once the attempt may be checked, with the ticket to
   * close it; returns false, without running anything, when the address already has too many waiting.
   * {@code earlierWrongCodes}: wrong codes this connection sent before (0 for a first attempt).
   */
  public boolean enter(String clientAddress, int earlierWrongCodes, java.util.function.Consumer<Ticket> go) {
    String key = AddressRanges.limitKey(clientAddress);
    AddressQueue queue = queues.computeIfAbsent(key, k -> new AddressQueue(k));
    synchronized (queue) {
      if (queue.waiting() >= MAX_WAITING) {
        return false;
      }
      (earlierWrongCodes == 0 ? queue.first : queue.again).add(go);
    }
    queue.pump();
    return true;
  }

  /** Addresses currently tracked (for tests and the sweep). */
  public int addresses() {
    return queues.size();
  }

  /** Forgets addresses whose budget is full and that have nothing waiting or in flight. */
  public void sweep() {
    queues.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue().idle();
      }
    });
  }

  private final class AddressQueue {
    final String key;
    final ArrayDeque<java.util.function.Consumer<Ticket>> first = new ArrayDeque<>();
    final ArrayDeque<java.util.function.Consumer<Ticket>> again = new ArrayDeque<>();
    double tokens = burst;
    long refilledAt = clock.getAsLong();
    int inFlight;
    boolean timerSet;
    boolean warned;

    AddressQueue(String key) {
      this.key = key;
    }

    int waiting() {
      return first.size() + again.size();
    }

    boolean idle() {
      refill();
      return waiting() == 0 && inFlight == 0 && tokens >= burst;
    }

    private void refill() {
      long now = clock.getAsLong();
      tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
      refilledAt = now;
    }

    /** Lets through every attempt the budget allows, then sets one timer for the next when needed. */
    void pump() {
      while (true) {
        java.util.function.Consumer<Ticket> next;
        synchronized (this) {
          refill();
          if (waiting() == 0) {
            return;
          }
          if (tokens - inFlight < 1) {
            if (!warned) {
              warned = true;
              LOG.warning("wrong join codes from one address: slowing its typed codes down");
            }
            if (!timerSet && inFlight == 0) {
              timerSet = true;
              long delay = (long) Math.ceil((1 - (tokens - inFlight)) / perNano / 1e6);
              scheduler.schedule(Math.max(1, delay), () -> {
                synchronized (this) {
                  timerSet = false;
                }
                pump();
              });
            }
            return;
          }
          next = first.isEmpty() ? again.poll() : first.poll();
          inFlight++;
        }
        next.accept(new OnceTicket(this));
      }
    }

    void finish(boolean wrong) {
      synchronized (this) {
        inFlight--;
        refill();
        if (wrong) {
          tokens -= 1;
        } else if (tokens >= burst) {
          warned = false;
        }
      }
      pump();
    }
  }

  private static final class OnceTicket implements Ticket {
    private final AddressQueue queue;
    private boolean done;

    OnceTicket(AddressQueue queue) {
      this.queue = queue;
    }

    @Override
    public void done(boolean wrong) {
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      queue.finish(wrong);
    }
  }
}
