package nl.buurtroute.cluster;

import java.util.function.LongSupplier;

/**
 * Notices that this process stood still (a freeze, a long GC pause, a starved machine): it is asked to look at
 * the clock every fraction of a second, and a long gap between two looks is a pause. After one, this member's
 * view of the cluster is not trusted for a while: waking up, it still lists the members it had and drops them
 * only one by one as Hazelcast finds their heartbeats stale, while they may already have removed it and taken
 * its sessions over. In that moment it saw "a majority without the session's new owner" and took the session
 * back, and all the room's phones had to reconnect twice.
 */
final class PauseWatch {
  /** A gap between looks this long is a pause. */
  private final long pauseNanos;
  /** How long after a pause the view is not trusted. */
  private final long settleNanos;
  private final LongSupplier clock;
  private long lastLook;
  /** When the last pause ended; 0 when there was none. */
  private long wokeAt;

  PauseWatch(long pauseNanos, long settleNanos, LongSupplier clock) {
    this.pauseNanos = pauseNanos;
    this.settleNanos = settleNanos;
    this.clock = clock;
    this.lastLook = clock.getAsLong();
  }

  /** Looks at the clock; returns how long this process stood still since the last look, or 0 if it did not. */
  synchronized long look() {
    long now = clock.getAsLong();
    long gap = now - lastLook;
    lastLook = now;
    if (gap < pauseNanos) {
      return 0;
    }
    wokeAt = now;
    return gap;
  }

  /**
   * Whether no pause ended within the settling time. A look that is overdue counts as a pause in progress: the
   * caller may have woken up before the watch did.
   */
  synchronized boolean settled() {
    long now = clock.getAsLong();
    return now - lastLook < pauseNanos && (wokeAt == 0 || now - wokeAt >= settleNanos);
  }

  long settleNanos() {
    return settleNanos;
  }
}
