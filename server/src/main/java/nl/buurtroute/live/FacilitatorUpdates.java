package nl.buurtroute.live;

import io.vertx.core.Vertx;

/**
 * Coalesces what facilitators see change often (the tally while a room votes, the membership state while
 * phones join): at most one of each per {@link #COALESCE_MILLIS}, showing the latest. It only decides when;
 * the owner makes the frames and sends them once they are durable. Owner's context only.
 */
final class FacilitatorUpdates {
  static final long COALESCE_MILLIS = 100;

  private final Vertx vertx;
  private final Runnable sendMembership;
  private final Runnable sendTally;
  private boolean membershipDirty;
  private boolean tallyDirty;
  private long timer = -1;
  private long lastSentAt;

  FacilitatorUpdates(Vertx vertx, Runnable sendMembership, Runnable sendTally) {
    this.vertx = vertx;
    this.sendMembership = sendMembership;
    this.sendTally = sendTally;
  }

  void membershipChanged() {
    membershipDirty = true;
    schedule();
  }

  void tallyChanged() {
    tallyDirty = true;
    schedule();
  }

  /** A full facilitator state is on its way anyway, so a pending membership state would add nothing. */
  void membershipSent() {
    membershipDirty = false;
  }

  private void schedule() {
    if (timer >= 0) {
      return;
    }
    long wait = Math.max(1, lastSentAt + COALESCE_MILLIS - System.currentTimeMillis());
    timer = vertx.setTimer(wait, id -> send());
  }

  private void send() {
    timer = -1;
    lastSentAt = System.currentTimeMillis();
    if (membershipDirty) {
      membershipDirty = false;
      sendMembership.run();
    }
    if (tallyDirty) {
      tallyDirty = false;
      sendTally.run();
    }
  }
}
