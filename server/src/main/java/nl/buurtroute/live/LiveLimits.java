package nl.buurtroute.live;

import java.time.Duration;

/**
 * Limits of the live layer, from the environment (see README).
 *
 * @param helloMillis         a WebSocket that is not welcomed (join, resume, facilitate) this long after it
 *                            opened is closed with 1008 (the contract's 15 s)
 * @param ungreetedPerAddress WebSockets one client address may hold open before they are welcomed; more are
 *                            closed at once with 1013 (try again later)
 * @param sessionIdle         a session without a stored event this long ends by itself (finished, reason idle)
 * @param voteChanges         times one participant may change their vote while one vote is open
 * @param settlingPerLoop     new sockets that may be settling (upgraded, not yet welcomed) at once per event
 *                            loop; further upgrades wait their turn ({@link UpgradeQueue})
 * @param upgradeWaitMillis   an upgrade that waited this long for its turn gets 503 {@code server_busy}
 */
public record LiveLimits(int maxParticipantsPerSession, long heartbeatMillis, long deadAfterMillis,
                         long helloMillis, int ungreetedPerAddress, Duration sessionIdle, int voteChanges,
                         int settlingPerLoop, long upgradeWaitMillis) {

  public static final long HELLO_MILLIS = 15_000;
  /**
   * Honest phones are strangers only between opening the socket and the welcome, well under a second. The
   * biggest honest crowd of strangers is a whole evening behind one community-centre address reconnecting at
   * once after a restart; 2,000 lets the largest rooms we plan for (5,000 phones) back in within a few retries
   * of the client's backoff, while one address can hold at most 4% of the server's 50,000 connection slots
   * with sockets that never say who they are.
   */
  public static final int UNGREETED_PER_ADDRESS = 2_000;
  public static final Duration SESSION_IDLE = Duration.ofHours(48);
  /** Far beyond a person who hesitates; a script that flips its vote hundreds of times stops here. */
  public static final int VOTE_CHANGES = 20;
  /**
   * A join takes a warm loop about a millisecond of work and some tens until its welcome, so 16 settling
   * sockets keep a loop serving hundreds of joins a second while what it owes the sockets already in stays a
   * few tens of milliseconds of work.
   */
  public static final int SETTLING_PER_LOOP = 16;
  /** Long enough for a hall of 10,000 phones to get in at a few hundred a second per loop. */
  public static final long UPGRADE_WAIT_MILLIS = 30_000;

  /** The limits that existed before issue 13's resource limits, with those at their defaults. */
  public LiveLimits(int maxParticipantsPerSession, long heartbeatMillis, long deadAfterMillis) {
    this(maxParticipantsPerSession, heartbeatMillis, deadAfterMillis, HELLO_MILLIS, UNGREETED_PER_ADDRESS,
        SESSION_IDLE, VOTE_CHANGES, SETTLING_PER_LOOP, UPGRADE_WAIT_MILLIS);
  }

  public static LiveLimits defaults() {
    return new LiveLimits(20_000, 10_000, 30_000);
  }
}
