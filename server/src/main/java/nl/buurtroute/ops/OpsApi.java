package nl.buurtroute.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.AdminToken;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.api.Client;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.StoreStats;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Operations endpoints: {@code GET /metrics} (Prometheus text format) and {@code GET /api/stats} (JSON, what
 * the load generator reads). Both show how busy the server is, so both are guarded the same way:
 * <ul>
 *   <li>with {@code Authorization: Bearer <BUURTROUTE_ADMIN_TOKEN>} from anywhere (Prometheus can send it);</li>
 *   <li>without a token only from the machine itself: the TCP peer is a loopback address and not a trusted
 *   proxy. Behind a proxy on the same machine every visitor arrives from loopback, so a request that came
 *   through a trusted proxy ({@link Client#viaProxy()}) never counts as local.</li>
 * </ul>
 * Anything else gets 401 (no token) or 403 (wrong token), through the router's failure handler.
 */
public final class OpsApi {
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private OpsApi() {
  }

  /** Called once per HTTP verticle instance, on its event loop; also starts that loop's delay probe. */
  public static void mount(Router router, Vertx vertx, Store store, AdminToken admin) {
    router.get("/metrics").handler(ctx -> guarded(ctx, admin, () -> ctx.response()
        .putHeader("content-type", PROMETHEUS_TYPE).end(Metrics.REGISTRY.scrape())));
    router.get("/api/stats").handler(ctx -> guarded(ctx, admin, () -> stats(ctx, vertx, store)));
    probeEventLoop(vertx);
  }

  /** A periodic timer on this loop: how much later than asked it runs is how long work waited for the loop. */
  private static void probeEventLoop(Vertx vertx) {
    long period = TimeUnit.MILLISECONDS.toNanos(Metrics.LOOP_PROBE_MILLIS);
    long[] last = {System.nanoTime()};
    vertx.setPeriodic(Metrics.LOOP_PROBE_MILLIS, id -> {
      long now = System.nanoTime();
      Metrics.loopDelay(last[0], now, now - last[0] - period);
      last[0] = now;
    });
  }

  private static void guarded(RoutingContext ctx, AdminToken admin, Runnable answer) {
    switch (admin.check(ctx)) {
      case VALID -> answer.run();
      case WRONG -> ctx.fail(new ApiException(403, "forbidden", "Deze code geeft geen toegang."));
      case NONE -> {
        if (Client.of(ctx).local()) {
          answer.run();
        } else {
          ctx.response().putHeader("WWW-Authenticate", "Bearer");
          ctx.fail(new ApiException(401, "unauthorized", "Alleen voor beheerders."));
        }
      }
    }
  }

  private static void stats(RoutingContext ctx, Vertx vertx, Store store) {
    boolean gc = "true".equals(ctx.request().getParam("gc"));
    boolean newWindow = "true".equals(ctx.request().getParam("newWindow"));
    if (!gc) {
      ctx.response().putHeader("content-type", "application/json; charset=utf-8")
          .end(snapshot(store, false, newWindow).encode());
      return;
    }
    vertx.executeBlocking(() -> {
      // The window is closed before the collection, so a forced GC never lands in the window it closes.
      JsonObject before = snapshot(store, false, newWindow);
      Metrics.LOOP_DELAYS.forcedGcStarted();
      try {
        System.gc();
      } finally {
        Metrics.LOOP_DELAYS.forcedGcEnded(System.nanoTime());
      }
      return snapshot(store, true, false).put("eventLoopDelay", before.getJsonObject("eventLoopDelay"));
    }, false).onSuccess(body -> ctx.response().putHeader("content-type", "application/json; charset=utf-8")
        .end(body.encode())).onFailure(ctx::fail);
  }

  /** The most heap the process ever used since it started (sum of the heap pools' peaks; an upper bound). */
  static long heapPeak() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  static JsonObject snapshot(Store store, boolean afterGc, boolean newWindow) {
    long now = System.nanoTime();
    LoopDelayBook.Window window = newWindow ? Metrics.LOOP_DELAYS.closeWindow(now) : Metrics.LOOP_DELAYS.window(now);
    LoopDelayBook.Window sinceStart = Metrics.LOOP_DELAYS.sinceStart(Metrics.STARTED_AT, now);
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    StoreStats s = store.stats();
    ClusterStatus cluster = Metrics.cluster();
    return new JsonObject()
        .put("cluster", new JsonObject()
            .put("nodeId", cluster.nodeId())
            .put("members", cluster.members().size())
            .put("ownedSessionIds", new JsonArray(cluster.ownedSessionIds()))
            .put("bus", busTraffic()))
        .put("heapUsedBytes", heap.getUsed())
        .put("heapCommittedBytes", heap.getCommitted())
        .put("heapMaxBytes", heap.getMax())
        .put("heapPeakBytes", heapPeak())
        .put("afterGc", afterGc)
        .put("processCpuSeconds", processCpuNanos() / 1e9)
        .put("availableProcessors", Runtime.getRuntime().availableProcessors())
        .put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)
        .put("connections", Metrics.connections())
        .put("sessionsOpen", Metrics.openSessions())
        .put("messagesIn", (long) Metrics.MESSAGES_IN.count())
        .put("framesOut", (long) Metrics.FRAMES_OUT.count())
        .put("bytesOut", (long) Metrics.BYTES_OUT.count())
        .put("votes", (long) Metrics.VOTES.count())
        .put("eventLoopDelayMaxMillis", Metrics.EVENT_LOOP_DELAY.max(TimeUnit.MILLISECONDS))
        .put("eventLoopDelay", new JsonObject()
            .put("maxMillis", sinceStart.maxMillis())
            .put("samples", sinceStart.samples())
            .put("leftOutForForcedGc", sinceStart.leftOut())
            .put("window", new JsonObject()
                .put("maxMillis", window.maxMillis())
                .put("samples", window.samples())
                .put("leftOutForForcedGc", window.leftOut())
                .put("seconds", window.seconds())
                .put("closed", newWindow)))
        .put("store", new JsonObject()
            .put("kind", store.kind())
            .put("commits", s.commits())
            .put("events", s.events())
            .put("maxBatch", s.maxBatch())
            .put("meanWriteMillis", s.meanWriteMillis())
            .put("maxWriteMillis", s.maxWriteMillis()));
  }

  /**
   * Event-bus messages that crossed between this member and the others since it started: {@code sent} counts
   * one per destination member, {@code received} one per local consumer that read it; by message type too.
   */
  static JsonObject busTraffic() {
    Map<String, Long> sent = Metrics.busMessagesByType(Metrics.BUS_SENT);
    Map<String, Long> received = Metrics.busMessagesByType(Metrics.BUS_RECEIVED);
    return new JsonObject()
        .put("sent", sent.values().stream().mapToLong(Long::longValue).sum())
        .put("received", received.values().stream().mapToLong(Long::longValue).sum())
        .put("sentByType", new JsonObject(new java.util.LinkedHashMap<>(sent)))
        .put("receivedByType", new JsonObject(new java.util.LinkedHashMap<>(received)));
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
