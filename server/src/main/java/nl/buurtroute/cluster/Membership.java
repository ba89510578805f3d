package nl.buurtroute.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.List;
import java.util.UUID;
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

  private final ClusterManager manager;
  private final String aloneId;
  private final int quorum;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private Membership(ClusterManager manager, int quorum) {
    this.manager = manager;
    this.aloneId = manager == null ? UUID.randomUUID().toString() : null;
    this.quorum = quorum;
  }

  public static Membership alone() {
    return new Membership(null, 1);
  }

  /** The membership of a clustered Vert.x started by {@link HazelcastCluster}. */
  public static Membership of(Vertx vertx, ClusterSettings settings) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    Membership membership = new Membership(manager, settings.quorum());
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

  public void listen(Listener listener) {
    listeners.add(listener);
  }
}
