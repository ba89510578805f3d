package nl.buurtroute.loadgen;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The generator's few HTTP calls (content, creating sessions, stats), from its coordinating thread. */
final class Http {
  // HTTP/1.1 as a browser speaks it to a server without TLS: Java's client otherwise offers an h2c upgrade on
  // each new connection, and one run with a recording server got an HTTP/1.1 answer read as HTTP/2 frames.
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final LoadOptions options;

  Http(LoadOptions options) {
    this.options = options;
  }

  JsonObject get(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.url() + path))
        .timeout(Duration.ofSeconds(60)).GET();
    if (options.adminToken() != null) {
      request.header("Authorization", "Bearer " + options.adminToken());
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " gaf " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the generator reads from the server's {@code /api/stats}. */
  record ServerStats(long heapUsedBytes, double processCpuSeconds, double uptimeSeconds, long framesOut,
                     long bytesOut, double eventLoopDelayMaxMillis, StoreFigures store,
                     double loopDelayWindowMaxMillis) {
    static ServerStats from(JsonObject json) {
      JsonObject s = json.getJsonObject("store");
      // A server from before the per-window delay (no "eventLoopDelay") gives NaN: no phase figures.
      JsonObject delay = json.getJsonObject("eventLoopDelay");
      JsonObject window = delay == null ? null : delay.getJsonObject("window");
      return new ServerStats(json.getLong("heapUsedBytes"), json.getDouble("processCpuSeconds"),
          json.getDouble("uptimeSeconds"), json.getLong("framesOut"), json.getLong("bytesOut"),
          json.getDouble("eventLoopDelayMaxMillis"), new StoreFigures(s.getString("kind"), s.getLong("commits"),
          s.getLong("events"), s.getLong("maxBatch"), s.getDouble("meanWriteMillis"), s.getDouble("maxWriteMillis")),
          window == null ? Double.NaN : window.getDouble("maxMillis"));
    }
  }

  record StoreFigures(String kind, long commits, long events, long maxBatch, double meanWriteMillis,
                      double maxWriteMillis) {
  }

  /** The 201 answer of {@code POST /api/sessions}, as far as the generator needs it. */
  record CreatedSession(String sessionId, String joinCode, String facilitatorToken) {
  }

  ServerStats stats(boolean gc) {
    return ServerStats.from(get("/api/stats" + (gc ? "?gc=true" : "")));
  }

  /**
   * The stats, closing the server's event-loop delay window: {@link ServerStats#loopDelayWindowMaxMillis()} is
   * the worst delay since the previous close (a forced GC of {@code gc} falls in the next window and is left out).
   */
  ServerStats statsClosingWindow(boolean gc) {
    return ServerStats.from(get("/api/stats?newWindow=true" + (gc ? "&gc=true" : "")));
  }

  /**
   * Creates this many sessions, a few requests at a time; returns the 201 bodies in order. On a cluster they are
   * created through each member in turn, as a proxy in front would spread them, so each member owns its share
   * (all created through one member made it write every join of every room).
   */
  List<CreatedSession> createSessions(int count, String prefix) {
    List<String> members = options.memberUrls();
    List<CreatedSession> created = new ArrayList<>();
    int batch = 16;
    for (int from = 0; from < count; from += batch) {
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + batch); i++) {
        JsonObject title = new JsonObject().put("title", prefix + " " + (i + 1));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(members.get(i % members.size())
                + "/api/sessions"))
            .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(title.encode()));
        if (options.createCode() != null) {
          request.header("X-Create-Code", options.createCode());
        }
        inFlight.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> f : inFlight) {
        HttpResponse<String> response = f.join();
        if (response.statusCode() != 201) {
          throw new IllegalStateException("sessie maken gaf " + response.statusCode() + ": " + response.body()
              + " (te veel sessies vanaf dit adres? zet BUURTROUTE_CREATE_BURST hoger op de server)");
        }
        JsonObject body = new JsonObject(response.body());
        created.add(new CreatedSession(body.getString("sessionId"), body.getString("joinCode"),
            body.getString("facilitatorToken")));
      }
    }
    return created;
  }
}
