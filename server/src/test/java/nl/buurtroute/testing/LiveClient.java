package nl.buurtroute.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests: every frame it receives lands in a queue, and the test waits for the
 * frame it expects, with a timeout, instead of sleeping.
 */
public final class LiveClient implements AutoCloseable {
  private static final Vertx VERTX = Vertx.vertx();
  public static final long TIMEOUT_SECONDS = 10;

  /**
   * Held for as long as the socket: Vert.x closes a client (and its WebSockets, with 1000) once the client
   * object becomes unreachable, so a garbage collection mid-test would otherwise cut the connection.
   */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<JsonObject> seen = new ArrayList<>();
  private volatile Short closeCode;

  private LiveClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> {
      closeCode = socket.closeStatusCode();
      closed.countDown();
    });
  }

  public static LiveClient connect(int port) {
    return connect(port, null);
  }

  /** Starts a connect and returns without waiting for the upgrade (which the server may hold back). */
  public static CompletableFuture<LiveClient> connectLater(int port) {
    return connectLater(port, "/ws");
  }

  /** As {@link #connectLater(int)}, to {@code uri} (such as {@code /ws?lead=1}). */
  public static CompletableFuture<LiveClient> connectLater(int port, String uri) {
    WebSocketClient client = VERTX.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    return client.connect(options).map(socket -> new LiveClient(client, socket)).toCompletionStage().toCompletableFuture();
  }

  public static LiveClient connect(int port, String origin) {
    WebSocketClient client = VERTX.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    try {
      // Handlers go on in the connect's own callback, on the event loop: a server that closes at once (a refused
      // socket) must not close it before this client listens.
      return client.connect(options).map(socket -> new LiveClient(client, socket)).toCompletionStage()
          .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot connect", e);
    }
  }

  public LiveClient send(JsonObject message) {
    socket.writeTextMessage(message.encode());
    return this;
  }

  public LiveClient sendRaw(String text) {
    socket.writeTextMessage(text);
    return this;
  }

  /** Waits for the next frame of this type, skipping others (they stay in {@link #seen()}). */
  public JsonObject await(String type) {
    return await(f -> type.equals(f.getString("type")), "a '" + type + "' frame");
  }

  public JsonObject await(Predicate<JsonObject> match, String what) {
    return await(match, what, TIMEOUT_SECONDS);
  }

  /** As {@link #await(Predicate, String)}, for an event that is due later than the usual timeout (a timed vote). */
  public JsonObject await(Predicate<JsonObject> match, String what, long timeoutSeconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
        if (frame == null) {
          throw new AssertionError("timed out waiting for " + what + "; seen: " + seen);
        }
        seen.add(frame);
        if (match.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for a state frame whose state matches. */
  public JsonObject awaitState(Predicate<JsonObject> match) {
    return await(f -> "state".equals(f.getString("type")) && match.test(f.getJsonObject("state")), "a matching state")
        .getJsonObject("state");
  }

  public JsonObject awaitError(String code) {
    JsonObject error = await("error");
    if (!code.equals(error.getString("code"))) {
      throw new AssertionError("expected error " + code + " but got " + error);
    }
    return error;
  }

  /** Sends a ping and waits for its pong: everything the server sent before is then in the queue. */
  public LiveClient sync() {
    send(new JsonObject().put("type", "ping"));
    await("pong");
    return this;
  }

  public List<JsonObject> seen() {
    return seen;
  }

  public boolean awaitClosed() {
    try {
      return closed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Short closeCode() {
    return closeCode;
  }

  // ---- protocol helpers ----

  public JsonObject join(String joinCode, String name, String rol) {
    send(new JsonObject().put("type", "join").put("joinCode", joinCode).put("name", name).put("rol", rol));
    return await(f -> "welcome".equals(f.getString("type")) || "error".equals(f.getString("type")), "welcome or error");
  }

  /** A join by link: the code and the secret from the link's fragment. */
  public JsonObject joinByLink(String joinCode, String joinSecret, String name, String rol) {
    send(new JsonObject().put("type", "join").put("joinCode", joinCode).put("joinSecret", joinSecret)
        .put("name", name).put("rol", rol));
    return await(f -> "welcome".equals(f.getString("type")) || "error".equals(f.getString("type")), "welcome or error");
  }

  public JsonObject view(String sessionId, String viewerToken) {
    send(new JsonObject().put("type", "view").put("sessionId", sessionId).put("viewerToken", viewerToken));
    return await(f -> "welcome".equals(f.getString("type")) || "error".equals(f.getString("type")), "welcome or error");
  }

  public JsonObject resume(String resumeToken) {
    send(new JsonObject().put("type", "resume").put("resumeToken", resumeToken));
    return await(f -> "welcome".equals(f.getString("type")) || "error".equals(f.getString("type")), "welcome or error");
  }

  public JsonObject facilitate(String sessionId, String token) {
    send(new JsonObject().put("type", "facilitate").put("sessionId", sessionId).put("facilitatorToken", token));
    return await(f -> "welcome".equals(f.getString("type")) || "error".equals(f.getString("type")), "welcome or error");
  }

  public JsonObject vote(String vraagId, String antwoordId) {
    send(new JsonObject().put("type", "vote").put("vraagId", vraagId).put("antwoordId", antwoordId));
    return await(f -> "voted".equals(f.getString("type")) || "error".equals(f.getString("type")), "voted or error");
  }

  /** Sends a facilitator command and returns the next state or error it causes. */
  public JsonObject command(String type) {
    return command(new JsonObject().put("type", type));
  }

  public JsonObject command(JsonObject message) {
    send(message);
    return await(f -> "state".equals(f.getString("type")) || "error".equals(f.getString("type")), "state or error");
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close();
    }
    client.close();
  }
}
