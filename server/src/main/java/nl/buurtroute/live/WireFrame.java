package nl.buurtroute.live;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import java.nio.charset.StandardCharsets;

/**
 * One server frame as a single WebSocket text message, for one or many sockets. Vert.x's public API makes
 * a text frame only from a String, so the UTF-8 encoding happens per socket inside {@code textFrame}; the
 * bytes are counted once here. (Splitting the message into a text fragment and a continuation over shared
 * bytes would avoid that, but clients that read frame by frame, like our own load generator, then see
 * half messages: one message, one frame stays the protocol.) Phones on the compact state get frames of a few
 * hundred bytes, so that copy is small next to what each socket costs anyway (a Netty frame, a promise and
 * a flush, one write call per socket); Vert.x's internal frame class would take shared bytes, but an
 * internal API is not worth the few per cent it could save.
 */
final class WireFrame {
  private final String json;
  private final int length;

  WireFrame(String json) {
    this.json = json;
    this.length = json.getBytes(StandardCharsets.UTF_8).length;
  }

  int length() {
    return length;
  }

  void writeTo(ServerWebSocket socket) {
    socket.writeFrame(WebSocketFrame.textFrame(json, true));
  }
}
