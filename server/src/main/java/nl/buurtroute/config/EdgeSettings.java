package nl.buurtroute.config;

import nl.buurtroute.guard.AddressRanges;

import java.util.List;

/**
 * Settings of the server's HTTP edge: which proxies are believed, which host names are the server's own,
 * and how long a connection may keep the server waiting.
 *
 * @param trustedProxies     peers whose {@code X-Forwarded-For}/{@code -Proto} are believed
 * @param allowedHosts       extra names (or addresses) under which the server is reached
 * @param idleSeconds        an HTTP connection (not a WebSocket, which is pinged) silent this long is closed
 * @param requestSeconds     a request's head, and its body, must arrive in full within this time
 */
public record EdgeSettings(AddressRanges trustedProxies,
                           List<String> allowedHosts,
                           int idleSeconds,
                           int requestSeconds) {

  public EdgeSettings {
    allowedHosts = List.copyOf(allowedHosts);
  }

  public static EdgeSettings defaults() {
    return new EdgeSettings(AddressRanges.NONE, List.of(), 60, 10);
  }

  /**
   * {@code BUURTROUTE_TRUSTED_PROXIES} when set; otherwise loopback when {@code BUURTROUTE_TRUST_PROXY=true};
   * otherwise nobody.
   */
  static AddressRanges proxies(boolean trustProxy, List<String> trustedProxies) {
    if (!trustedProxies.isEmpty()) {
      try {
        return AddressRanges.parse(trustedProxies);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("BUURTROUTE_TRUSTED_PROXIES: " + e.getMessage(), e);
      }
    }
    return trustProxy ? AddressRanges.LOOPBACK : AddressRanges.NONE;
  }
}
