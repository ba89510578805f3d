package nl.buurtroute.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand over a socket, for what an attacker sends and Java's HTTP client refuses to
 * (a foreign Host header, a half-sent request). One request per connection.
 */
final class RawHttp {
  record Answer(int status, String head, String body) {
  }

  private RawHttp() {
  }

  /** Sends {@code request} (CRLFs added) and reads the whole answer; the server closes after it. */
  static Answer send(int port, String method, String path, String... headersAndBody) {
    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    String body = "";
    boolean hasHost = false;
    for (String line : headersAndBody) {
      if (line.startsWith("\n")) {
        body = line.substring(1);
        continue;
      }
      hasHost |= line.regionMatches(true, 0, "Host:", 0, 5);
      request.append(line).append("\r\n");
    }
    if (!hasHost) {
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!body.isEmpty() || method.equals("POST")) {
      request.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      int status = Integer.parseInt(head.substring(9, 12));
      // After 101 the connection is a WebSocket and stays open: the head is all there is to read.
      String rest = status == 101 ? "" : new String(readAll(in), StandardCharsets.UTF_8);
      return new Answer(status, head, rest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code partial} and then nothing more; returns how the wait ended: true when the server closed the
   * connection within {@code waitMillis}, false when it was still open then.
   */
  static boolean closedAfterPartial(int port, String partial, int waitMillis) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(partial.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      socket.setSoTimeout(waitMillis);
      try {
        readAll(socket.getInputStream());
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      }
    } catch (IOException e) {
      return true; // reset by the server: closed as well
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.UTF_8).strip();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
