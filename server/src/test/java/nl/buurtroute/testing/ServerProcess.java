package nl.buurtroute.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real server in a child JVM, so a test can kill it the hard way (SIGKILL) and start another on the
 * same store. Readiness is the server's own "draait op" log line, not a guess.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final List<String> log = new ArrayList<>();
  /** Waiters for a log line: each completes with the first line (past or future) that matches. */
  private final List<Map.Entry<Predicate<String>, CompletableFuture<String>>> waiters = new ArrayList<>();
  private boolean paused;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static ServerProcess start(int port, Map<String, String> env) {
    return start(port, env, 60);
  }

  /** {@code readySeconds}: how long it may take to serve (cluster members start Hazelcast first). */
  public static ServerProcess start(int port, Map<String, String> env, int readySeconds, String... jvmOptions) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "nl.buurtroute.Main"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("BUURTROUTE_PORT", Integer.toString(port));
    builder.environment().put("BUURTROUTE_HOST", "127.0.0.1");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    try {
      ServerProcess server = new ServerProcess(builder.start(), port);
      server.awaitReady(readySeconds);
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start server process", e);
    }
  }

  private void awaitReady(int readySeconds) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (log) {
            log.add(line);
            for (Map.Entry<Predicate<String>, CompletableFuture<String>> waiter : waiters) {
              if (waiter.getKey().test(line)) {
                waiter.getValue().complete(line);
              }
            }
          }
          if (line.contains("Buurtroute draait op")) {
            ready.complete(null);
          }
        }
        ready.completeExceptionally(new IllegalStateException("server exited: " + log()));
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
    }, "server-log-" + port);
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(readySeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("server process not ready: " + log(), e);
    }
  }

  public int port() {
    return port;
  }

  /** Completes with the first log line, already written or still to come, that matches. */
  public CompletableFuture<String> line(Predicate<String> match) {
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (log) {
      log.stream().filter(match).findFirst().ifPresentOrElse(found::complete,
          () -> waiters.add(Map.entry(match, found)));
    }
    return found;
  }

  public String log() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }

  /** SIGSTOP: the process freezes as in a long GC pause or a frozen VM; its sockets stay open. */
  public void pause() {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT after {@link #pause()}: it wakes up believing nothing happened. */
  public void unpause() {
    if (paused) {
      paused = false;
      signal("CONT");
    }
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot send SIG" + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush; only what the store committed survives. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM: the server's graceful shutdown. Returns the exit code, or -1 if it did not exit in time. */
  public int terminate(long timeoutSeconds) {
    process.destroy();
    try {
      return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      unpause();
      kill();
    }
  }
}
