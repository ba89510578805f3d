package nl.buurtroute.http;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 6: a foreign page could create sessions with a text/plain POST (no CORS preflight), and the
 * WebSocket's origin check compared the Origin with the Host header, which DNS rebinding controls: the page
 * evil.example, its name re-pointed at this server's address, sends Host and Origin evil.example alike.
 */
class HostAndOriginTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of(
        "BUURTROUTE_PUBLIC_URL", "https://buurtroute.example.nl",
        "BUURTROUTE_ALLOWED_HOSTS", "buurthuis-laptop.local"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_foreign_page_cannot_create_a_session_with_a_simple_text_plain_post() {
    RawHttp.Answer plain = RawHttp.send(server.port(), "POST", "/api/sessions",
        "Content-Type: text/plain", "Origin: http://127.0.0.1:" + server.port(), "\n{\"title\":\"Overgenomen\"}");
    assertThat(plain.status()).isEqualTo(415);
    assertThat(code(plain)).isEqualTo("unsupported_media_type");
    RawHttp.Answer form = RawHttp.send(server.port(), "POST", "/api/sessions",
        "Content-Type: application/x-www-form-urlencoded", "\ntitle=x");
    assertThat(form.status()).isEqualTo(415);
    RawHttp.Answer none = RawHttp.send(server.port(), "POST", "/api/sessions", "\n{\"title\":\"Zonder type\"}");
    assertThat(none.status()).isEqualTo(415);
  }

  @Test
  void a_foreign_origin_cannot_create_a_session_even_with_json() {
    RawHttp.Answer answer = RawHttp.send(server.port(), "POST", "/api/sessions",
        "Content-Type: application/json", "Origin: http://evil.example", "\n{\"title\":\"Overgenomen\"}");
    assertThat(answer.status()).isEqualTo(403);
    assertThat(code(answer)).isEqualTo("bad_origin");
  }

  @Test
  void the_servers_own_pages_and_scripts_still_create_sessions() {
    RawHttp.Answer own = RawHttp.send(server.port(), "POST", "/api/sessions",
        "Content-Type: application/json; charset=utf-8", "Origin: http://127.0.0.1:" + server.port(),
        "\n{\"title\":\"Eigen pagina\"}");
    assertThat(own.status()).isEqualTo(201);
    RawHttp.Answer proxied = RawHttp.send(server.port(), "POST", "/api/sessions", "Host: buurtroute.example.nl",
        "Content-Type: application/json", "Origin: https://buurtroute.example.nl", "\n{\"title\":\"Via proxy\"}");
    assertThat(proxied.status()).isEqualTo(201);
    assertThat(server.createSession("Script zonder Origin").sessionId()).isNotBlank();
  }

  @Test
  void dns_rebinding_a_foreign_name_to_this_server_gets_neither_the_api_nor_the_websocket() {
    RawHttp.Answer api = RawHttp.send(server.port(), "GET", "/api/content", "Host: evil.example:" + server.port());
    assertThat(api.status()).isEqualTo(403);
    assertThat(code(api)).isEqualTo("bad_host");
    RawHttp.Answer create = RawHttp.send(server.port(), "POST", "/api/sessions", "Host: evil.example:" + server.port(),
        "Origin: http://evil.example:" + server.port(), "Content-Type: application/json", "\n{\"title\":\"x\"}");
    assertThat(create.status()).isEqualTo(403);
    RawHttp.Answer ws = RawHttp.send(server.port(), "GET", "/ws", "Host: evil.example:" + server.port(),
        "Origin: http://evil.example:" + server.port(), "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
    assertThat(ws.status()).isEqualTo(403);
    assertThat(code(ws)).isEqualTo("bad_host");
  }

  @Test
  void the_servers_own_names_and_addresses_are_served() {
    for (String host : new String[] {"127.0.0.1:" + server.port(), "localhost:" + server.port(), "localhost",
        "[::1]:" + server.port(), "buurtroute.example.nl", "BUURTHUIS-LAPTOP.local:" + server.port()}) {
      assertThat(RawHttp.send(server.port(), "GET", "/api/content", "Host: " + host).status()).as(host).isEqualTo(200);
    }
    RawHttp.Answer ws = RawHttp.send(server.port(), "GET", "/ws", "Host: localhost:" + server.port(),
        "Origin: http://localhost:" + server.port(), "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
    assertThat(ws.status()).isEqualTo(101);
  }

  private static String code(RawHttp.Answer answer) {
    return new JsonObject(answer.body()).getJsonObject("error").getString("code");
  }
}
