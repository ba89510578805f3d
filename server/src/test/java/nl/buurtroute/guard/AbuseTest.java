package nl.buurtroute.guard;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input and abuse against a real server with small limits, so each limit is reached quickly. */
class AbuseTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of(
        "BUURTROUTE_MSG_BURST", "10",
        "BUURTROUTE_MSG_PER_SECOND", "2",
        "BUURTROUTE_WRONG_CODES_PER_MINUTE", "5",
        "BUURTROUTE_CREATE_BURST", "30",
        "BUURTROUTE_HEARTBEAT_MS", "200",
        "BUURTROUTE_DEAD_AFTER_MS", "1000",
        "BUURTROUTE_HTTP_INSTANCES", "1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_frame_over_64_kib_closes_the_connection_with_1009() {
    try (LiveClient client = server.connect()) {
      client.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
      assertThat(client.awaitClosed()).isTrue();
      assertThat(client.closeCode()).isEqualTo((short) 1009);
    }
  }

  @Test
  void an_http_body_over_64_kib_gets_413_with_an_error_body() {
    HttpResponse<String> response = server.post("/api/sessions", "{\"title\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).isEqualTo("too_large");
  }

  @Test
  void json_nested_too_deep_or_with_huge_numbers_is_refused_and_the_connection_carries_on() {
    try (LiveClient client = server.connect()) {
      client.sendRaw("{\"type\":\"ping\",\"x\":" + "[".repeat(500) + "]".repeat(500) + "}");
      client.awaitError("bad_json");
      client.sendRaw("{\"type\":\"vote\",\"vraagId\":1e999999,\"antwoordId\":" + "9".repeat(5000) + "}");
      assertThat(client.await("error").getString("code")).isIn("bad_json", "bad_request");
      client.sync();
    }
  }

  @Test
  void a_flooding_connection_is_told_to_slow_down_after_its_burst_and_stays_open() {
    try (LiveClient client = server.connect()) {
      for (int i = 0; i < 40; i++) {
        client.sendRaw("{\"type\":\"dance\"}");
      }
      for (int i = 0; i < 40; i++) {
        client.await("error");
      }
      assertThat(client.seen().stream().filter(f -> "unknown_type".equals(f.getString("code")))).hasSizeBetween(10, 12);
      assertThat(client.seen().stream().filter(f -> "rate_limited".equals(f.getString("code")))).hasSizeBetween(28, 30);
      assertThat(client.closeCode()).isNull();
    }
  }

  @Test
  void a_connection_that_keeps_flooding_is_cut_off() {
    try (LiveClient client = server.connect()) {
      for (int i = 0; i < 300; i++) {
        client.sendRaw("{\"type\":\"ping\"}");
      }
      assertThat(client.awaitClosed()).isTrue();
      assertThat(client.closeCode()).isEqualTo((short) 1008);
    }
  }

  @Test
  void a_foreign_origin_gets_no_websocket_but_the_own_origin_and_no_origin_do() {
    assertThatThrownBy(() -> LiveClient.connect(server.port(), "https://evil.example"))
        .hasStackTraceContaining("403");
    try (LiveClient own = LiveClient.connect(server.port(), "http://127.0.0.1:" + server.port());
         LiveClient script = LiveClient.connect(server.port(), null)) {
      own.sync();
      script.sync();
    }
  }

  @Test
  void every_page_and_api_answer_carries_the_security_headers() {
    for (String path : new String[] {"/", "/api/content", "/j/ABCDEF", "/nope"}) {
      HttpResponse<String> response = server.get(path);
      assertThat(response.headers().firstValue("content-security-policy")).get().asString()
          .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(response.headers().firstValue("x-content-type-options")).contains("nosniff");
      assertThat(response.headers().firstValue("referrer-policy")).contains("no-referrer");
    }
  }

  @Test
  void a_half_open_connection_is_closed_by_the_heartbeat_and_leaves_the_presence_count() throws Exception {
    CreatedSession session = server.createSession("Hartslag");
    try (LiveClient facilitator = server.connect(); Socket silent = new Socket("127.0.0.1", server.port())) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      handshake(silent);
      String join = new JsonObject().put("type", "join").put("joinCode", session.joinCode()).put("name", "Stil")
          .put("rol", "inwoner").encode();
      writeMaskedText(silent.getOutputStream(), join);
      facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("online") == 1);
      // From here on the socket neither reads nor answers pings, like a phone that lost its network.
      facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("online") == 0
          && s.getJsonObject("participants").getInteger("total") == 1);
    }
  }

  @Test
  void a_phone_that_stops_reading_is_cut_off_without_holding_up_the_others() throws Exception {
    try (TestServer own = TestServer.start(Map.of("BUURTROUTE_WRITE_QUEUE_BYTES", "8192", "BUURTROUTE_MSG_BURST", "100000"));
         LiveClient facilitator = own.connect(); LiveClient reader = own.connect();
         Socket stuck = new Socket()) {
      CreatedSession session = own.createSession("Traag");
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      reader.join(session.joinCode(), "Leest wel", "inwoner");
      stuck.setReceiveBufferSize(2048);
      stuck.connect(new java.net.InetSocketAddress("127.0.0.1", own.port()));
      handshake(stuck);
      writeMaskedText(stuck.getOutputStream(), new JsonObject().put("type", "join").put("joinCode", session.joinCode())
          .put("name", "Leest niet").put("rol", "inwoner").encode());
      facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("online") == 2);
      facilitator.send(new JsonObject().put("type", "next"));
      facilitator.awaitState(s -> "question".equals(s.getString("stage")));
      // Every round sends each phone a new state; the stuck one's queue fills until the server lets go.
      boolean cutOff = false;
      for (int round = 0; round < 20_000 && !cutOff; round++) {
        facilitator.send(new JsonObject().put("type", round % 2 == 0 ? "openVoting" : "closeVoting"));
        String stage = round % 2 == 0 ? "voting" : "result";
        JsonObject state = facilitator.awaitState(s -> stage.equals(s.getString("stage")));
        cutOff = state.getJsonObject("participants").getInteger("online") == 1;
        if (!cutOff && round % 200 == 199) {
          facilitator.sync();
          cutOff = facilitator.seen().stream().filter(f -> "state".equals(f.getString("type")))
              .anyMatch(f -> f.getJsonObject("state").getJsonObject("participants").getInteger("online") == 1);
        }
      }
      assertThat(cutOff).as("the stuck phone was cut off").isTrue();
      reader.sync();
      assertThat(reader.seen().stream().filter(f -> "state".equals(f.getString("type"))).count()).isGreaterThan(10);
    }
  }

  @Test
  void too_many_wrong_join_codes_block_the_address_even_for_the_right_code() {
    // A server of its own: the block would otherwise hit the other tests, which share this address.
    try (TestServer own = TestServer.start(Map.of("BUURTROUTE_WRONG_CODES_PER_MINUTE", "5"));
         LiveClient guesser = own.connect()) {
      CreatedSession session = own.createSession("Raden");
      for (String guess : new String[] {"AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE", "FFFFFF", "GGGGGG"}) {
        guesser.join(guess, "Raden", "inwoner");
      }
      assertThat(guesser.seen()).anyMatch(f -> "rate_limited".equals(f.getString("code")));
      assertThat(guesser.join(session.joinCode(), "Raden", "inwoner").getString("code")).isEqualTo("rate_limited");
    }
  }

  private static void handshake(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during handshake: " + headers);
      }
      headers.append((char) b);
    }
    assertThat(headers.toString()).startsWith("HTTP/1.1 101");
  }

  private static void writeMaskedText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    out.write(0x81);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xff);
    }
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }
}
