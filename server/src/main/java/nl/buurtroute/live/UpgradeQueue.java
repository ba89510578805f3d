package nl.buurtroute.live;

import java.util.ArrayDeque;

/**
 * Admission of new sockets on one event loop. A hall told "scan the code now" sends its phones within seconds;
 * each new socket costs a handshake, a hello, a join at the owner and a welcome, and a fresh server runs that
 * code cold. Started all at once, that work queued on the loop faster than the loop served it, and every socket
 * already in the room waited seconds behind it for its votes and states (issue 17: 3.3 s at 2,000 joins a
 * second). So at most {@link #limit} sockets are <em>settling</em> (upgraded, not yet welcomed) per loop at a
 * time; the others wait for their upgrade, in order of arrival, and a phone that waits longer than
 * {@code maxWaitNanos} gets 503 {@code server_busy}, which its client retries. (A first version also held
 * every upgrade while the loop ran late; on two cores shared with the benchmark's generator the loop ran late
 * for reasons no admission controls, so that only slowed the joins, from 1,151 to 705 a second at 10,000.)
 *
 * <p>A settling socket counts until it is welcomed or closed, or for at most {@code settleNanos}: a socket that
 * says nothing (or an owner that answers late) must not hold a place for long. Upgrades that ask to lead (the
 * facilitator's console and the beamer) wait ahead of the phones: the person running the evening must not
 * wait behind the whole hall when their laptop reconnects. Claiming to lead skips only this queue, not one check
 * of who the socket is.
 *
 * <p>Plain logic on nanosecond times handed in by the caller; one instance per loop, used only on that loop.
 */
final class UpgradeQueue {
  /** A place among the settling sockets; {@link #settled} gives it back (once, whoever calls first). */
  final class Ticket {
    private final long admittedAt;
    private boolean settled;

    private Ticket(long admittedAt) {
      this.admittedAt = admittedAt;
    }

    void settled() {
      if (settled) {
        return;
      }
      settled = true;
      inFlight--;
    }
  }

  /** What the caller does once a waiting upgrade may start, or must be refused. */
  interface Upgrade {
    void start(Ticket ticket);

    void refuse();
  }

  private record Waiting(long since, Upgrade upgrade) {
  }

  private final int limit;
  private final long settleNanos;
  private final long maxWaitNanos;
  private final ArrayDeque<Waiting> leading = new ArrayDeque<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /** Tickets in the order they were given, to end those that settle too slowly; settled ones leave lazily. */
  private final ArrayDeque<Ticket> tickets = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param limit        most sockets settling at once on this loop
   * @param settleNanos  a socket counts as settling at most this long
   * @param maxWaitNanos an upgrade waits at most this long before it is refused
   */
  UpgradeQueue(int limit, long settleNanos, long maxWaitNanos) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    this.limit = limit;
    this.settleNanos = settleNanos;
    this.maxWaitNanos = maxWaitNanos;
  }

  /** A new upgrade: it starts now if there is room and no one waits ahead of it, or waits its turn. */
  void offer(Upgrade upgrade, long now, boolean lead) {
    boolean aheadOfIt = lead ? !leading.isEmpty() : !leading.isEmpty() || !waiting.isEmpty();
    if (!aheadOfIt && hasRoom()) {
      start(upgrade, now);
    } else {
      (lead ? leading : waiting).add(new Waiting(now, upgrade));
    }
  }

  /**
   * The regular turn: ends places held too long, refuses upgrades that waited too long and starts those that
   * fit. Returns whether turns are still needed.
   */
  boolean tick(long now) {
    while (!tickets.isEmpty() && (tickets.peek().settled || now - tickets.peek().admittedAt > settleNanos)) {
      tickets.poll().settled();
    }
    refuseOverdue(leading, now);
    refuseOverdue(waiting, now);
    startWaiting(now);
    return waiting() > 0 || inFlight > 0;
  }

  /** Starts waiting upgrades while there is room; call after a ticket settled. */
  void startWaiting(long now) {
    while (hasRoom() && waiting() > 0) {
      start((leading.isEmpty() ? waiting : leading).poll().upgrade(), now);
    }
  }

  int waiting() {
    return leading.size() + waiting.size();
  }

  int settling() {
    return inFlight;
  }

  private void refuseOverdue(ArrayDeque<Waiting> queue, long now) {
    while (!queue.isEmpty() && now - queue.peek().since() > maxWaitNanos) {
      queue.poll().upgrade().refuse();
    }
  }

  private boolean hasRoom() {
    return inFlight < limit;
  }

  private void start(Upgrade upgrade, long now) {
    Ticket ticket = new Ticket(now);
    inFlight++;
    tickets.add(ticket);
    upgrade.start(ticket);
  }
}
