package nl.buurtroute;

import nl.buurtroute.live.LiveLimits;

import java.nio.file.Path;
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
                       LiveLimits limits) {

  public static Settings fromEnv(Map<String, String> env) {
    LiveLimits defaults = LiveLimits.defaults();
    return new Settings(
        intOf(env, "BUURTROUTE_PORT", 8080),
        env.getOrDefault("BUURTROUTE_HOST", "0.0.0.0"),
        Path.of(env.getOrDefault("BUURTROUTE_DATA", "./data")),
        blankToNull(env.get("BUURTROUTE_DB_URL")),
        blankToNull(env.get("BUURTROUTE_CONTENT")) == null ? null : Path.of(env.get("BUURTROUTE_CONTENT")),
        stripSlash(blankToNull(env.get("BUURTROUTE_PUBLIC_URL"))),
        blankToNull(env.get("BUURTROUTE_ADMIN_TOKEN")),
        blankToNull(env.get("BUURTROUTE_CREATE_CODE")),
        intOf(env, "BUURTROUTE_HTTP_INSTANCES", Math.max(1, Runtime.getRuntime().availableProcessors())),
        new LiveLimits(
            intOf(env, "BUURTROUTE_MAX_PARTICIPANTS", defaults.maxParticipantsPerSession()),
            intOf(env, "BUURTROUTE_HEARTBEAT_MS", (int) defaults.heartbeatMillis()),
            intOf(env, "BUURTROUTE_DEAD_AFTER_MS", (int) defaults.deadAfterMillis())));
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
