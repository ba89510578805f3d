package nl.buurtroute.ops;

import java.util.List;

/**
 * This server's place in the cluster, for {@code /health}, {@code /ready}, {@code /metrics} and
 * {@code /api/stats}; a server alone is a cluster of one that owns every live session.
 */
public record ClusterStatus(String nodeId, List<String> members, List<String> ownedSessionIds) {

  public static ClusterStatus unknown() {
    return new ClusterStatus(null, List.of(), List.of());
  }
}
