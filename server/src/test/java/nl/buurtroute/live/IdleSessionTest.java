package nl.buurtroute.live;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.content.ContentLoader;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.loadgen.StoredSessions;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Stores;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, finding 4: unfinished sessions never ended, held their join code and were rebuilt at every start
 * for ever. Now a session without a stored event for {@code BUURTROUTE_SESSION_IDLE_HOURS} ends by itself, with
 * its route as it stood, and says so; the clock is the stored events', so a restart does not reset it.
 */
class IdleSessionTest {

  @Test
  void a_session_nobody_touches_ends_by_itself_with_its_route_saved_and_its_code_freed() {
    // 0.001 hours = 3.6 s.
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_SESSION_IDLE_HOURS", "0.001"))) {
      ContentView content = ContentView.of(server);
      CreatedSession session = server.createSession("Wijkavond");
      try (LiveClient facilitator = server.connect(); LiveClient phone = server.connect()) {
        facilitator.facilitate(session.sessionId(), session.facilitatorToken());
        assertThat(phone.join(session.joinCode(), "Ans", "inwoner").getString("type")).isEqualTo("welcome");
        facilitator.send(new JsonObject().put("type", "next"));
        facilitator.awaitState(s -> "question".equals(s.getString("stage")));
        String vraag = content.eersteVraag(0);
        String antwoord = content.allowed(vraag, "inwoner").get(0);
        facilitator.send(new JsonObject().put("type", "decide").put("antwoordId", antwoord));
        facilitator.awaitState(s -> "result".equals(s.getString("stage")));
        facilitator.send(new JsonObject().put("type", "next"));
        facilitator.awaitState(s -> s.getJsonArray("route").size() == 1);

        // Then nothing happens: the session ends by itself and everyone sees it.
        JsonObject ended = facilitator.awaitState(s -> "finished".equals(s.getString("status")));
        assertThat(ended.getJsonArray("route")).hasSize(1);
        phone.awaitState(s -> "finished".equals(s.getString("status")));
      }

      JsonObject route = new JsonObject(server.get("/api/routes/" + session.sessionId(),
          "Authorization", "Bearer " + session.reviewToken()).body());
      assertThat(route.getString("status")).isEqualTo("finished");
      assertThat(route.getString("endedBy")).isEqualTo("idle");
      assertThat(route.getJsonArray("steps")).hasSize(1);
      assertThat(server.get("/api/routes/" + session.sessionId() + "/export?format=md",
          "Authorization", "Bearer " + session.reviewToken()).body()).contains("vanzelf");

      // The code is freed: once the finished row is stored it is simply unknown. Until then the owner itself
      // answers that the session is over; never that it is moving.
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(LiveClient.TIMEOUT_SECONDS);
      String code;
      do {
        try (LiveClient late = server.connect()) {
          code = late.join(session.joinCode(), "Bo", "inwoner").getString("code");
        }
        assertThat(code).isIn("bad_join_code", "session_finished");
      } while (!"bad_join_code".equals(code) && System.nanoTime() < until);
      assertThat(code).isEqualTo("bad_join_code");
    }
  }

  @Test
  void after_a_restart_the_idle_clock_is_the_stored_events_not_the_start_of_the_server() throws Exception {
    Path data = Files.createTempDirectory("buurtroute-idle");
    StoredSessions.Written forgotten;
    StoredSessions.Written recent;
    Vertx vertx = Vertx.vertx();
    try {
      Store store = Stores.open(vertx, null, data);
      ContentVersions versions = new ContentVersions(store, ContentLoader.builtIn());
      await(store.migrate().compose(v -> versions.register()));
      StoredSessions writer = new StoredSessions(store, versions.current(), versions.currentVersion());
      Instant now = Instant.now();
      forgotten = await(writer.write("Vergeten", 3, 20, now.minus(Duration.ofHours(49))));
      recent = await(writer.write("Gisteren", 3, 20, now.minus(Duration.ofHours(47))));
      await(store.close());
    } finally {
      await(vertx.close());
    }

    // The default 48 hours: one session was last touched 49 hours ago, the other 47.
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_DATA", data.toString()));
         LiveClient facilitator = server.connect();
         LiveClient phone = server.connect()) {
      JsonObject welcome = facilitator.facilitate(forgotten.sessionId(), forgotten.facilitatorToken());
      if (!"finished".equals(welcome.getJsonObject("state").getString("status"))) {
        facilitator.awaitState(s -> "finished".equals(s.getString("status")));
      }
      JsonObject route = new JsonObject(server.get("/api/routes/" + forgotten.sessionId(),
          "Authorization", "Bearer " + forgotten.facilitatorToken()).body());
      assertThat(route.getString("endedBy")).isEqualTo("idle");
      assertThat(phone.join(forgotten.joinCode(), "Ans", "inwoner").getString("code")).isEqualTo("bad_join_code");

      try (LiveClient other = server.connect()) {
        assertThat(other.join(recent.joinCode(), "Bo", "inwoner").getString("type")).isEqualTo("welcome");
      }
      JsonObject running = new JsonObject(server.get("/api/routes/" + recent.sessionId(),
          "Authorization", "Bearer " + recent.facilitatorToken()).body());
      assertThat(running.getString("status")).isEqualTo("running");
      assertThat(running.getValue("endedBy")).isNull();
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
