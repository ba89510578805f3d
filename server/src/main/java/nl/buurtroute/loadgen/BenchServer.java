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
import java.nio.file.StandardCopyOption;
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
  /** The server's collector settings in the benchmark (and in the README's run command), and why. */
  static final List<String> GC_OPTIONS = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50");
  static final String GC_REASON = "G1 with a 50 ms pause goal instead of its default 200 ms: G1 sizes its young "
      + "generation to meet the goal, and with 200 ms a 2 GiB heap may pause every event loop for longer than the "
      + "100 ms event-loop delay target; ZGC would pause less but on Java 17 has no compressed pointers, which "
      + "costs heap per connection";
  private final Process process;
  private final Path data;
  final int port;
  /**
   * Where {@code bench --logs DIR} keeps every server's log, written at INFO (WARNING without it, so that a
   * thousand sessions moving do not write into the figures); null: logs go with the servers' data.
   */
  static volatile Path keptLogs;
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
    return start(mainClass, heap, GC_OPTIONS, dbUrl, jfrFile);
  }

  /** A server with these collector options instead of {@link #GC_OPTIONS} ({@code bench --server-gc}). */
  static BenchServer start(String mainClass, String heap, List<String> gcOptions, String dbUrl, Path jfrFile) {
    Path data;
    try {
      data = Files.createTempDirectory("buurtroute-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return start(mainClass, heap, gcOptions, dbUrl, jfrFile, data);
  }

  /** A server on a data directory that already holds sessions (the restart run); removed on close. */
  static BenchServer start(String mainClass, String heap, String dbUrl, Path jfrFile, Path data) {
    return start(mainClass, heap, GC_OPTIONS, dbUrl, jfrFile, data);
  }

  private static BenchServer start(String mainClass, String heap, List<String> gcOptions, String dbUrl, Path jfrFile,
                                   Path data) {
    return start(mainClass, heap, gcOptions, dbUrl, jfrFile, data, freePort(), Map.of(), newAdminToken());
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
    return start(mainClass, heap, GC_OPTIONS, dbUrl, null, data, port, clusterEnv, adminToken);
  }

  static String newAdminToken() {
    return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  }

  private static BenchServer start(String mainClass, String heap, List<String> gcOptions, String dbUrl, Path jfrFile,
                                   Path data, int port, Map<String, String> extraEnv, String adminToken) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap,
        // Accounts the process's memory by category (heap, threads, GC, direct buffers...) for the report's
        // resident-memory rows; summary level costs a few percent of malloc speed, not of the figures.
        "-XX:NativeMemoryTracking=summary"));
    command.addAll(gcOptions);
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
    env.put("BUURTROUTE_LOG_LEVEL", keptLogs == null ? "WARNING" : "INFO");
    env.put("BUURTROUTE_CREATE_BURST", "100000");
    env.put("BUURTROUTE_CREATES_PER_HOUR", "1000000");
    env.put("BUURTROUTE_MAX_SESSIONS", "100000");
    env.put("BUURTROUTE_MAX_CONNECTIONS", "100000");
    // Every phone of the benchmark comes from 127.0.0.1; the guard against one address holding many sockets
    // that never say who they are is not what the benchmark measures (a starved generator greets late).
    env.put("BUURTROUTE_UNGREETED_PER_ADDRESS", "100000");
    // Every check of a typed code holds one unit of the address's wrong-code budget until it is answered (the
    // guard against guessing), so one address can have only that many joins in flight: 20 by default, which a
    // hall of phones that all come from 127.0.0.1 outruns, most of all when the check crosses to another member.
    env.put("BUURTROUTE_WRONG_CODES_PER_MINUTE", "1000000");
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

  /**
   * The server process's resident set and its native memory summary, read now (call it right after a stats
   * request with GC, so both describe the collected heap).
   */
  ResidentMemory memory() {
    long pid = process.pid();
    Path statusFile = Path.of("/proc", Long.toString(pid), "status");
    // G1 gives the heap a full GC shrank back on its own thread just after the GC: the resident set settles
    // within a few hundred ms. Read it until it stops falling (at most 3 s), so it shows the collected heap.
    ResidentMemory settled = ResidentMemory.parse(readStatus(statusFile), null);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < until && process.isAlive()) {
      try {
        process.waitFor(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      ResidentMemory now = ResidentMemory.parse(readStatus(statusFile), null);
      boolean falling = now.residentBytes() < settled.residentBytes() - 256 * 1024;
      settled = now;
      if (!falling) {
        break;
      }
    }
    return ResidentMemory.parse(readStatus(statusFile), nativeMemorySummary(pid));
  }

  private static String readStatus(Path statusFile) {
    try {
      return Files.readString(statusFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code jcmd PID VM.native_memory summary}, or null when jcmd does not answer (a JRE without it). */
  private static String nativeMemorySummary(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
          .redirectErrorStream(true).start();
      String out = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return run.waitFor(60, TimeUnit.SECONDS) && run.exitValue() == 0 && out.contains("Total:") ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
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
    keepLog();
    deleteTree(data);
  }

  /** With {@code --logs DIR}: this server's whole log, kept as {@code DIR/<pid>-<port>.log} before its data goes. */
  private void keepLog() {
    if (keptLogs == null) {
      return;
    }
    try {
      Files.createDirectories(keptLogs);
      Files.copy(data.resolve("server.log"), keptLogs.resolve(process.pid() + "-" + port + ".log"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("log van de server op poort " + port + " niet bewaard: " + e);
    }
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
