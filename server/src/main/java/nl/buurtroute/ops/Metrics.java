package nl.buurtroute.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The one metrics registry of the process, and the server's own counters. The counters are Micrometer
 * counters (striped adders): incrementing one costs a few nanoseconds and allocates nothing, so the live
 * layer may count every frame. Vert.x reports its own figures (HTTP, WebSocket connections, event bus) into
 * the same registry when the Vertx instance is made by {@link #newVertx()}.
 */
public final class Metrics {
  public static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Frames received from clients over the live WebSocket. */
  public static final Counter MESSAGES_IN = Counter.builder("buurtroute.ws.messages.in")
      .description("WebSocket messages received from clients").register(REGISTRY);
  /** Frames written to clients; a broadcast to N connections counts N. */
  public static final Counter FRAMES_OUT = Counter.builder("buurtroute.ws.frames.out")
      .description("WebSocket frames written to clients").register(REGISTRY);
  /** Characters of the frames written (equal to bytes for ASCII text; the JSON is mostly ASCII). */
  public static final Counter BYTES_OUT = Counter.builder("buurtroute.ws.bytes.out")
      .description("Payload characters of the WebSocket frames written to clients").register(REGISTRY);
  /** Votes accepted by session owners (a changed vote counts again). */
  public static final Counter VOTES = Counter.builder("buurtroute.votes")
      .description("Votes accepted").register(REGISTRY);
  /** How late the event loops run a timer that should fire every {@value #LOOP_PROBE_MILLIS} ms. */
  public static final Timer EVENT_LOOP_DELAY = Timer.builder("buurtroute.eventloop.delay")
      .description("How late a periodic probe runs on the HTTP event loops")
      .distributionStatisticExpiry(Duration.ofSeconds(60))
      .register(REGISTRY);
  static final long LOOP_PROBE_MILLIS = 100;
  /** The same probes, kept as maxima since start and per window, forced GCs left out (for {@code /api/stats}). */
  static final long STARTED_AT = System.nanoTime();
  static final LoopDelayBook LOOP_DELAYS = new LoopDelayBook(STARTED_AT);

  /** Direction tags of {@link #busMessages}: written to another member, read from another member. */
  public static final String BUS_SENT = "sent";
  public static final String BUS_RECEIVED = "received";
  private static final String BUS_MESSAGES = "buurtroute.cluster.bus.messages";

  private static volatile IntSupplier openSessions = () -> 0;
  private static volatile Supplier<ClusterStatus> cluster = ClusterStatus::unknown;

  static {
    new ClassLoaderMetrics().bindTo(REGISTRY);
    new JvmMemoryMetrics().bindTo(REGISTRY);
    new JvmGcMetrics().bindTo(REGISTRY);
    new JvmHeapPressureMetrics().bindTo(REGISTRY);
    new JvmThreadMetrics().bindTo(REGISTRY);
    new ProcessorMetrics().bindTo(REGISTRY);
    new UptimeMetrics().bindTo(REGISTRY);
    Gauge.builder("buurtroute.sessions.open", () -> openSessions.getAsInt())
        .description("Sessions that are not finished").register(REGISTRY);
    Gauge.builder("buurtroute.cluster.members", () -> cluster.get().members().size())
        .description("Members of the cluster this server sees (1 when it runs alone)").register(REGISTRY);
    Gauge.builder("buurtroute.sessions.owned", () -> cluster.get().ownedSessionIds().size())
        .description("Sessions this server runs (owns), finished ones that linger included").register(REGISTRY);
  }

  private Metrics() {
  }

  /** Options for the server's Vertx: Vert.x metrics on, into {@link #REGISTRY}. */
  public static VertxOptions vertxOptions() {
    // Linux's epoll when its native library is on the class path (the jar carries it for x86-64): fewer
    // system calls and less garbage per socket than Java's NIO; elsewhere Vert.x falls back to NIO by itself.
    return new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        // The JVM binders are bound once above, not again for every Vertx instance.
        .setJvmMetricsEnabled(false)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  /** A Vertx that reports into {@link #REGISTRY}; the server (Main, TestServer) is built on it. */
  public static Vertx newVertx() {
    return builder().with(vertxOptions()).build();
  }

  /** A builder with the metrics of {@link #newVertx()}, for a clustered Vertx; give it {@link #vertxOptions()}. */
  public static VertxBuilder builder() {
    return Vertx.builder().withMetrics(new MicrometerMetricsFactory(REGISTRY));
  }

  /**
   * The counter of event-bus messages of one type that cross between cluster members in one direction
   * ({@link #BUS_SENT}: encoded for another member, once per destination member; {@link #BUS_RECEIVED}: decoded
   * from another member). Registering the same type twice gives the same counter.
   */
  public static Counter busMessages(String direction, String type) {
    return Counter.builder(BUS_MESSAGES).tag("direction", direction).tag("type", type)
        .description("Event-bus messages between cluster members (sent: once per destination member)")
        .register(REGISTRY);
  }

  /** The cross-member bus messages of one direction so far, by message type (types never seen are left out). */
  public static SortedMap<String, Long> busMessagesByType(String direction) {
    SortedMap<String, Long> byType = new TreeMap<>();
    for (Counter counter : REGISTRY.find(BUS_MESSAGES).tag("direction", direction).counters()) {
      byType.merge(counter.getId().getTag("type"), Math.round(counter.count()), Long::sum);
    }
    return byType;
  }

  /** Where the open-session count comes from (the session manager). */
  public static void openSessions(IntSupplier source) {
    openSessions = source;
  }

  /** Where the cluster status comes from (the session manager). */
  public static void cluster(Supplier<ClusterStatus> source) {
    cluster = source;
  }

  public static ClusterStatus cluster() {
    return cluster.get();
  }

  public static int openSessions() {
    return openSessions.getAsInt();
  }

  /** Open WebSocket connections of the server, as Vert.x counts them. */
  public static long connections() {
    return Math.round(REGISTRY.find("vertx.http.server.active.ws.connections").gauges().stream()
        .mapToDouble(Gauge::value).sum());
  }

  /** One probe of a loop; a sample that a forced GC touched goes to neither figure (see {@link LoopDelayBook}). */
  static void loopDelay(long intervalStart, long now, long lateNanos) {
    if (LOOP_DELAYS.record(intervalStart, now, lateNanos)) {
      EVENT_LOOP_DELAY.record(Math.max(0, lateNanos), TimeUnit.NANOSECONDS);
    }
  }
}
