package nl.buurtroute.http;

import io.nayuki.qrcodegen.QrCode;
import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.api.ApiException;
import nl.buurtroute.api.Client;
import nl.buurtroute.session.Tokens;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The link (and QR code) phones use to join. Behind a proxy it is {@code BUURTROUTE_PUBLIC_URL}; otherwise
 * the address the console was opened on, except that localhost means nothing to a phone, so then the
 * server's address on the local network takes its place.
 */
final class JoinLinks {
  private final String publicUrl;
  private final Optional<String> lanAddress;

  /** {@code listenHost}: the LAN address is offered only when the server listens on every interface. */
  JoinLinks(String publicUrl, String listenHost) {
    this.publicUrl = publicUrl;
    boolean everyInterface = listenHost == null || listenHost.equals("0.0.0.0") || listenHost.equals("::");
    this.lanAddress = everyInterface ? lanAddress() : Optional.empty();
  }

  String joinUrl(RoutingContext ctx, String joinCode) {
    return base(ctx) + "/j/" + joinCode;
  }

  /**
   * The short address a person types instead of scanning: the join page without a code and without the
   * scheme (a browser adds it), such as {@code 192.168.1.20:8080/j}; the page then asks for the code.
   */
  String typeUrl(RoutingContext ctx) {
    return base(ctx).replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "").replaceFirst("/+$", "") + "/j";
  }

  String base(RoutingContext ctx) {
    if (publicUrl != null) {
      return publicUrl;
    }
    String scheme = Client.of(ctx).scheme();
    String authority = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().host();
    if (isLocal(host) && lanAddress.isPresent()) {
      int port = ctx.request().authority() == null ? -1 : ctx.request().authority().port();
      authority = lanAddress.get() + (port > 0 ? ":" + port : "");
    }
    return scheme + "://" + authority;
  }

  /** {@code GET /api/join-link/:code}: the link, the short address to type, and whether phones can reach it. */
  void describe(RoutingContext ctx) {
    String code = code(ctx);
    String url = joinUrl(ctx, code) + secretFragment(ctx);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("joinCode", code);
    answer.put("joinUrl", url);
    answer.put("typeUrl", typeUrl(ctx));
    answer.put("reachableFromPhones", !isLocal(hostOf(url)));
    answer.put("qrUrl", "/api/join-link/" + code + "/qr.svg");
    ctx.json(answer);
  }

  /** {@code GET /api/join-link/:code/qr.svg}: the join link as a QR code. */
  void qr(RoutingContext ctx) {
    String code = code(ctx);
    QrCode qr = QrCode.encodeText(joinUrl(ctx, code) + secretFragment(ctx), QrCode.Ecc.MEDIUM);
    ctx.response().putHeader("content-type", "image/svg+xml").putHeader("cache-control", "no-store").end(svg(qr, 4));
  }

  /**
   * {@code #SECRET} when the request carries the link's secret in {@code X-Join-Secret} (the console and
   * beamer know it), so the QR code is the full link; a header, not the query, keeps it out of access logs.
   * The server only repeats what it was sent: these endpoints still never say whether a code exists.
   */
  private static String secretFragment(RoutingContext ctx) {
    String secret = ctx.request().getHeader("X-Join-Secret");
    if (secret == null || secret.isEmpty()) {
      return "";
    }
    if (secret.length() < 22 || secret.length() > 64 || !secret.matches("[A-Za-z0-9_-]+")) {
      throw new ApiException(400, "bad_request", "De geheime code van de link klopt niet van vorm.");
    }
    return "#" + secret;
  }

  static String svg(QrCode qr, int border) {
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
        }
      }
    }
    int dimension = qr.size + border * 2;
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + dimension + " " + dimension
        + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR-code om mee te doen\">"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
  }

  private static String code(RoutingContext ctx) {
    String code = Tokens.normalizeJoinCode(ctx.pathParam("code"));
    if (!Tokens.looksLikeJoinCode(code)) {
      throw new ApiException(400, "bad_join_code", "Een code bestaat uit 8 (of, bij oudere sessies, 6) letters en cijfers.");
    }
    return code;
  }

  private static String hostOf(String url) {
    return java.net.URI.create(url).getHost();
  }

  static boolean isLocal(String host) {
    if (host == null) {
      return true;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0.0.0.0");
  }

  /**
   * The address phones on the same network can reach: a private (site-local) IPv4 address if there is one,
   * otherwise any other routable IPv4 address of an interface that is up (some networks hand out public or
   * carrier-grade addresses); never loopback or link-local.
   */
  private static Optional<String> lanAddress() {
    String fallback = null;
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (!(address instanceof Inet4Address) || address.isLoopbackAddress() || address.isLinkLocalAddress()) {
            continue;
          }
          if (address.isSiteLocalAddress()) {
            return Optional.of(address.getHostAddress());
          }
          if (fallback == null) {
            fallback = address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(fallback);
  }
}
