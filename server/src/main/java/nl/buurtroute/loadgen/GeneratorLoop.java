package nl.buurtroute.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/** One event loop of the generator: its WebSocket client, its share of the phones, and their latency samples. */
final class GeneratorLoop extends VerticleBase {
  /** What a loop does to one phone at its planned time; {@code index} is the phone's place in the plan. */
  interface Action {
    void run(Phone phone, int index);
  }

  private final LoadOptions options;
  WebSocketClient client;
  final Samples voteLatency = new Samples();
  final Samples nextLatency = new Samples();

  GeneratorLoop(LoadOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(options.connections() + 16)
        .setConnectTimeout(30_000)
        .setMaxFrameSize(1 << 20)
        .setMaxMessageSize(4 << 20));
    return Future.succeededFuture();
  }

  Context ctx() {
    return context;
  }

  /** The first member (the only server, or the cluster member that holds the sessions' facilitators). */
  WebSocketConnectOptions where() {
    return where(0);
  }

  /** Member {@code m} of {@link LoadOptions#memberUrls()}. */
  WebSocketConnectOptions where(int m) {
    return new WebSocketConnectOptions().setHost(options.host(m)).setPort(options.port(m)).setURI("/ws");
  }

  /** Runs {@code action} on each phone at its time (nanoTime), checking every millisecond. */
  void schedule(Phone[] who, long[] at, Action action) {
    int[] next = {0};
    vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (next[0] < who.length && at[next[0]] - now <= 0) {
        int k = next[0]++;
        action.run(who[k], k);
      }
      if (next[0] >= who.length) {
        vertx.cancelTimer(id);
      }
    });
  }
}
