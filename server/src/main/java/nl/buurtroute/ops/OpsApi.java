package nl.buurtroute.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.Settings;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.StoreStats;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * Operations endpoints: {@code GET /metrics} (Prometheus text format) and {@code GET /api/stats} (JSON, what
 * the load generator reads). Both show how busy the server is, so both are guarded the same way:
 * <ul>
 *   <li>with {@code Authorization: Bearer <BUURTROUTE_ADMIN_TOKEN>} from anywhere (Prometheus can send it);</li>
 *   <li>without a token only from the machine itself (the TCP peer is a loopback address), and only when
 *   the server is not behind a proxy ({@code BUURTROUTE_TRUST_PROXY} unset): behind a proxy on the same
 *   machine every visitor would arrive from loopback.</li>
 * </ul>
 * Anything else gets 401 (no token) or 403 (wrong token).
 */
public final class OpsApi {
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private OpsApi() {
  }

  /** Called once per HTTP verticle instance, on its event loop; also starts that loop's delay probe. */
  public static void mount(Router router, Vertx vertx, Store store, Settings settings) {
    router.get("/metrics").handler(ctx -> guarded(ctx, settings, () -> ctx.response()
        .putHeader("content-type", PROMETHEUS_TYPE).end(Metrics.REGISTRY.scrape())));
    router.get("/api/stats").handler(ctx -> guarded(ctx, settings, () -> stats(ctx, vertx, store)));
    probeEventLoop(vertx);
  }

  /** A periodic timer on this loop: how much later than asked it runs is how long work waited for the loop. */
  private static void probeEventLoop(Vertx vertx) {
    long period = TimeUnit.MILLISECONDS.toNanos(Metrics.LOOP_PROBE_MILLIS);
    long[] last = {System.nanoTime()};
    vertx.setPeriodic(Metrics.LOOP_PROBE_MILLIS, id -> {
      long now = System.nanoTime();
      Metrics.loopDelay(now - last[0] - period);
      last[0] = now;
    });
  }

  private static void guarded(RoutingContext ctx, Settings settings, Runnable answer) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null) {
      String admin = settings.adminToken();
      String given = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
      if (admin != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
          admin.getBytes(StandardCharsets.UTF_8))) {
        answer.run();
      } else {
        refuse(ctx, 403, "forbidden", "Deze code geeft geen toegang.");
      }
      return;
    }
    if (!settings.guard().trustProxy() && fromLoopback(ctx.request().connection().remoteAddress())) {
      answer.run();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    refuse(ctx, 401, "unauthorized", "Alleen voor beheerders.");
  }

  private static boolean fromLoopback(SocketAddress peer) {
    if (peer == null || peer.hostAddress() == null) {
      return false;
    }
    try {
      return InetAddress.getByName(peer.hostAddress()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
  }

  private static void stats(RoutingContext ctx, Vertx vertx, Store store) {
    boolean gc = "true".equals(ctx.request().getParam("gc"));
    if (!gc) {
      ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(snapshot(store, false).encode());
      return;
    }
    vertx.executeBlocking(() -> {
      System.gc();
      return snapshot(store, true);
    }, false).onSuccess(body -> ctx.response().putHeader("content-type", "application/json; charset=utf-8")
        .end(body.encode())).onFailure(ctx::fail);
  }

  static JsonObject snapshot(Store store, boolean afterGc) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    StoreStats s = store.stats();
    ClusterStatus cluster = Metrics.cluster();
    return new JsonObject()
        .put("cluster", new JsonObject()
            .put("nodeId", cluster.nodeId())
            .put("members", cluster.members().size())
            .put("ownedSessionIds", new JsonArray(cluster.ownedSessionIds())))
        .put("heapUsedBytes", heap.getUsed())
        .put("heapCommittedBytes", heap.getCommitted())
        .put("heapMaxBytes", heap.getMax())
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
        .put("store", new JsonObject()
            .put("kind", store.kind())
            .put("commits", s.commits())
            .put("events", s.events())
            .put("maxBatch", s.maxBatch())
            .put("meanWriteMillis", s.meanWriteMillis())
            .put("maxWriteMillis", s.maxWriteMillis()));
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
