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
 */
public record LiveLimits(int maxParticipantsPerSession, long heartbeatMillis, long deadAfterMillis,
                         long helloMillis, int ungreetedPerAddress, Duration sessionIdle, int voteChanges) {

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

  /** The limits that existed before issue 13's resource limits, with those at their defaults. */
  public LiveLimits(int maxParticipantsPerSession, long heartbeatMillis, long deadAfterMillis) {
    this(maxParticipantsPerSession, heartbeatMillis, deadAfterMillis, HELLO_MILLIS, UNGREETED_PER_ADDRESS,
        SESSION_IDLE, VOTE_CHANGES);
  }

  public static LiveLimits defaults() {
    return new LiveLimits(20_000, 10_000, 30_000);
  }
}
