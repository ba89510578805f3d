package nl.buurtroute.guard;

import java.util.List;

/**
 * The limits that keep one abusive client from hurting a session or the server. Defaults leave a real room
 * (5,000 phones voting within ten seconds, all behind one community-centre address) far below every limit:
 * only wrong join codes and session creations count per address, never joins, resumes or votes.
 */
public record GuardSettings(int messageBurst,
                            int messagesPerSecond,
                            int wrongCodesPerMinute,
                            int wrongCodeBlockSeconds,
                            int createBurst,
                            int createsPerHour,
                            int maxConnections,
                            int maxOpenSessions,
                            int writeQueueBytes,
                            boolean trustProxy,
                            List<String> allowedOrigins) {

  public GuardSettings {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  public static GuardSettings defaults() {
    return new GuardSettings(60, 20, 20, 300, 20, 120, 50_000, 5_000, 512 * 1024, false, List.of());
  }
}
