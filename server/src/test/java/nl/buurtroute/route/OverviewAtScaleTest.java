package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;
import nl.buurtroute.store.Store.StoredEvent;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organisation overview over 10,000 stored routes: three routes are played over real WebSockets, then
 * copied in the store to 10,000 routes spread over 2025 (their events as they are, under new session ids and
 * shifted dates), and the overview is asked for. Prints how long it takes: once when no route has a summary
 * yet (every route replayed, as after an upgrade), then as it answers day to day (summaries current), for a
 * year, a month and all time. The figures are printed, not asserted (no timing assertions in tests), but the
 * counts are: every copy is counted.
 */
class OverviewAtScaleTest {
  static final String ADMIN = "scale-admin-token-0123456789abcdef";
  static final int ROUTES = 10_000;
  static final int CHUNK = 250;
  static final Instant YEAR_START = Instant.parse("2025-01-01T18:00:00Z");
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_ADMIN_TOKEN", ADMIN));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }

  static List<StoredEvent> played(ContentView content, String title, int pick, String... rollen) throws Exception {
    try (Room room = new Room(server, content, title, rollen)) {
      room.start();
      while (room.vraag() != null) {
        room.unanimous(content.open(room.vraag(), pick));
      }
      room.finish();
      return await(server.server().store().events(room.session.sessionId()));
    }
  }

  @Test
  void the_overview_of_10000_routes_answers_from_the_stored_summaries() throws Exception {
    ContentView content = ContentView.of(server);
    List<List<StoredEvent>> templates = List.of(
        played(content, "Wijkavond A", 0, "inwoner", "inwoner", "wijkprofessional"),
        played(content, "Wijkavond B", 1, "inwoner", "beleidsambtenaar"),
        played(content, "Wijkavond C", 2, "wijkprofessional", "beleidsambtenaar", "inwoner", "inwoner"));
    Store store = server.server().store();

    long building = System.nanoTime();
    int events = 0;
    for (int from = 0; from < ROUTES; from += CHUNK) {
      List<Future<Void>> sessions = new ArrayList<>();
      List<StoredEvent> copies = new ArrayList<>();
      for (int i = from; i < Math.min(ROUTES, from + CHUNK); i++) {
        List<StoredEvent> template = templates.get(i % templates.size());
        String id = String.format("scale%011d", i);
        // Spread over 2025: about 27 routes a day, in the evening.
        Duration shift = Duration.between(template.get(0).at(), YEAR_START.plus(Duration.ofMinutes(52L * i)));
        Instant created = template.get(0).at().plus(shift);
        sessions.add(store.createSession(new SessionRecord(id, "Route " + i, "Wijk " + (i % 40), "S" + i, "fh", "rh",
            "finished", 3, created, created.plusSeconds(60), created.plusSeconds(5400))));
        for (StoredEvent e : template) {
          copies.add(new StoredEvent(id, e.seq(), e.type(), e.json(), e.at().plus(shift)));
        }
      }
      await(Future.all(sessions));
      await(store.append(copies));
      events += copies.size();
    }
    System.out.printf("[overview at scale, %s] stored %,d routes with %,d events in %.1f s%n", store.kind(), ROUTES,
        events, (System.nanoTime() - building) / 1e9);

    long cold = System.nanoTime();
    JsonObject all = overviewWaiting("");
    System.out.printf("[overview at scale, %s] first overview, summarising all %,d routes: %.2f s%n", store.kind(),
        ROUTES + 3, (System.nanoTime() - cold) / 1e9);
    assertThat(all.getLong("routes")).isEqualTo(ROUTES + 3);
    assertThat(all.getLong("finished")).isEqualTo(ROUTES + 3);

    for (String period : List.of("from=2025-01-01&to=2025-12-31", "from=2025-03-01&to=2025-03-31", "")) {
      long[] millis = new long[7];
      JsonObject answer = null;
      for (int run = 0; run < millis.length; run++) {
        long t = System.nanoTime();
        answer = overview(period);
        millis[run] = (System.nanoTime() - t) / 1_000_000;
      }
      Arrays.sort(millis);
      System.out.printf("[overview at scale, %s] overview %s over %,d routes: median %d ms, slowest %d ms (7 runs)%n",
          store.kind(), period.isEmpty() ? "of all time" : period, answer.getLong("routes"), millis[3], millis[6]);
      if (period.startsWith("from=2025-01-01")) {
        assertThat(answer.getLong("routes")).isEqualTo(ROUTES);
        assertThat(answer.getJsonArray("werkzameElementen").getJsonObject(0).getLong("touched")
            + answer.getJsonArray("werkzameElementen").getJsonObject(0).getLong("missed")).isEqualTo(ROUTES);
      }
    }

    long t = System.nanoTime();
    HttpResponse<String> page = server.get("/api/routes?q=route%2012&from=2025-01-01&to=2025-12-31&offset=25&limit=25",
        "Authorization", "Bearer " + ADMIN);
    System.out.printf("[overview at scale, %s] listing page 2 of a title search in a year: %d ms%n", store.kind(),
        (System.nanoTime() - t) / 1_000_000);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(page.body()).getLong("total")).isPositive();
  }

  /** The first overview replays every route; that may take longer than TestServer's 10 s request timeout. */
  static JsonObject overviewWaiting(String period) throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(server.url("/api/overview" + (period.isEmpty() ? "" : "?" + period))))
        .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofMinutes(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  static JsonObject overview(String period) {
    HttpResponse<String> response = server.get("/api/overview" + (period.isEmpty() ? "" : "?" + period),
        "Authorization", "Bearer " + ADMIN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }
}
