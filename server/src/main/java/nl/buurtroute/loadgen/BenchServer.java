package nl.buurtroute.loadgen;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh server for one benchmark run: a child JVM with its own heap and temporary data directory, limits
 * opened wide, an admin token for {@code /api/stats}; started until {@code /health} says 200, and on close
 * stopped and its directory removed.
 */
final class BenchServer implements AutoCloseable {
  private final Process process;
  private final Path data;
  final int port;
  final String adminToken;

  private BenchServer(Process process, Path data, int port, String adminToken) {
    this.process = process;
    this.data = data;
    this.port = port;
    this.adminToken = adminToken;
  }

  /**
   * @param mainClass the server's main class, run from this JVM's class path
   * @param jfrFile   a flight recording of the server to write, or null
   */
  static BenchServer start(String mainClass, String heap, String dbUrl, Path jfrFile) {
    Path data;
    try {
      data = Files.createTempDirectory("buurtroute-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return start(mainClass, heap, dbUrl, jfrFile, data);
  }

  /** A server on a data directory that already holds sessions (the restart run); removed on close. */
  static BenchServer start(String mainClass, String heap, String dbUrl, Path jfrFile, Path data) {
    return start(mainClass, heap, dbUrl, jfrFile, data, freePort(), Map.of(), newAdminToken());
  }

  /**
   * A member of a cluster: its own temporary directory (logs, nothing else: the store is {@code dbUrl}), the
   * HTTP port given (chosen below the ephemeral range by the caller, like the cluster ports in
   * {@code clusterEnv}: BUURTROUTE_CLUSTER_MEMBERS, _PORT, _HOST), and the admin token all members share.
   */
  static BenchServer startMember(String mainClass, String heap, String dbUrl, int port, Map<String, String> clusterEnv,
                                 String adminToken) {
    Path data;
    try {
      data = Files.createTempDirectory("buurtroute-bench-member");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return start(mainClass, heap, dbUrl, null, data, port, clusterEnv, adminToken);
  }

  static String newAdminToken() {
    return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  }

  private static BenchServer start(String mainClass, String heap, String dbUrl, Path jfrFile, Path data, int port,
                                   Map<String, String> extraEnv, String adminToken) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+UseG1GC"));
    if (jfrFile != null) {
      command.add("-XX:StartFlightRecording=filename=" + jfrFile.toAbsolutePath() + ",settings=profile");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(data.resolve("server.log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("BUURTROUTE_"));
    env.put("BUURTROUTE_PORT", Integer.toString(port));
    env.put("BUURTROUTE_HOST", "127.0.0.1");
    env.put("BUURTROUTE_DATA", data.toString());
    env.put("BUURTROUTE_ADMIN_TOKEN", adminToken);
    env.put("BUURTROUTE_LOG_LEVEL", "WARNING");
    env.put("BUURTROUTE_CREATE_BURST", "100000");
    env.put("BUURTROUTE_CREATES_PER_HOUR", "1000000");
    env.put("BUURTROUTE_MAX_SESSIONS", "100000");
    env.put("BUURTROUTE_MAX_CONNECTIONS", "100000");
    if (dbUrl != null) {
      env.put("BUURTROUTE_DB_URL", dbUrl);
    }
    env.putAll(extraEnv);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BenchServer server = new BenchServer(process, data, port, adminToken);
    try {
      server.waitForHealth();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  private void waitForHealth() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // Three members that start Hazelcast at once on a busy 2-core machine take their time.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server stopte: " + tail(data.resolve("server.log")));
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        process.waitFor(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("server werd niet gezond: " + tail(data.resolve("server.log")));
  }

  /** SIGKILL, as when the machine dies: no hand-over, no goodbye (the directory stays until {@link #close()}). */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the server's log, for a failure message. */
  String logTail() {
    return tail(data.resolve("server.log"));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteTree(data);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(geen log)";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
