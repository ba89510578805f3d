package nl.buurtroute.config;

import nl.buurtroute.cluster.ClusterSettings;
import nl.buurtroute.guard.GuardSettings;
import nl.buurtroute.live.LiveLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Every setting of the server, read from the environment once at start (the README has the table). */
public record Settings(int port,
                       String host,
                       Path dataDir,
                       String dbUrl,
                       Path contentDir,
                       String publicUrl,
                       String adminToken,
                       String createCode,
                       int httpInstances,
                       LiveLimits limits,
                       GuardSettings guard,
                       EdgeSettings edge,
                       ClusterSettings cluster) {

  public static Settings fromEnv(Map<String, String> env) {
    LiveLimits live = LiveLimits.defaults();
    GuardSettings guard = GuardSettings.defaults();
    EdgeSettings edge = EdgeSettings.defaults();
    boolean trustProxy = "true".equalsIgnoreCase(text(env, "BUURTROUTE_TRUST_PROXY"));
    List<String> trustedProxies = listOf(env, "BUURTROUTE_TRUSTED_PROXIES");
    return new Settings(
        intOf(env, "BUURTROUTE_PORT", 8080),
        env.getOrDefault("BUURTROUTE_HOST", "0.0.0.0"),
        Path.of(env.getOrDefault("BUURTROUTE_DATA", "./data")),
        text(env, "BUURTROUTE_DB_URL"),
        text(env, "BUURTROUTE_CONTENT") == null ? null : Path.of(text(env, "BUURTROUTE_CONTENT")),
        stripSlash(text(env, "BUURTROUTE_PUBLIC_URL")),
        text(env, "BUURTROUTE_ADMIN_TOKEN"),
        text(env, "BUURTROUTE_CREATE_CODE"),
        intOf(env, "BUURTROUTE_HTTP_INSTANCES", Math.max(1, Runtime.getRuntime().availableProcessors())),
        new LiveLimits(
            intOf(env, "BUURTROUTE_MAX_PARTICIPANTS", live.maxParticipantsPerSession()),
            intOf(env, "BUURTROUTE_HEARTBEAT_MS", (int) live.heartbeatMillis()),
            intOf(env, "BUURTROUTE_DEAD_AFTER_MS", (int) live.deadAfterMillis()),
            intOf(env, "BUURTROUTE_HELLO_MS", (int) live.helloMillis()),
            intOf(env, "BUURTROUTE_UNGREETED_PER_ADDRESS", live.ungreetedPerAddress()),
            hoursOf(env, "BUURTROUTE_SESSION_IDLE_HOURS", live.sessionIdle()),
            intOf(env, "BUURTROUTE_VOTE_CHANGES", live.voteChanges()),
            Math.max(1, intOf(env, "BUURTROUTE_SETTLING_PER_LOOP", live.settlingPerLoop())),
            intOf(env, "BUURTROUTE_UPGRADE_WAIT_MS", (int) live.upgradeWaitMillis())),
        new GuardSettings(
            intOf(env, "BUURTROUTE_MSG_BURST", guard.messageBurst()),
            intOf(env, "BUURTROUTE_MSG_PER_SECOND", guard.messagesPerSecond()),
            intOf(env, "BUURTROUTE_WRONG_CODES_PER_MINUTE", guard.wrongCodesPerMinute()),
            intOf(env, "BUURTROUTE_WRONG_CODE_BLOCK_SECONDS", guard.wrongCodeBlockSeconds()),
            intOf(env, "BUURTROUTE_CREATE_BURST", guard.createBurst()),
            intOf(env, "BUURTROUTE_CREATES_PER_HOUR", guard.createsPerHour()),
            intOf(env, "BUURTROUTE_MAX_CONNECTIONS", guard.maxConnections()),
            intOf(env, "BUURTROUTE_MAX_SESSIONS", guard.maxOpenSessions()),
            intOf(env, "BUURTROUTE_WRITE_QUEUE_BYTES", guard.writeQueueBytes()),
            trustProxy || !trustedProxies.isEmpty(),
            listOf(env, "BUURTROUTE_ALLOWED_ORIGINS")),
        new EdgeSettings(
            EdgeSettings.proxies(trustProxy, trustedProxies),
            listOf(env, "BUURTROUTE_ALLOWED_HOSTS"),
            intOf(env, "BUURTROUTE_HTTP_IDLE_SECONDS", edge.idleSeconds()),
            intOf(env, "BUURTROUTE_HTTP_REQUEST_SECONDS", edge.requestSeconds())),
        ClusterSettings.fromEnv(env, text(env, "BUURTROUTE_DB_URL")));
  }

  public Settings withPort(int newPort) {
    return new Settings(newPort, host, dataDir, dbUrl, contentDir, publicUrl, adminToken, createCode,
        httpInstances, limits, guard, edge, cluster);
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String value = text(env, name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " moet een heel getal van 0 of meer zijn, niet '" + value + "'");
    }
  }

  /** Hours, also with a fraction ({@code 0.5} is half an hour), so a test can use seconds. */
  private static Duration hoursOf(Map<String, String> env, String name, Duration fallback) {
    String value = text(env, name);
    if (value == null) {
      return fallback;
    }
    try {
      double hours = Double.parseDouble(value);
      if (!(hours > 0) || hours > 100_000) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.max(1, Math.round(hours * 3_600_000)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " moet een aantal uren groter dan 0 zijn, zoals 48 of 0.5, niet '"
          + value + "'");
    }
  }

  private static List<String> listOf(Map<String, String> env, String name) {
    String value = text(env, name);
    return value == null ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Settings::stripSlash).toList();
  }

  private static String text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
