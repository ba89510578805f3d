package nl.buurtroute.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import java.nio.charset.StandardCharsets;

/**
 * A JSON frame encoded to UTF-8 once, to be written to many sockets. Through Vert.x's public API a text
 * frame can only be made from a String (encoded again per socket), so the message goes out in two
 * fragments, as RFC 6455 allows and as Vert.x itself splits large messages: a text fragment with the
 * opening brace, then the encoded rest as the final continuation. Every client joins them into one message.
 * Each socket gets its own slice of the shared bytes, because the transport reads a frame's buffer as it
 * writes it.
 */
final class WireFrame {
  private final Buffer utf8;

  /** {@code json} is a JSON object, as every server frame is; its first character is the fragment split. */
  WireFrame(String json) {
    if (!json.startsWith("{")) {
      throw new IllegalArgumentException("a server frame is a JSON object");
    }
    this.utf8 = Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
  }

  int length() {
    return utf8.length();
  }

  void writeTo(ServerWebSocket socket) {
    socket.writeFrame(WebSocketFrame.textFrame("{", false));
    socket.writeFrame(WebSocketFrame.continuationFrame(utf8.slice(1, utf8.length()), true));
  }
}
