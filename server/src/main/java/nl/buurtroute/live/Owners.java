package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.Status;
import nl.buurtroute.store.Store;

import java.time.Instant;
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
  record Owned(String sessionId, String deploymentId, long epoch, String nodeId, SessionOwnerVerticle owner) {
  }

  private final Vertx vertx;
  private final Store store;
  private final ContentVersions versions;
  private final LiveLimits limits;
  /** Where owners listen on a cluster; null on a server alone (see {@link OwnerDesk}). */
  private final OwnerDesk desk;
  /** Shared by every rebuild here (restart, takeover, hand-over): a few at a time, events read page by page. */
  private final SessionRebuilder rebuilder;
  private final Map<String, Owned> owned = new LinkedHashMap<>();
  private final Set<String> finished = new HashSet<>();
  /** What other threads (stats, metrics) read; renewed at every change. */
  private volatile List<String> published = List.of();
  private volatile int publishedOpen;

  Owners(Vertx vertx, Store store, ContentVersions versions, LiveLimits limits, OwnerDesk desk) {
    this.vertx = vertx;
    this.store = store;
    this.versions = versions;
    this.limits = limits;
    this.desk = desk;
    this.rebuilder = new SessionRebuilder(store);
  }

  /**
   * Runs a session here from its state in memory. {@code lastActivity}: when its last event that was not a
   * change of owner was stored, where its idle clock starts (now, for a session just created).
   */
  Future<Void> deploy(Session session, long lastSeq, Instant lastActivity, long epoch, String nodeId,
                      Store.SessionRecord row) {
    String sessionId = session.sessionId();
    if (owned.containsKey(sessionId)) {
      return Future.failedFuture(new IllegalStateException("session " + sessionId + " already runs here"));
    }
    SessionOwnerVerticle owner = new SessionOwnerVerticle(session, lastSeq, store, limits, desk, lastActivity, row);
    return vertx.deployVerticle(owner)
        .map(deployment -> {
          owned.put(sessionId, new Owned(sessionId, deployment, epoch, nodeId, owner));
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
   * Its reading waits its turn with the other rebuilds here (a member that left may leave hundreds of sessions to
   * claim); starting its owner does not, as that holds no page of events.
   */
  Future<Void> rebuild(String sessionId, long epoch, String nodeId) {
    return rebuilder.limited(() -> store.findSession(sessionId).compose(row -> row
            .map(this::read)
            .orElseGet(() -> Future.failedFuture(
                new IllegalStateException("session " + sessionId + " is not stored")))))
        .compose(read -> deploy(read, epoch, nodeId));
  }

  /**
   * Runs the unfinished sessions of the store here after a restart of a server alone: a few read at a time, each
   * page by page. Completes when all run; fails with a failure after the others were tried.
   */
  Future<Void> rebuildAll(List<Store.SessionRecord> rows, String nodeId) {
    return Future.join(rows.stream().map(row -> rebuilder.limited(() -> read(row))
        .compose(read -> deploy(read, 0, nodeId))).toList()).mapEmpty();
  }

  /**
   * Reads a session from its events in the store, page by page. It goes on with the content it was created with,
   * even when this server now has newer content; its idle clock goes on from its last activity, which a change
   * of owner is not.
   */
  private Future<Read> read(Store.SessionRecord row) {
    return versions.content(versions.versionOf(row.contentVersion()))
        .compose(content -> rebuilder.rebuild(row.sessionId(), content))
        .map(rebuilt -> new Read(rebuilt, row));
  }

  /** A session rebuilt from its events, and its row as read before. */
  private record Read(SessionRebuilder.Rebuilt rebuilt, Store.SessionRecord row) {
  }

  private Future<Void> deploy(Read read, long epoch, String nodeId) {
    SessionRebuilder.Rebuilt rebuilt = read.rebuilt();
    return deploy(rebuilt.session(), rebuilt.lastSeq(), rebuilt.lastAt(), epoch, nodeId, read.row());
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

  /** Another cluster member is gone: each owner here counts again who is present (see its {@code onMemberLeft}). */
  void memberLeft(String nodeId) {
    owned.values().forEach(o -> o.owner().memberLeft(nodeId));
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
