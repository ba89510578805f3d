package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 (memory per phone): an upgraded socket must not hold on to the HTTP connection it came in on.
 * Vert.x 5.0.12 keeps it reachable for as long as the socket is open; {@link HandshakeRelease} lets it go.
 * Real sockets on a bare Vert.x server; reachability is read from a weak reference after collections.
 */
class HandshakeReleaseTest {
  private static final long TIMEOUT_SECONDS = 10;
  private static final String HTTP_CONNECTION = "io.vertx.core.http.impl.Http1xServerConnection";
  private final Vertx vertx = Vertx.vertx();
  private final ReferenceQueue<HttpConnection> collected = new ReferenceQueue<>();
  private volatile WeakReference<HttpConnection> httpConnection;
  private final CompletableFuture<String> echoed = new CompletableFuture<>();
  private final CompletableFuture<Void> serverSawClose = new CompletableFuture<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void a_released_socket_lets_its_http_connection_go_and_works_on() throws Exception {
    WebSocket client = connect(HandshakeRelease::release);

    assertThat(collectedWithin(TIMEOUT_SECONDS)).as("the HTTP connection was collected").isTrue();
    client.writeTextMessage("hallo");
    assertThat(echoed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hallo");
    client.close();
    serverSawClose.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * What the release is for: without it, this Vert.x keeps the HTTP connection while the socket lives. When a
   * Vert.x upgrade makes this fail, the leftover is gone there and {@link HandshakeRelease} can go too.
   */
  @Test
  void without_the_release_the_http_connection_stays_while_the_socket_is_open() throws Exception {
    WebSocket client = connect(http -> { });

    assertThat(collectedWithin(2)).as("the HTTP connection was collected").isFalse();
    client.close();
  }

  /**
   * Through the whole server (Vert.x Web's router wraps the socket it hands us): joined phones leave no HTTP
   * connection behind. Counted in this JVM's live objects, before and after, so other connections do not count.
   */
  @Test
  void phones_joined_to_the_server_hold_no_http_connection() throws Exception {
    int phones = 25;
    try (TestServer server = TestServer.start()) {
      CreatedSession session = server.createSession("Wijkavond");
      long before = liveInstances(HTTP_CONNECTION);
      List<LiveClient> joined = new ArrayList<>();
      try {
        for (int i = 0; i < phones; i++) {
          LiveClient phone = server.connect();
          joined.add(phone);
          assertThat(phone.join(session.joinCode(), "Buur " + i, "inwoner").getString("type")).isEqualTo("welcome");
        }
        assertThat(liveInstances(HTTP_CONNECTION) - before).as("HTTP connections held by %d sockets", phones)
            .isLessThan(5);
      } finally {
        joined.forEach(LiveClient::close);
      }
    }
  }

  /** Objects of {@code className} still reachable in this JVM, from a histogram after a full collection. */
  private static long liveInstances(String className) throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    return histogram.lines().map(String::trim).map(line -> line.split("\\s+"))
        .filter(columns -> columns.length >= 4 && columns[3].equals(className))
        .mapToLong(columns -> Long.parseLong(columns[1])).sum();
  }

  /**
   * A server that echoes text and hands the HTTP connection of each upgraded socket to {@code afterUpgrade};
   * returns the client's socket.
   */
  private WebSocket connect(Consumer<HttpConnection> afterUpgrade) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      HttpConnection http = request.connection();
      httpConnection = new WeakReference<>(http, collected);
      request.toWebSocket().onSuccess(socket -> {
        afterUpgrade.accept(http);
        socket.textMessageHandler(socket::writeTextMessage);
        socket.closeHandler(v -> serverSawClose.complete(null));
      });
    });
    int port = await(server.listen(0)).actualPort();
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = await(client.connect(port, "localhost", "/ws"));
    socket.textMessageHandler(echoed::complete);
    return socket;
  }

  /** Collects until the HTTP connection is gone or {@code seconds} passed; true when it was collected. */
  private boolean collectedWithin(long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      System.gc();
      if (collected.remove(100) != null) {
        return true;
      }
    }
    return false;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
