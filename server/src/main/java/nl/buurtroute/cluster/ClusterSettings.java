package nl.buurtroute.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The cluster part of the settings. Without {@code BUURTROUTE_CLUSTER_MEMBERS} the server runs alone, as it
 * always did; with it, it joins the listed members as one Vert.x cluster (Hazelcast, TCP join).
 *
 * @param members            the members' cluster addresses, {@code host:port} each (empty: no cluster)
 * @param host               the address this member binds to and gives the others
 * @param port               this member's Hazelcast port
 * @param busPort            the clustered event bus port (0: any free port)
 * @param heartbeatSeconds   how often Hazelcast members send each other a heartbeat
 * @param maxNoHeartbeatSeconds a member silent this long is removed and its sessions move
 */
public record ClusterSettings(List<String> members,
                              String host,
                              int port,
                              int busPort,
                              int heartbeatSeconds,
                              int maxNoHeartbeatSeconds) {

  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_HEARTBEAT_SECONDS = 1;
  public static final int DEFAULT_MAX_NO_HEARTBEAT_SECONDS = 8;

  public static ClusterSettings none() {
    return new ClusterSettings(List.of(), null, DEFAULT_PORT, 0, DEFAULT_HEARTBEAT_SECONDS,
        DEFAULT_MAX_NO_HEARTBEAT_SECONDS);
  }

  public boolean enabled() {
    return !members.isEmpty();
  }

  /** How many configured members a member must see before it takes over sessions of lost ones. */
  public int quorum() {
    return members.size() / 2 + 1;
  }

  /**
   * Reads the cluster settings; fails with a message for people when they do not make sense together.
   * {@code dbUrl} is the shared store: a cluster without PostgreSQL would give every member its own SQLite file.
   */
  public static ClusterSettings fromEnv(Map<String, String> env, String dbUrl) {
    String list = text(env, "BUURTROUTE_CLUSTER_MEMBERS");
    if (list == null) {
      return none();
    }
    List<String> members = new ArrayList<>();
    for (String entry : list.split(",")) {
      String member = entry.strip();
      if (!member.isEmpty()) {
        members.add(checkMember(member));
      }
    }
    if (members.isEmpty()) {
      return none();
    }
    if (dbUrl == null) {
      throw new IllegalArgumentException("BUURTROUTE_CLUSTER_MEMBERS is gezet, maar BUURTROUTE_DB_URL niet: "
          + "servers in een cluster delen hun sessies via één PostgreSQL-database. Zet BUURTROUTE_DB_URL op "
          + "dezelfde database voor elke server (postgresql://gebruiker:wachtwoord@host:5432/database).");
    }
    int port = intOf(env, "BUURTROUTE_CLUSTER_PORT", DEFAULT_PORT, 1);
    int heartbeat = intOf(env, "BUURTROUTE_CLUSTER_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS, 1);
    int maxNoHeartbeat = intOf(env, "BUURTROUTE_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", DEFAULT_MAX_NO_HEARTBEAT_SECONDS, 1);
    if (maxNoHeartbeat <= heartbeat) {
      throw new IllegalArgumentException("BUURTROUTE_CLUSTER_MAX_NO_HEARTBEAT_SECONDS (" + maxNoHeartbeat
          + ") moet groter zijn dan BUURTROUTE_CLUSTER_HEARTBEAT_SECONDS (" + heartbeat + ")");
    }
    String host = text(env, "BUURTROUTE_CLUSTER_HOST");
    if (host == null) {
      host = defaultHost(members);
    }
    return new ClusterSettings(List.copyOf(members), host, port, intOf(env, "BUURTROUTE_CLUSTER_BUS_PORT", 0, 0),
        heartbeat, maxNoHeartbeat);
  }

  /** {@code host:port} with a port; Hazelcast's range form (5701-5703) fails deep inside it, so refuse it here. */
  private static String checkMember(String member) {
    int colon = member.lastIndexOf(':');
    String port = colon < 0 ? "" : member.substring(colon + 1);
    if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("BUURTROUTE_CLUSTER_MEMBERS: '" + member + "' is geen host:poort "
          + "(bijvoorbeeld 10.0.0.11:5701; noem elke server apart, zonder reeks als 5701-5703)");
    }
    return member;
  }

  /** The first non-loopback IPv4 address; 127.0.0.1 when every member is on loopback (trying it on one machine). */
  static String defaultHost(List<String> members) {
    if (members.stream().allMatch(ClusterSettings::isLoopback)) {
      return "127.0.0.1";
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
            return address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      throw new IllegalArgumentException("kan de netwerkadressen van deze machine niet lezen; zet BUURTROUTE_CLUSTER_HOST", e);
    }
    throw new IllegalArgumentException("deze machine heeft geen IPv4-adres buiten loopback; zet BUURTROUTE_CLUSTER_HOST");
  }

  private static boolean isLoopback(String member) {
    String host = member.substring(0, member.lastIndexOf(':'));
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static int intOf(Map<String, String> env, String name, int fallback, int min) {
    String value = text(env, name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > 65535) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " moet een heel getal van " + min + " tot 65535 zijn, niet '" + value + "'");
    }
  }

  private static String text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
