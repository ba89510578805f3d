package nl.buurtroute.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {
  private static final String DB = "postgresql://u:p@db:5432/buurtroute";

  @Test
  void without_a_member_list_the_server_runs_alone() {
    ClusterSettings settings = ClusterSettings.fromEnv(Map.of(), null);
    assertThat(settings.enabled()).isFalse();
  }

  @Test
  void a_member_list_without_postgresql_is_refused_with_the_reason() {
    assertThatThrownBy(() -> ClusterSettings.fromEnv(Map.of("BUURTROUTE_CLUSTER_MEMBERS", "10.0.0.1:5701"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BUURTROUTE_DB_URL")
        .hasMessageContaining("PostgreSQL");
  }

  @Test
  void members_are_explicit_host_and_port_entries_not_ranges() {
    assertThatThrownBy(() -> ClusterSettings.fromEnv(
        Map.of("BUURTROUTE_CLUSTER_MEMBERS", "127.0.0.1:5701-5703"), DB))
        .hasMessageContaining("127.0.0.1:5701-5703");
    assertThatThrownBy(() -> ClusterSettings.fromEnv(Map.of("BUURTROUTE_CLUSTER_MEMBERS", "10.0.0.1"), DB))
        .hasMessageContaining("host:poort");
  }

  @Test
  void on_loopback_the_defaults_need_no_more_than_the_list() {
    ClusterSettings settings = ClusterSettings.fromEnv(
        Map.of("BUURTROUTE_CLUSTER_MEMBERS", " 127.0.0.1:5701, 127.0.0.1:5702 ,localhost:5703"), DB);
    assertThat(settings.members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "localhost:5703");
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(5701);
    assertThat(settings.busPort()).isZero();
    assertThat(settings.quorum()).isEqualTo(2);
    assertThat(settings.heartbeatSeconds()).isLessThan(settings.maxNoHeartbeatSeconds());
  }

  @Test
  void a_heartbeat_timeout_not_above_the_interval_is_refused() {
    assertThatThrownBy(() -> ClusterSettings.fromEnv(Map.of("BUURTROUTE_CLUSTER_MEMBERS", "127.0.0.1:5701",
        "BUURTROUTE_CLUSTER_HEARTBEAT_SECONDS", "5", "BUURTROUTE_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "5"), DB))
        .hasMessageContaining("BUURTROUTE_CLUSTER_MAX_NO_HEARTBEAT_SECONDS");
  }

  @Test
  void the_hazelcast_configuration_joins_over_tcp_only_and_binds_the_cluster_host() {
    ClusterSettings settings = new ClusterSettings(List.of("127.0.0.1:5701", "127.0.0.1:5702"), "127.0.0.1", 5702, 0,
        1, 3);
    com.hazelcast.config.Config config = HazelcastCluster.config(settings);
    var join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5702);
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("3");
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }
}
