package nl.buurtroute.http;

import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open the live WebSocket: the server's own (the host the request came to), the
 * public URL behind a proxy, and any configured extra. A request without an Origin (a script, an app) is
 * let through to the normal token checks; browsers always send one.
 */
final class Origins {
  private final List<String> allowed = new ArrayList<>();

  Origins(String publicUrl, List<String> extra) {
    if (publicUrl != null) {
      allowed.add(normalize(publicUrl));
    }
    extra.forEach(o -> allowed.add(normalize(o)));
  }

  boolean allows(String origin, HostAndPort requestAuthority) {
    if (origin == null) {
      return true;
    }
    String normalized = normalize(origin);
    if (allowed.contains(normalized)) {
      return true;
    }
    if (requestAuthority == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null) {
        return false;
      }
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      int requestPort = requestAuthority.port() > 0 ? requestAuthority.port() : port;
      return uri.getHost().equalsIgnoreCase(requestAuthority.host()) && port == requestPort;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String normalize(String origin) {
    String lower = origin.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
