package nl.buurtroute;

import io.vertx.core.Vertx;
import nl.buurtroute.cluster.ClusterSettings;
import nl.buurtroute.cluster.HazelcastCluster;
import nl.buurtroute.config.Settings;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentCheck;
import nl.buurtroute.content.ContentException;
import nl.buurtroute.content.ContentLoader;
import nl.buurtroute.loadgen.Bench;
import nl.buurtroute.loadgen.LoadGen;
import nl.buurtroute.ops.HeapFootprint;
import nl.buurtroute.ops.Metrics;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar buurtroute.jar} serves; {@code java -jar buurtroute.jar check-content DIR} checks a
 * content directory for content editors and exits non-zero on any problem; {@code loadgen} and {@code bench}
 * load a server on this machine (see server/BENCHMARKS.md).
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {
  }

  public static void main(String[] args) {
    Logging.configure(System.getenv("BUURTROUTE_LOG_LEVEL"));
    if (args.length > 0 && args[0].equals("check-content")) {
      if (args.length != 2) {
        System.err.println("gebruik: java -jar buurtroute.jar check-content MAP");
        System.exit(2);
      }
      System.exit(ContentCheck.run(Path.of(args[1]), System.out));
    }
    if (args.length > 0 && args[0].equals("loadgen")) {
      System.exit(LoadGen.main(args, 1, System.out));
    }
    if (args.length > 0 && args[0].equals("bench")) {
      System.exit(Bench.main(args, 1, System.out, Main.class.getName()));
    }
    if (args.length > 0) {
      System.err.println("onbekende opdracht: " + args[0] + " (bekend: check-content MAP, loadgen, bench)");
      System.exit(2);
    }
    serve();
  }

  private static void serve() {
    long started = System.nanoTime();
    HeapFootprint.apply();
    Settings settings;
    try {
      settings = Settings.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("Buurtroute start niet: " + e.getMessage());
      System.exit(1);
      return;
    }
    // Reading the beslisbomen and starting Vert.x each take a few hundred ms; doing both at once keeps the
    // start-up under two seconds.
    Path contentDir = settings.contentDir();
    CompletableFuture<Content> loading = CompletableFuture.supplyAsync(() -> contentDir == null
        ? ContentLoader.builtIn()
        : ContentLoader.fromDirectory(contentDir));
    Vertx vertx;
    try {
      vertx = settings.cluster().enabled() ? joinCluster(settings) : Metrics.newVertx();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.log(Level.SEVERE, "Buurtroute start niet: het cluster is niet te bereiken: " + cause.getMessage(), cause);
      System.exit(1);
      return;
    }
    Content content;
    try {
      content = loading.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ContentException problems) {
        System.err.println("Buurtroute start niet: de inhoud klopt niet.");
        problems.problems().forEach(p -> System.err.println("  " + p));
      } else {
        System.err.println("Buurtroute start niet: de inhoud is niet te lezen: " + e.getCause());
      }
      System.exit(1);
      return;
    }
    BuurtrouteServer server = new BuurtrouteServer(vertx, settings, content);
    try {
      // Wait here: until the server listens, no non-daemon thread may be running to keep the JVM alive.
      server.start().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.log(Level.SEVERE, "Buurtroute start niet: " + cause.getMessage(), cause);
      System.exit(1);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    String cluster = settings.cluster().enabled()
        ? ", cluster: lid " + server.membership().nodeId() + " van " + server.membership().members().size()
        : "";
    LOG.info("Buurtroute draait op http://localhost:" + server.port() + "/ (opslag: " + server.store().kind()
        + cluster + ", sockets: " + (vertx.isNativeTransportEnabled() ? "epoll" : "Java NIO")
        + ", gestart in " + millis + " ms)");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server), "buurtroute-shutdown"));
  }

  /**
   * Joins the other members. The cluster manager turns Hazelcast's own shutdown hook off, so the shutdown hook
   * below must close Vert.x: otherwise a SIGTERM would look like a crash to the others.
   */
  private static Vertx joinCluster(Settings settings) throws Exception {
    ClusterSettings cluster = settings.cluster();
    LOG.info("joining the cluster as " + cluster.host() + ":" + cluster.port() + " (members " + cluster.members() + ")");
    return HazelcastCluster.start(Metrics.builder(), Metrics.vertxOptions(), cluster)
        .toCompletionStage().toCompletableFuture().get(120, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static void shutdown(BuurtrouteServer server) {
    LOG.info("stopping: telling clients to reconnect and flushing the store");
    try {
      server.stop(java.time.Duration.ofSeconds(9));
    } catch (Exception e) {
      LOG.log(Level.WARNING, "shutdown did not finish cleanly", e);
    }
  }
}
