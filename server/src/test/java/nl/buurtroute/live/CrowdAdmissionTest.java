package nl.buurtroute.live;

import io.vertx.core.http.UpgradeRejectedException;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: a crowd joining at once used to queue its handshakes, hellos and welcomes on the event loop, and
 * the sockets already in waited seconds behind them. New sockets now wait for their upgrade while the loop's
 * settling places are taken ({@link UpgradeQueue}); here with one place on one loop, through real sockets.
 */
class CrowdAdmissionTest {

  @Test
  void a_socket_waits_for_its_upgrade_while_another_settles_and_gets_it_once_that_one_is_welcomed() {
    try (TestServer server = withOnePlace(Map.of())) {
      CreatedSession session = server.createSession("Wijkavond");
      try (LiveClient first = server.connect()) {
        CompletableFuture<LiveClient> second = LiveClient.connectLater(server.port());
        // Held back, not refused: nothing comes within the time a free place would take.
        assertThat(second).failsWithin(Duration.ofMillis(700));

        assertThat(first.join(session.joinCode(), "Ans", "inwoner").getString("type")).isEqualTo("welcome");
        assertThat(second).succeedsWithin(Duration.ofSeconds(LiveClient.TIMEOUT_SECONDS));
        try (LiveClient later = second.join()) {
          assertThat(later.join(session.joinCode(), "Bert", "inwoner").getString("type")).isEqualTo("welcome");
        }
      }
    }
  }

  @Test
  void the_facilitators_console_waits_ahead_of_the_phones() {
    try (TestServer server = withOnePlace(Map.of())) {
      CreatedSession session = server.createSession("Wijkavond");
      try (LiveClient first = server.connect()) {
        CompletableFuture<LiveClient> phone = LiveClient.connectLater(server.port());
        assertThat(phone).failsWithin(Duration.ofMillis(300));
        CompletableFuture<LiveClient> console = LiveClient.connectLater(server.port(), "/ws?lead=1");
        assertThat(console).failsWithin(Duration.ofMillis(300));

        first.join(session.joinCode(), "Ans", "inwoner");
        // One place, and the console came after the phone: it gets the place, the phone waits on.
        assertThat(console).succeedsWithin(Duration.ofSeconds(LiveClient.TIMEOUT_SECONDS));
        assertThat(phone).isNotDone();
        try (LiveClient facilitator = console.join()) {
          assertThat(facilitator.facilitate(session.sessionId(), session.facilitatorToken()).getString("type"))
              .isEqualTo("welcome");
          assertThat(phone).succeedsWithin(Duration.ofSeconds(LiveClient.TIMEOUT_SECONDS));
          phone.join().close();
        }
      }
    }
  }

  @Test
  void a_socket_that_waited_too_long_gets_503_server_busy_and_its_retry_gets_in() {
    try (TestServer server = withOnePlace(Map.of("BUURTROUTE_UPGRADE_WAIT_MS", "300"))) {
      CreatedSession session = server.createSession("Wijkavond");
      try (LiveClient silent = server.connect()) {
        CompletableFuture<LiveClient> refused = LiveClient.connectLater(server.port());
        assertThat(refused).failsWithin(Duration.ofSeconds(LiveClient.TIMEOUT_SECONDS))
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .havingCause()
            .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> {
              assertThat(e.getStatus()).isEqualTo(503);
              assertThat(e.getBody().toString()).contains("server_busy");
            });

        assertThat(silent.join(session.joinCode(), "Ans", "inwoner").getString("type")).isEqualTo("welcome");
        try (LiveClient retry = server.connect()) {
          assertThat(retry.join(session.joinCode(), "Bert", "inwoner").getString("type")).isEqualTo("welcome");
        }
      }
    }
  }

  /** A server with one event loop that lets one socket settle at a time, plus {@code more} settings. */
  private static TestServer withOnePlace(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("BUURTROUTE_HTTP_INSTANCES", "1");
    env.put("BUURTROUTE_SETTLING_PER_LOOP", "1");
    return TestServer.start(env);
  }
}
