package nl.buurtroute.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.content.ContentLoader;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Stores;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The restart run of issue 13: a store with 1,000 running sessions of 20 and one hall of 10,000 with 150,000
 * events, written straight through the {@link Store} as a server would have written them; then a server child
 * process with {@code -Xmx1g} starts on it. Time-to-serve runs from starting the process until the hall's
 * facilitator and a phone of the last small room are welcomed again; heap is the server's own figure (its
 * peak since start, and what stays after a full GC). Target: within 30 s, under 1 GiB.
 */
final class RestartBench {
  static final int ROOMS = 1_000;
  static final int ROOM_SIZE = 20;
  static final long ROOM_EVENTS = 150;
  static final int HALL_SIZE = 10_000;
  static final long HALL_EVENTS = 150_000;
  static final String HEAP = "1g";

  /** What the run measured. */
  record Figures(int sessions, long events, double writeSeconds, double timeToServeSeconds, double heapPeakMiB,
                 double heapAfterGcMiB, String heapMax) {
    boolean met() {
      return timeToServeSeconds <= 30 && heapPeakMiB < 1024;
    }

    String markdown() {
      return "| sessions in the store | " + sessions + " (1,000 x 20 and 1 x 10,000) |\n"
          + "| events in the store | " + events + " |\n"
          + "| server heap (-Xmx) | " + heapMax + " |\n"
          + "| time to serve after the restart | " + String.format("%.1f s", timeToServeSeconds) + " (target 30 s) |\n"
          + "| heap peak since start | " + String.format("%.0f MiB", heapPeakMiB) + " (target < 1024 MiB) |\n"
          + "| heap after full GC, serving | " + String.format("%.0f MiB", heapAfterGcMiB) + " |\n"
          + "| verdict | " + (met() ? "met" : "NOT met") + " |\n";
    }
  }

  private RestartBench() {
  }

  static Figures run(String serverMainClass, String dbUrl, PrintStream out) {
    Path data;
    try {
      data = Files.createTempDirectory("buurtroute-restart");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println("== restart: writing " + ROOMS + " sessions of " + ROOM_SIZE + " and one of " + HALL_SIZE + " ("
        + HALL_EVENTS + " events) into the store");
    long writeStart = System.nanoTime();
    Written written = write(data, dbUrl);
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    out.printf("   written in %.1f s (%d events); starting the server with -Xmx%s%n", writeSeconds, written.events,
        HEAP);

    long start = System.nanoTime();
    try (BenchServer server = BenchServer.start(serverMainClass, HEAP, dbUrl, null, data)) {
      welcomed(server, facilitate(written.hall));
      welcomed(server, resume(written.lastRoom));
      double timeToServe = (System.nanoTime() - start) / 1e9;
      JsonObject stats = stats(server);
      Figures figures = new Figures(ROOMS + 1, written.events, writeSeconds, timeToServe,
          stats.getLong("heapPeakBytes") / 1048576.0, stats.getLong("heapUsedBytes") / 1048576.0, HEAP);
      out.print(figures.markdown());
      return figures;
    }
  }

  private record Written(StoredSessions.Written hall, StoredSessions.Written lastRoom, long events) {
  }

  private static Written write(Path data, String dbUrl) {
    Vertx vertx = Vertx.vertx();
    try {
      Store store = Stores.open(vertx, dbUrl, data);
      ContentVersions versions = new ContentVersions(store, ContentLoader.builtIn());
      await(store.migrate().compose(v -> versions.register()));
      StoredSessions writer = new StoredSessions(store, versions.current(), versions.currentVersion());
      Instant now = Instant.now();
      StoredSessions.Written hall = await(writer.write("Zaal", HALL_SIZE, HALL_EVENTS, now));
      long events = hall.events();
      StoredSessions.Written last = null;
      // Eight rooms at a time keep the store's group commit busy without holding many histories at once.
      for (int i = 0; i < ROOMS; i += 8) {
        List<Future<StoredSessions.Written>> batch = new ArrayList<>();
        for (int j = i; j < Math.min(ROOMS, i + 8); j++) {
          batch.add(writer.write("Kamer " + (j + 1), ROOM_SIZE, ROOM_EVENTS, now));
        }
        for (Future<StoredSessions.Written> room : batch) {
          last = await(room);
          events += last.events();
        }
      }
      await(store.close());
      return new Written(hall, last, events);
    } finally {
      await(vertx.close());
    }
  }

  private static String facilitate(StoredSessions.Written session) {
    return new JsonObject().put("type", "facilitate").put("sessionId", session.sessionId())
        .put("facilitatorToken", session.facilitatorToken()).encode();
  }

  private static String resume(StoredSessions.Written session) {
    return new JsonObject().put("type", "resume").put("resumeToken", session.resumeToken()).encode();
  }

  /** Sends the hello on a fresh WebSocket and waits (up to 60 s) for the welcome. */
  private static void welcomed(BenchServer server, String hello) {
    CompletableFuture<String> first = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/ws"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              first.complete(text.toString());
            }
            webSocket.request(1);
            return null;
          }
        }).join();
    socket.sendText(hello, true).join();
    String answer = first.orTimeout(60, TimeUnit.SECONDS).join();
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    if (!"welcome".equals(new JsonObject(answer).getString("type"))) {
      throw new IllegalStateException("no welcome after the restart: " + answer);
    }
  }

  private static JsonObject stats(BenchServer server) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url() + "/api/stats?gc=true"))
              .header("Authorization", "Bearer " + server.adminToken).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("restart run: writing the store failed", e);
    }
  }
}
