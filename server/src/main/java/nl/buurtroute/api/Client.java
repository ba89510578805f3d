package nl.buurtroute.api;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.guard.AddressRanges;

import java.net.InetAddress;
import java.util.List;

/**
 * Who sent a request: the client's address and scheme, read from {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} only when the TCP peer is a trusted proxy. The client is the rightmost
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy: every proxy appends the address it saw,
 * so entries further left are whatever the client chose to write and are ignored.
 *
 * @param address  the client's address, as used for per-address limits
 * @param scheme   {@code http} or {@code https} as the client used it
 * @param viaProxy whether the request came through a trusted proxy; such a request is never "from this
 *                 machine", even when the proxy runs here and so connects from loopback
 */
public record Client(String address, String scheme, boolean viaProxy) {
  private static final String KEY = "buurtroute.client";
  private static final int MAX_ENTRIES = 32;

  /** The client of this request, as found by {@link #resolver}; direct when no resolver ran. */
  public static Client of(RoutingContext ctx) {
    Client client = ctx.get(KEY);
    return client != null ? client : direct(ctx);
  }

  /** Whether the request came straight from this machine, not through any proxy. */
  public boolean local() {
    InetAddress parsed = AddressRanges.literal(address);
    return !viaProxy && parsed != null && parsed.isLoopbackAddress();
  }

  /** The first handler of the router: finds the client once per request. */
  public static Handler<RoutingContext> resolver(AddressRanges trustedProxies) {
    return ctx -> {
      ctx.put(KEY, resolve(ctx, trustedProxies));
      ctx.next();
    };
  }

  private static Client direct(RoutingContext ctx) {
    return new Client(peer(ctx), ctx.request().isSSL() ? "https" : "http", false);
  }

  private static String peer(RoutingContext ctx) {
    SocketAddress peer = ctx.request().connection() == null ? null : ctx.request().connection().remoteAddress();
    return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
  }

  static Client resolve(RoutingContext ctx, AddressRanges trustedProxies) {
    String peer = peer(ctx);
    if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
      return direct(ctx);
    }
    List<String> forwarded = ctx.request().headers().getAll("X-Forwarded-For");
    String client = peer;
    outer:
    for (int h = forwarded.size() - 1, seen = 0; h >= 0; h--) {
      String[] entries = forwarded.get(h).split(",");
      for (int i = entries.length - 1; i >= 0 && seen < MAX_ENTRIES; i--, seen++) {
        String entry = entries[i].strip();
        if (entry.isEmpty()) {
          continue;
        }
        InetAddress parsed = AddressRanges.literal(entry);
        if (parsed == null) {
          // Not an address ("unknown", a name, garbage): as far as we can tell who the client is.
          client = entry.length() > 64 ? entry.substring(0, 64) : entry;
          break outer;
        }
        client = parsed.getHostAddress();
        if (!trustedProxies.contains(parsed)) {
          break outer;
        }
      }
    }
    return new Client(client, scheme(ctx), true);
  }

  private static String scheme(RoutingContext ctx) {
    String proto = ctx.request().getHeader("X-Forwarded-Proto");
    if (proto != null) {
      String[] parts = proto.split(",");
      String last = parts[parts.length - 1].strip();
      if ("https".equalsIgnoreCase(last) || "http".equalsIgnoreCase(last)) {
        return last.toLowerCase(java.util.Locale.ROOT);
      }
    }
    return ctx.request().isSSL() ? "https" : "http";
  }
}
