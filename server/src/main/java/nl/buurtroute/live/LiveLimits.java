package nl.buurtroute.live;

/** Limits of the live layer, from the environment (see README). */
public record LiveLimits(int maxParticipantsPerSession, long heartbeatMillis, long deadAfterMillis) {
  public static LiveLimits defaults() {
    return new LiveLimits(20_000, 10_000, 30_000);
  }
}
