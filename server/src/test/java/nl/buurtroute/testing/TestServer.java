package nl.buurtroute.testing;

import io.vertx.core.Vertx;
import nl.buurtroute.BuurtrouteServer;
import nl.buurtroute.config.Settings;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentLoader;
import nl.buurtroute.ops.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real server in this JVM on a free port, with its own store; for tests that speak HTTP and WebSocket to it. */
public final class TestServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      // The server speaks HTTP/1.1 on plain TCP; the default (HTTP/2 by h2c upgrade) broke a read once under load.
      .version(HttpClient.Version.HTTP_1_1).build();

  private final BuurtrouteServer server;
  private final Vertx vertx;
  private final Path dataDir;

  private TestServer(Vertx vertx, BuurtrouteServer server, Path dataDir) {
    this.vertx = vertx;
    this.server = server;
    this.dataDir = dataDir;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  /** Starts with these environment settings on top of the defaults (a temp data dir, a free port). */
  public static TestServer start(Map<String, String> env) {
    try {
      Path dataDir = env.containsKey("BUURTROUTE_DATA") ? Path.of(env.get("BUURTROUTE_DATA"))
          : Files.createTempDirectory("buurtroute-test");
      Map<String, String> all = new HashMap<>();
      all.put("BUURTROUTE_PORT", "0");
      all.put("BUURTROUTE_HOST", "127.0.0.1");
      all.put("BUURTROUTE_DATA", dataDir.toString());
      all.put("BUURTROUTE_HTTP_INSTANCES", "2");
      all.putAll(env);
      Settings settings = Settings.fromEnv(all);
      Content content = settings.contentDir() == null ? ContentLoader.builtIn()
          : ContentLoader.fromDirectory(settings.contentDir());
      Vertx vertx = Metrics.newVertx();
      BuurtrouteServer server = new BuurtrouteServer(vertx, settings, content);
      server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new TestServer(vertx, server, dataDir);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start", e);
    }
  }

  public int port() {
    return server.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  public BuurtrouteServer server() {
    return server;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public LiveClient connect() {
    return LiveClient.connect(port());
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.build());
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.build());
  }

  /** Creates a session over HTTP and returns the 201 body. */
  public CreatedSession createSession(String title) {
    HttpResponse<String> response = post("/api/sessions", "{\"title\":" + io.vertx.core.json.Json.encode(title) + "}");
    if (response.statusCode() != 201) {
      throw new IllegalStateException("create failed: " + response.statusCode() + " " + response.body());
    }
    io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(response.body());
    return new CreatedSession(body.getString("sessionId"), body.getString("joinCode"),
        body.getString("facilitatorToken"), body.getString("reviewToken"), body.getString("joinUrl"),
        body.getString("viewerToken"), body.getString("joinSecret"));
  }

  public record CreatedSession(String sessionId, String joinCode, String facilitatorToken, String reviewToken,
                               String joinUrl, String viewerToken, String joinSecret) {
    public CreatedSession(String sessionId, String joinCode, String facilitatorToken, String reviewToken,
                          String joinUrl) {
      this(sessionId, joinCode, facilitatorToken, reviewToken, joinUrl, null, null);
    }
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop(Duration.ofSeconds(15));
    } catch (Exception e) {
      throw new IllegalStateException("test server did not stop", e);
    }
  }
}
