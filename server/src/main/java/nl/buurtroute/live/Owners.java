package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Status;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.StoredEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The sessions this server runs, one {@link SessionOwnerVerticle} each. Owners are deployed and undeployed
 * here only, on the session manager's context, so the list is always what runs.
 */
final class Owners {
  private static final Logger LOG = Logger.getLogger(Owners.class.getName());

  /** A session run here: {@code epoch} and {@code nodeId} are the claim it runs under (0 and this server alone). */
  record Owned(String sessionId, String deploymentId, long epoch, String nodeId) {
  }

  private final Vertx vertx;
  private final Store store;
  private final ContentVersions versions;
  private final LiveLimits limits;
  private final boolean clustered;
  private final Map<String, Owned> owned = new LinkedHashMap<>();
  private final Set<String> finished = new HashSet<>();
  /** What other threads (stats, metrics) read; renewed at every change. */
  private volatile List<String> published = List.of();
  private volatile int publishedOpen;

  Owners(Vertx vertx, Store store, ContentVersions versions, LiveLimits limits, boolean clustered) {
    this.vertx = vertx;
    this.store = store;
    this.versions = versions;
    this.limits = limits;
    this.clustered = clustered;
  }

  /** Runs a session here from its state in memory (a session just created). */
  Future<Void> deploy(Session session, long lastSeq, long epoch, String nodeId) {
    String sessionId = session.sessionId();
    if (owned.containsKey(sessionId)) {
      return Future.failedFuture(new IllegalStateException("session " + sessionId + " already runs here"));
    }
    return vertx.deployVerticle(new SessionOwnerVerticle(session, lastSeq, store, limits, clustered))
        .map(deployment -> {
          owned.put(sessionId, new Owned(sessionId, deployment, epoch, nodeId));
          if (session.status() == Status.FINISHED) {
            finished.add(sessionId);
          }
          publish();
          return null;
        });
  }

  /**
   * Runs a session here that another member ran, rebuilt from the store after this member claimed it. Its row is
   * read after the claim, so the rebuild starts from the fencing event and uses the session's own content version.
   */
  Future<Void> rebuild(String sessionId, long epoch, String nodeId) {
    return store.findSession(sessionId).compose(row -> row
        .map(found -> rebuild(found, epoch, nodeId))
        .orElseGet(() -> Future.failedFuture(new IllegalStateException("session " + sessionId + " is not stored"))));
  }

  /**
   * Runs a session here, rebuilt from its events in the store (after a restart, or a claim in a cluster). It goes
   * on with the content it was created with, even when this server now has newer content.
   */
  Future<Void> rebuild(Store.SessionRecord row, long epoch, String nodeId) {
    String sessionId = row.sessionId();
    return Future.all(store.events(sessionId), versions.content(versions.versionOf(row.contentVersion())))
        .compose(both -> {
          List<StoredEvent> events = both.resultAt(0);
          List<SessionEvent> domain = events.stream().map(e -> EventJson.fromJson(e.type(), e.json())).toList();
          Session session = Session.reconstitute(sessionId, both.resultAt(1), domain);
          long lastSeq = events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
          return deploy(session, lastSeq, epoch, nodeId);
        });
  }

  /**
   * Stops running a session here: its owner answers nothing more, writes what it has pending and goes. Completes
   * when its last write is done, so that a successor that claims it afterwards continues after everything this
   * server acknowledged.
   */
  Future<Void> release(String sessionId, String why) {
    Owned gone = owned.remove(sessionId);
    if (gone == null) {
      return Future.succeededFuture();
    }
    boolean wasOpen = !finished.remove(sessionId);
    publish();
    if (wasOpen) {
      LOG.info("session " + sessionId + " leaves this server: " + why);
    }
    return vertx.undeploy(gone.deploymentId());
  }

  /** An owner asks to go; a request from an owner that was already replaced here is ignored. */
  Future<Void> releaseIfCurrent(String sessionId, String deploymentId, String why) {
    Owned current = owned.get(sessionId);
    return current != null && current.deploymentId().equals(deploymentId)
        ? release(sessionId, why)
        : Future.succeededFuture();
  }

  /** The owner says its session finished. */
  void finished(String sessionId) {
    if (owned.containsKey(sessionId)) {
      finished.add(sessionId);
      publish();
    }
  }

  private void publish() {
    published = List.copyOf(owned.keySet());
    publishedOpen = owned.size() - finished.size();
  }

  boolean runs(String sessionId) {
    return owned.containsKey(sessionId);
  }

  boolean isFinished(String sessionId) {
    return finished.contains(sessionId);
  }

  Owned get(String sessionId) {
    return owned.get(sessionId);
  }

  List<Owned> all() {
    return new ArrayList<>(owned.values());
  }

  /** Sessions run here that are not finished; any thread. */
  int open() {
    return publishedOpen;
  }

  /** Ids of every session run here (finished ones stay a while for phones that look at the end); any thread. */
  List<String> ids() {
    return published;
  }
}
