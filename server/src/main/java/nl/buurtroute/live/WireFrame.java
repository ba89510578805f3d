package nl.buurtroute.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import java.nio.charset.StandardCharsets;

/**
 * A text frame encoded to UTF-8 once, to be written to many sockets. Through the public API a text frame
 * can only be made from a String (encoded per socket), so the bytes go out as a text message in two
 * fragments, the way Vert.x itself splits large messages: an empty first text fragment, then the bytes as
 * the final continuation. Every client joins them into one message. Each socket gets its own slice of the
 * shared bytes, because the transport reads a frame's buffer as it writes it.
 */
final class WireFrame {
  private final Buffer utf8;

  WireFrame(String text) {
    this.utf8 = Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  int length() {
    return utf8.length();
  }

  void writeTo(ServerWebSocket socket) {
    socket.writeFrame(WebSocketFrame.textFrame("", false));
    socket.writeFrame(WebSocketFrame.continuationFrame(utf8.slice(), true));
  }
}
