package nl.buurtroute.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeListener;

import java.lang.reflect.Field;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Which servers make up the cluster right now, as the cluster manager (Hazelcast) sees it; a server alone is a
 * cluster of one. Listeners hear of members that come and go; they are called on a cluster-manager thread
 * and must hop to their own context.
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

  /** The membership of a clustered Vert.x; installs the node listener (wrapping any that is there). */
  public static Membership of(Vertx vertx, ClusterSettings settings) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    Membership membership = new Membership(manager, settings.quorum());
    NodeListener previous = currentListener(manager);
    manager.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        if (previous != null) {
          previous.nodeAdded(nodeId);
        }
        LOG.info("cluster: member " + nodeId + " joined; " + membership.members().size() + " member(s)");
        membership.listeners.forEach(l -> l.changed(nodeId, false));
      }

      @Override
      public void nodeLeft(String nodeId) {
        if (previous != null) {
          previous.nodeLeft(nodeId);
        }
        LOG.info("cluster: member " + nodeId + " left; " + membership.members().size() + " member(s)");
        membership.listeners.forEach(l -> l.changed(nodeId, true));
      }
    });
    return membership;
  }

  /**
   * The cluster manager has one node-listener slot, which Vert.x's HA uses itself; the SPI has a setter but no
   * getter, so the listener already there is read from the field, to be called before ours.
   */
  private static NodeListener currentListener(ClusterManager manager) {
    try {
      Field field = manager.getClass().getDeclaredField("nodeListener");
      field.setAccessible(true);
      return (NodeListener) field.get(manager);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
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
