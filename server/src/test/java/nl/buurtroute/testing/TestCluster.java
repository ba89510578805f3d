package nl.buurtroute.testing;

import io.vertx.core.json.JsonObject;

import nl.buurtroute.loadgen.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Cluster members in child JVMs on loopback, sharing one real PostgreSQL database: each member has its own
 * HTTP and Hazelcast port, and every member lists all of them. Hazelcast's heartbeat is short (1 s, a member
 * silent for 3 s is removed) so a frozen member is replaced quickly.
 */
public final class TestCluster implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      // The server speaks HTTP/1.1 on plain TCP; the default (HTTP/2 by h2c upgrade) broke a read once under load.
      .version(HttpClient.Version.HTTP_1_1).build();

  /** Three JVMs starting Hazelcast at once on a busy 2-core machine take their time. */
  private static final int READY_SECONDS = 180;

  /**
   * Members of a test cluster only: the quick compiler alone and one GC thread, so three JVMs that start at once
   * leave the cores to the test. (Production members run with the JVM's defaults.)
   */
  private static final String[] JVM_OPTIONS = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

  private final String dbUrl = PostgresServer.get().newDatabase();
  private final int[] httpPorts;
  private final int[] clusterPorts;
  private final ServerProcess[] members;

  public TestCluster(int size) {
    httpPorts = new int[size];
    clusterPorts = new int[size];
    members = new ServerProcess[size];
    List<ServerSocket> held = new ArrayList<>();
    try {
      // Held open together so no two members get the same port.
      for (int i = 0; i < size; i++) {
        ServerSocket http = portBelowEphemeralRange();
        ServerSocket cluster = portBelowEphemeralRange();
        held.add(http);
        held.add(cluster);
        httpPorts[i] = http.getLocalPort();
        clusterPorts[i] = cluster.getLocalPort();
      }
      for (ServerSocket socket : held) {
        socket.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up). A member that starts late binds its ports long
   * after they were chosen; a port from the ephemeral range may meanwhile serve as the local end of some
   * outgoing connection (Hazelcast's, PostgreSQL's), and the member would fail with "Address already in use".
   */
  private static ServerSocket portBelowEphemeralRange() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try {
        return new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }

  /** Starts these members at once and waits until each serves. */
  public TestCluster start(int... indexes) {
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (int i : indexes) {
      starting.add(CompletableFuture.runAsync(() -> members[i] = ServerProcess.start(httpPorts[i], env(i), READY_SECONDS, JVM_OPTIONS)));
    }
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    return this;
  }

  private Map<String, String> env(int i) {
    Map<String, String> env = new HashMap<>();
    env.put("BUURTROUTE_DB_URL", dbUrl);
    env.put("BUURTROUTE_CLUSTER_MEMBERS", java.util.Arrays.stream(clusterPorts).mapToObj(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(",")));
    env.put("BUURTROUTE_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
    env.put("BUURTROUTE_CLUSTER_HEARTBEAT_SECONDS", "1");
    env.put("BUURTROUTE_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "3");
    env.put("BUURTROUTE_HTTP_INSTANCES", "1");
    return env;
  }

  public ServerProcess member(int i) {
    return members[i];
  }

  public int port(int i) {
    return httpPorts[i];
  }

  public String dbUrl() {
    return dbUrl;
  }

  /** {@code GET /api/stats} of a member (tests run on loopback, so no token is needed). */
  public JsonObject stats(int i) {
    return new JsonObject(get(i, "/api/stats"));
  }

  public JsonObject cluster(int i) {
    return stats(i).getJsonObject("cluster");
  }

  /** The member (of those given) whose stats list the session as owned, or -1. */
  public int ownerOf(String sessionId, int... among) {
    for (int i : among) {
      if (members[i] != null && members[i].isAlive() && cluster(i).getJsonArray("ownedSessionIds").contains(sessionId)) {
        return i;
      }
    }
    return -1;
  }

  public String get(int i, String path) {
    return send(HttpRequest.newBuilder(uri(i, path)).build());
  }

  /** The saved route of a session, read through member i with the review token. */
  public JsonObject route(int i, String sessionId, String reviewToken) {
    return new JsonObject(send(HttpRequest.newBuilder(uri(i, "/api/routes/" + sessionId))
        .header("Authorization", "Bearer " + reviewToken).build()));
  }

  public JsonObject post(int i, String path, JsonObject body) {
    return new JsonObject(send(HttpRequest.newBuilder(uri(i, path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build()));
  }

  private URI uri(int i, String path) {
    return URI.create("http://127.0.0.1:" + httpPorts[i] + path);
  }

  private static String send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until one of the given members logs a matching line; returns that member's index. */
  public int awaitLine(Duration timeout, java.util.function.Predicate<String> match, int... among) {
    List<CompletableFuture<Integer>> lines = new ArrayList<>();
    for (int i : among) {
      lines.add(members[i].line(match).thenApply(line -> i));
    }
    try {
      return (Integer) CompletableFuture.anyOf(lines.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no member logged the expected line within " + timeout, e);
    }
  }

  /** Stops every member; their logs stay in target/cluster-logs for whoever reads a failure. */
  @Override
  public void close() {
    java.nio.file.Path dir = java.nio.file.Path.of("target", "cluster-logs");
    for (int i = 0; i < members.length; i++) {
      if (members[i] != null) {
        members[i].close();
        try {
          java.nio.file.Files.createDirectories(dir);
          java.nio.file.Files.writeString(dir.resolve("member-" + clusterPorts[0] + "-" + i + ".log"), members[i].log());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
