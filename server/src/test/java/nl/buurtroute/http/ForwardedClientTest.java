package nl.buurtroute.http;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 1: behind a proxy the server believed the leftmost X-Forwarded-For entry, which the client writes
 * itself. Every test here plays the attacker behind a proxy on loopback: it writes its own entries and the
 * "proxy" appends the address it really saw, as nginx's $proxy_add_x_forwarded_for does. Session creation
 * counts per address (2 at once, none refilled), so whose address a request was counted against shows.
 */
class ForwardedClientTest {
  private static final Map<String, String> TWO_CREATES = Map.of(
      "BUURTROUTE_CREATE_BURST", "2",
      "BUURTROUTE_CREATES_PER_HOUR", "0",
      "BUURTROUTE_HTTP_INSTANCES", "1");

  @Test
  void a_forged_leftmost_entry_neither_escapes_the_limit_nor_locks_out_the_address_it_names() {
    try (TestServer server = start(Map.of("BUURTROUTE_TRUST_PROXY", "true"))) {
      // The attacker is 203.0.113.51; each request claims to come from someone else.
      assertThat(create(server, "198.51.100.1, 203.0.113.51")).isEqualTo(201);
      assertThat(create(server, "203.0.113.77, 203.0.113.51")).isEqualTo(201);
      assertThat(create(server, "198.51.100.3, 203.0.113.51")).isEqualTo(429);
      // 203.0.113.77, named in a forged entry, was never charged.
      assertThat(create(server, "203.0.113.77")).isEqualTo(201);
    }
  }

  @Test
  void the_client_is_the_rightmost_entry_that_is_not_a_trusted_proxy() {
    try (TestServer server = start(Map.of("BUURTROUTE_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8, fd00::/8"))) {
      // Client 203.0.113.60 came through two inner proxies of our own (10.9.8.7 and fd00::1).
      assertThat(create(server, "6.6.6.6, 203.0.113.60, 10.9.8.7, fd00::1")).isEqualTo(201);
      assertThat(create(server, "7.7.7.7, 203.0.113.60, 10.1.1.1")).isEqualTo(201);
      assertThat(create(server, "203.0.113.60")).isEqualTo(429);
      assertThat(create(server, "203.0.113.61, 10.0.0.1")).isEqualTo(201);
    }
  }

  @Test
  void trust_proxy_alone_believes_only_a_proxy_on_loopback() {
    // A request straight from 127.0.0.1 is "from a proxy" here; one from 10.0.0.5 would not be: checked on
    // the parsed settings, since a test cannot connect from another address.
    var settings = nl.buurtroute.config.Settings.fromEnv(Map.of("BUURTROUTE_TRUST_PROXY", "true"));
    assertThat(settings.edge().trustedProxies().contains("127.0.0.1")).isTrue();
    assertThat(settings.edge().trustedProxies().contains("::1")).isTrue();
    assertThat(settings.edge().trustedProxies().contains("10.0.0.5")).isFalse();
    assertThat(nl.buurtroute.config.Settings.fromEnv(Map.of()).edge().trustedProxies().contains("127.0.0.1")).isFalse();
  }

  @Test
  void without_trusted_proxies_forwarded_headers_are_ignored() {
    try (TestServer server = start(Map.of())) {
      assertThat(create(server, "198.51.100.1")).isEqualTo(201);
      assertThat(create(server, "198.51.100.2")).isEqualTo(201);
      assertThat(create(server, "198.51.100.3")).isEqualTo(429);
    }
  }

  @Test
  void an_ipv6_client_counts_per_64_so_fresh_addresses_from_its_network_do_not_escape() {
    try (TestServer server = start(Map.of("BUURTROUTE_TRUST_PROXY", "true"))) {
      assertThat(create(server, "2001:db8:1:2::a")).isEqualTo(201);
      assertThat(create(server, "[2001:db8:1:2:aaaa::b]:51000")).isEqualTo(201);
      assertThat(create(server, "2001:db8:1:2:ffff:ffff:ffff:c")).isEqualTo(429);
      assertThat(create(server, "2001:db8:1:3::1")).isEqualTo(201);
    }
  }

  private static TestServer start(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(TWO_CREATES);
    all.putAll(env);
    return TestServer.start(all);
  }

  private static int create(TestServer server, String forwardedFor) {
    RawHttp.Answer answer = RawHttp.send(server.port(), "POST", "/api/sessions",
        "Content-Type: application/json", "X-Forwarded-For: " + forwardedFor, "\n{\"title\":\"Proxy\"}");
    if (answer.status() == 429) {
      assertThat(new JsonObject(answer.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    }
    return answer.status();
  }
}
