package nl.buurtroute.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;

/**
 * Starts a clustered Vert.x on Hazelcast from the settings, with the whole Hazelcast configuration written
 * here in code: a cluster file on the class path would be one more thing to keep in step, and the jar's own
 * default joins over multicast, which must never happen by accident on a shared network.
 */
public final class HazelcastCluster {

  private HazelcastCluster() {
  }

  /** {@code builder} carries the options and metrics of a single server; this adds the cluster to them. */
  public static Future<Vertx> start(VertxBuilder builder, VertxOptions options, ClusterSettings settings) {
    options.getEventBusOptions()
        .setHost(settings.host())
        .setClusterPublicHost(settings.host())
        .setPort(settings.busPort());
    return builder.with(options)
        .withClusterManager(new PromptHazelcastClusterManager(config(settings)))
        .buildClustered();
  }

  static Config config(ClusterSettings settings) {
    Config config = new Config();
    config.setClusterName("buurtroute");
    // A joining member is admitted at once instead of after Hazelcast's default 5 s wait.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(settings.heartbeatSeconds()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(settings.maxNoHeartbeatSeconds()));
    // A member that was cut off (paused, network split) finds its way back within a minute, not five.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "30");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "30");
    config.setProperty("hazelcast.logging.type", "jdk");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    network.setPublicAddress(settings.host() + ":" + settings.port());
    network.getInterfaces().setEnabled(true).addInterface(settings.host());
    network.getRestApiConfig().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    // Bind only the cluster address, not every interface of the machine.
    config.setProperty("hazelcast.socket.bind.any", "false");

    // The maps Vert.x keeps its event-bus subscriptions and node information in (its own cluster.xml has them).
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    return config;
  }
}
