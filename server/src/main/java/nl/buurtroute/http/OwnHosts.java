package nl.buurtroute.http;

import io.vertx.core.net.HostAndPort;
import nl.buurtroute.guard.AddressRanges;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names and addresses under which this server is reached: {@code localhost}, the machine's own name (and
 * {@code name.local}), the addresses of its network interfaces, the host of {@code BUURTROUTE_PUBLIC_URL} and {@code BUURTROUTE_ALLOWED_HOSTS}. A request whose
 * {@code Host} is none of these is refused: that is how DNS rebinding shows itself, a foreign page whose
 * name was re-pointed at this server's address, talking to it from the visitor's browser.
 */
final class OwnHosts {
  /** Interfaces come and go (a laptop joins the centre's Wi-Fi after starting); look again at most this often. */
  private static final long INTERFACES_TTL_NANOS = 5_000_000_000L;
  private static final int MAX_REMEMBERED = 256;

  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private final Map<String, Boolean> addressVerdicts = new ConcurrentHashMap<>();
  private volatile long verdictsSince = System.nanoTime();

  OwnHosts(String publicUrl, List<String> allowedHosts) {
    names.add("localhost");
    // The machine's own name, as typed in a browser on the laptop or announced over mDNS (name.local);
    // read from the system, never looked up in DNS.
    for (String name : machineNames()) {
      names.add(name);
      names.add(name + ".local");
    }
    if (publicUrl != null) {
      String host = hostOf(publicUrl);
      if (host != null) {
        names.add(host);
      }
    }
    for (String allowed : allowedHosts) {
      String host = allowed.contains("://") ? hostOf(allowed) : stripPort(allowed);
      if (host != null) {
        names.add(host.toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Whether a request to this authority is meant for us. No Host header (a script, HTTP/1.0) is let through. */
  boolean allows(HostAndPort authority) {
    if (authority == null || authority.host() == null) {
      return true;
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (names.contains(host) || host.endsWith(".localhost")) {
      return true;
    }
    InetAddress address = AddressRanges.literal(host);
    return address != null && isOwnAddress(address);
  }

  private boolean isOwnAddress(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    if (System.nanoTime() - verdictsSince > INTERFACES_TTL_NANOS || addressVerdicts.size() > MAX_REMEMBERED) {
      addressVerdicts.clear();
      verdictsSince = System.nanoTime();
    }
    return addressVerdicts.computeIfAbsent(address.getHostAddress(), a -> onInterface(address));
  }

  private static boolean onInterface(InetAddress address) {
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress own : Collections.list(nif.getInetAddresses())) {
          if (sameAddress(own, address)) {
            return true;
          }
        }
      }
    } catch (SocketException e) {
      return false;
    }
    return false;
  }

  private static boolean sameAddress(InetAddress own, InetAddress address) {
    // Interface addresses of IPv6 carry a zone (fe80::1%eth0); a Host header's seldom does.
    return Arrays.equals(own.getAddress(), address.getAddress());
  }

  private static List<String> machineNames() {
    List<String> found = new ArrayList<>();
    for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        found.add(value.strip().toLowerCase(Locale.ROOT));
      }
    }
    try {
      Path file = Path.of("/etc/hostname");
      if (Files.isReadable(file)) {
        String value = Files.readString(file).strip();
        if (!value.isEmpty()) {
          found.add(value.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no name to add
    }
    return found;
  }

  private static String hostOf(String url) {
    try {
      String host = URI.create(url.strip()).getHost();
      if (host == null) {
        return null;
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String stripPort(String hostAndPort) {
    String h = hostAndPort.strip();
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close > 0 ? h.substring(1, close) : null;
    }
    int colon = h.indexOf(':');
    return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
  }
}
