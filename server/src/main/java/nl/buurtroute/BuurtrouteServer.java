package nl.buurtroute;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.cluster.Membership;
import nl.buurtroute.config.Settings;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.guard.AddressGuard;
import nl.buurtroute.http.HealthProbe;
import nl.buurtroute.http.HttpVerticle;
import nl.buurtroute.live.Bus;
import nl.buurtroute.live.OwnerRoute;
import nl.buurtroute.live.SessionManagerVerticle;
import nl.buurtroute.live.Warmup;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Wires one server together: content, store, the session manager and the HTTP verticles. */
public final class BuurtrouteServer {
  private static final Logger LOG = Logger.getLogger(BuurtrouteServer.class.getName());
  private final Vertx vertx;
  private final Settings settings;
  private final Content content;
  private Store store;
  private int port;
  private String managerDeployment;
  private String httpDeployment;
  private Membership membership;

  public BuurtrouteServer(Vertx vertx, Settings settings, Content content) {
    this.vertx = vertx;
    this.settings = settings;
    this.content = content;
  }

  private static void logWarmup(Warmup.Report warm) {
    if (warm.failure() != null) {
      LOG.warning(() -> "warm-up stopped after " + warm.sessions() + " sessions: " + warm.failure());
    } else {
      LOG.fine(() -> "warm-up: " + warm.sessions() + " sessions, " + warm.frames() + " frames in " + warm.millis() + " ms");
    }
  }

  public Future<BuurtrouteServer> start() {
    port = settings.port() == 0 ? freePort() : settings.port();
    Settings effective = settings.withPort(port);
    AddressGuard guard = new AddressGuard(settings.guard());
    store = Stores.open(vertx, settings.dbUrl(), settings.dataDir());
    membership = settings.cluster().enabled() ? Membership.of(vertx, settings.cluster()) : Membership.alone();
    HealthProbe health = new HealthProbe(vertx, store);
    OwnerRoute route = membership.clustered() ? OwnerRoute.clustered(vertx, store, membership.nodeId()) : OwnerRoute.alone(vertx);
    Bus.registerCodecs(vertx.eventBus());
    ContentVersions versions = new ContentVersions(store, content);
    // On a worker thread while the store migrates; the port opens only after it, so the first room's joins do
    // not pay for a cold JVM on the event loops (see Warmup).
    Future<Warmup.Report> warmup = vertx.executeBlocking(() -> Warmup.run(content));
    return store.migrate()
        .compose(v -> versions.register())
        .compose(v -> warmup)
        .onSuccess(BuurtrouteServer::logWarmup)
        .compose(v -> vertx.deployVerticle(new SessionManagerVerticle(store, versions, settings.limits(),
            settings.guard().maxOpenSessions(), membership)))
        .onSuccess(id -> managerDeployment = id)
        .compose(v -> vertx.deployVerticle(() -> new HttpVerticle(effective, versions, store, guard, health, route),
            new DeploymentOptions().setInstances(settings.httpInstances())))
        .onSuccess(id -> httpDeployment = id)
        .map(v -> this);
  }

  /**
   * Stops accepting, tells clients to come back, waits for the store's pending writes, then closes Vert.x.
   * Call from a thread that is not Vert.x's own: closing Vert.x from its own event loop would leave the
   * returned future to be completed on a loop that no longer runs.
   */
  public void stop(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    undeploy(httpDeployment)
        .eventually(() -> undeploy(managerDeployment))
        .eventually(() -> store == null ? Future.succeededFuture() : store.close())
        .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    vertx.close().toCompletionStage().toCompletableFuture().get(left, TimeUnit.MILLISECONDS);
  }

  private Future<Void> undeploy(String deployment) {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }

  public int port() {
    return port;
  }

  public Store store() {
    return store;
  }

  public Membership membership() {
    return membership;
  }

  public Vertx vertx() {
    return vertx;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
