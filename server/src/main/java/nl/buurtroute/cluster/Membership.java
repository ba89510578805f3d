package nl.buurtroute.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Which servers make up the cluster right now, as the cluster manager (Hazelcast) sees it; a server alone is a
 * cluster of one. Listeners hear of members that come and go as soon as Hazelcast does; they are called on a
 * Hazelcast thread and must hop to their own context.
 */
public final class Membership {
  private static final Logger LOG = Logger.getLogger(Membership.class.getName());

  /** Told when a member joins or leaves; {@code left} says which. */
  public interface Listener {
    void changed(String nodeId, boolean left);
  }

  /** How often the pause watch looks at the clock. */
  private static final long WATCH_MILLIS = 250;

  private final ClusterManager manager;
  private final String aloneId;
  private final int quorum;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** Null on a server alone. */
  private final PauseWatch pauses;

  private Membership(ClusterManager manager, int quorum, PauseWatch pauses) {
    this.manager = manager;
    this.aloneId = manager == null ? UUID.randomUUID().toString() : null;
    this.quorum = quorum;
    this.pauses = pauses;
  }

  public static Membership alone() {
    return new Membership(null, 1, null);
  }

  /** The membership of a clustered Vert.x started by {@link HazelcastCluster}. */
  public static Membership of(Vertx vertx, ClusterSettings settings) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    // Others remove a member whose last heartbeat is maxNoHeartbeat old, and it may have sent that one a
    // heartbeat interval before it stood still. A shorter stall (a busy loop on a starved machine: 1.5-1.8 s was
    // seen in the tests) left every view as it was. After a longer one the member needs about maxNoHeartbeat to
    // learn again who the members are.
    long maxSilence = TimeUnit.SECONDS.toNanos(settings.maxNoHeartbeatSeconds());
    long pause = maxSilence - TimeUnit.SECONDS.toNanos(settings.heartbeatSeconds());
    PauseWatch pauses = new PauseWatch(pause, maxSilence, System::nanoTime);
    Membership membership = new Membership(manager, settings.quorum(), pauses);
    vertx.setPeriodic(WATCH_MILLIS, id -> {
      long stoodStill = pauses.look();
      if (stoodStill > 0) {
        LOG.warning(String.format(Locale.ROOT, "cluster: this member stood still for %.1f s; it takes no sessions"
            + " over for %d s, until it knows again who the members are", stoodStill / 1e9,
            TimeUnit.NANOSECONDS.toSeconds(pauses.settleNanos())));
      }
    });
    ((PromptHazelcastClusterManager) manager).onMembersChanged((nodeId, left) -> {
      LOG.info("cluster: member " + nodeId + (left ? " left; " : " joined; ") + membership.members().size()
          + " member(s)");
      membership.listeners.forEach(l -> l.changed(nodeId, left));
    });
    return membership;
  }

  public boolean clustered() {
    return manager != null;
  }

  /** This server's id in the cluster (Hazelcast's member id); it is new at every start. */
  public String nodeId() {
    return manager == null ? aloneId : manager.getNodeId();
  }

  public List<String> members() {
    return manager == null ? List.of(aloneId) : List.copyOf(manager.getNodes());
  }

  /**
   * Whether this server sees more than half of the configured members. A server cut off from the others
   * (paused, network split) must not take sessions over: the others, the majority, do that.
   */
  public boolean hasQuorum() {
    return members().size() >= quorum;
  }

  /**
   * Whether this member's view of the cluster can be trusted for taking sessions over: not for a while after
   * this member stood still ({@link PauseWatch}).
   */
  public boolean settled() {
    return pauses == null || pauses.settled();
  }

  public void listen(Listener listener) {
    listeners.add(listener);
  }
}
