package nl.buurtroute.guard;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A set of addresses and CIDR ranges, IPv4 and IPv6 ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code ::1}),
 * and the parsing of literal client addresses. Only literals are parsed: nothing here ever asks DNS.
 */
public final class AddressRanges {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

  /** The loopback ranges: what {@code BUURTROUTE_TRUST_PROXY=true} alone trusts. */
  public static final AddressRanges LOOPBACK = parse(List.of("127.0.0.0/8", "::1"));
  public static final AddressRanges NONE = new AddressRanges(List.of());

  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges;

  private AddressRanges(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** Parses entries like {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code fd00::/8}; throws with the bad entry named. */
  public static AddressRanges parse(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      String text = entry.strip();
      int slash = text.indexOf('/');
      InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("'" + entry + "' is geen IP-adres of CIDR-bereik");
      }
      int bits = address.getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("'" + entry + "' heeft een ongeldige prefixlengte");
        }
      }
      ranges.add(new Range(address.getAddress(), prefix));
    }
    return new AddressRanges(ranges);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean contains(String address) {
    InetAddress parsed = literal(address);
    return parsed != null && contains(parsed);
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return ranges.stream().anyMatch(r -> r.contains(bytes));
  }

  /**
   * A literal IPv4 or IPv6 address (brackets, a port and an IPv6 zone allowed), or null. IPv4-mapped IPv6
   * addresses come back as IPv4, so {@code ::ffff:10.0.0.1} and {@code 10.0.0.1} are one client.
   */
  public static InetAddress literal(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        return null;
      }
      t = t.substring(1, close);
    } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':') && t.indexOf('.') > 0) {
      t = t.substring(0, t.indexOf(':')); // 192.0.2.1:4711
    }
    if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
      return null;
    }
    try {
      // A literal never causes a lookup; the patterns above keep names out.
      return InetAddress.getByName(t);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /**
   * The key under which per-address limits count a client: the IPv4 address, or an IPv6 address's /64
   * network, which is what one household or phone gets and can fill with addresses at will.
   */
  public static String limitKey(String address) {
    InetAddress parsed = literal(address);
    if (parsed == null || parsed instanceof Inet4Address) {
      return parsed == null ? address : parsed.getHostAddress();
    }
    byte[] b = parsed.getAddress();
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
    }
    return key.append(":/64").toString().toLowerCase(Locale.ROOT);
  }
}
