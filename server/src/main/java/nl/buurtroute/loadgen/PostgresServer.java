package nl.buurtroute.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests and the benchmark's PostgreSQL runs, started from Debian's
 * {@code postgresql} package: no Docker, no mocks. It lives beside the benchmark because the benchmark ships in
 * the jar and starts its own database, as the tests do. One server per JVM, started on first use and stopped by a shutdown hook; each test takes a database of
 * its own with {@link #newDatabase()}.
 *
 * <pre>{@code
 * String url = PostgresServer.get().newDatabase();   // postgresql://postgres:pw@127.0.0.1:PORT/t123_1
 * Store store = Stores.open(vertx, url, null);
 * }</pre>
 *
 * <p>The server uses the highest version under {@code /usr/lib/postgresql/<version>/bin} (or the folder in the
 * system property {@code buurtroute.pg.bin}), a fresh cluster in a temporary folder, a free port on
 * 127.0.0.1 with scram-sha-256 password authentication, its unix socket inside the temporary folder, and
 * {@code fsync=on} like production. PostgreSQL refuses to run as root, so under root (as in CI) the cluster
 * belongs to the {@code postgres} OS user and the server runs as that user. Missing binaries fail the test with
 * a message saying what to install; nothing is skipped. Clusters left behind by a JVM that was killed are
 * stopped and removed at the next start.
 */
public final class PostgresServer {

  public static final String USER = "postgres";
  public static final String PASSWORD = "pw";

  private static final System.Logger LOG = System.getLogger(PostgresServer.class.getName());
  private static final Path PACKAGE_ROOT = Path.of("/usr/lib/postgresql");
  private static final String DIR_PREFIX = "buurtroute-pg-";
  private static final String OWNER_FILE = "owner.pid";
  private static final long TIMEOUT_SECONDS = 120;

  private static PostgresServer instance;

  private final Path bin;
  private final Path root;
  private final Path dataDir;
  private final Path socketDir;
  private final Path logFile;
  private final boolean runAsPostgres;
  private final String version;
  private final AtomicInteger databases = new AtomicInteger();
  private int port;

  /** The server of this JVM, started on the first call. */
  public static synchronized PostgresServer get() {
    if (instance == null) {
      PostgresServer server = new PostgresServer();
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-test-server-stop"));
      instance = server;
    }
    return instance;
  }

  private PostgresServer() {
    this.bin = findBinaries();
    this.runAsPostgres = isRoot();
    try {
      this.root = Files.createTempDirectory(DIR_PREFIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.dataDir = root.resolve("data");
    this.socketDir = root.resolve("sock");
    this.logFile = root.resolve("postgres.log");
    this.version = run(List.of(bin.resolve("postgres").toString(), "--version"), false).strip();
  }

  /** A new, empty database; its URL works with {@code PgConnectOptions.fromUri}. */
  public String newDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    psql("postgres", "CREATE DATABASE " + name);
    return url(name);
  }

  /** The URL of a database on this server, {@code postgresql://postgres:pw@127.0.0.1:PORT/database}. */
  public String url(String database) {
    return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  /** For example "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
  public String version() {
    return version;
  }

  /** The server's log, for a failing test's message. */
  public Path logFile() {
    return logFile;
  }

  /** Runs SQL as the superuser through {@code psql}, stopping at the first error; returns psql's output. */
  public String psql(String database, String sql) {
    return run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
        "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", sql), false);
  }

  private void start() {
    long begin = System.nanoTime();
    removeLeftovers();
    try {
      Files.writeString(root.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      Files.createDirectories(socketDir);
      Path passwordFile = root.resolve("pwfile");
      Files.writeString(passwordFile, PASSWORD + "\n");
      if (runAsPostgres) {
        UserPrincipal postgres = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        for (Path p : List.of(root, socketDir, passwordFile)) {
          Files.setOwner(p, postgres);
        }
      }
      run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER,
          "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
          "--locale=C", "--no-sync"), runAsPostgres);
      Files.delete(passwordFile);
      // Appended as root keeps the postgres owner of the file.
      Files.writeString(dataDir.resolve("postgresql.conf"), String.join("\n",
          "",
          "# buurtroute test server",
          "listen_addresses = '127.0.0.1'",
          "unix_socket_directories = '" + socketDir + "'",
          "fsync = on",
          "synchronous_commit = on",
          "max_connections = 300",
          "password_encryption = 'scram-sha-256'",
          ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the PostgreSQL test cluster in " + root, e);
    }
    long initMillis = (System.nanoTime() - begin) / 1_000_000;

    // A free port can be taken between probing and binding; try a few.
    RuntimeException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      port = freePort();
      try {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", logFile.toString(),
            "-w", "-t", Long.toString(TIMEOUT_SECONDS), "-o", "-p " + port, "start"), runAsPostgres);
        failure = null;
        break;
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new IllegalStateException("PostgreSQL did not start; its log " + logFile + ":\n" + tail(logFile), failure);
    }
    LOG.log(System.Logger.Level.INFO, "{0} started on 127.0.0.1:{1} in {2} ms (initdb {3} ms), cluster in {4}",
        version, Integer.toString(port), (System.nanoTime() - begin) / 1_000_000, initMillis, root);
  }

  private void stop() {
    try {
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"),
            runAsPostgres);
      }
    } catch (RuntimeException e) {
      System.err.println("could not stop the PostgreSQL test server in " + root + ": " + e.getMessage());
    }
    deleteRecursively(root);
  }

  /** Stops and deletes clusters of test JVMs that died without running their shutdown hook. */
  private void removeLeftovers() {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root.getParent(), DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        if (dir.equals(root)) {
          continue;
        }
        Optional<Long> owner = readPid(dir.resolve(OWNER_FILE));
        if (owner.isEmpty() || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
          try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                runAsPostgres);
          } catch (RuntimeException ignored) {
            // already gone
          }
        }
        deleteRecursively(dir);
        LOG.log(System.Logger.Level.INFO, "removed the PostgreSQL test cluster {0} of dead JVM {1}", dir,
            owner.get().toString());
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not look for old PostgreSQL test clusters: " + e);
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Path findBinaries() {
    String override = System.getProperty("buurtroute.pg.bin");
    if (override != null) {
      Path dir = Path.of(override);
      if (!Files.isExecutable(dir.resolve("initdb"))) {
        throw new IllegalStateException("buurtroute.pg.bin=" + override + " holds no initdb");
      }
      return dir;
    }
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(PACKAGE_ROOT)) {
      try (Stream<Path> versions = Files.list(PACKAGE_ROOT)) {
        versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))
                && Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("psql")))
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return candidates.stream()
        .max(Comparator.comparing((Path b) -> versionNumber(b.getParent().getFileName().toString())))
        .orElseThrow(() -> new IllegalStateException("The store tests need a real PostgreSQL server, but no "
            + "PostgreSQL binaries were found in " + PACKAGE_ROOT + "/<version>/bin. Install Debian's package: "
            + "apt-get install -y postgresql"));
  }

  /** "15" → 15000, "9.6" → 9006: compares major versions old and new. */
  private static Integer versionNumber(String name) {
    String[] parts = name.split("\\.");
    try {
      return Integer.parseInt(parts[0]) * 1000 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command (as the postgres user when asked), returning its output; fails on a non-zero exit. */
  private String run(List<String> command, boolean asPostgres) {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", USER, "--"));
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    // The postgres user may not enter the build's folder; and stray PG* variables must not steer the tools.
    builder.directory(root.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
    builder.environment().put("LC_ALL", "C");
    Path out = null;
    try {
      // Output to a file, not a pipe: a server started in the background must not hold our end open.
      out = Files.createTempFile(root, "command", ".out");
      builder.redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", full));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("exit " + process.exitValue() + " from " + String.join(" ", full) + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // the folder goes at stop
        }
      }
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }
}
