package nl.buurtroute.route;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's "Organisation overview" over HTTP against a real server with its own fresh store: the overview's
 * figures against routes played by the test over real WebSockets, who may see what, the listing's search and
 * period, the period export, and notes.
 */
class OverviewApiTest {
  static final String ADMIN = "organisation-admin-token-0123456789";
  static final ZoneId NL = ZoneId.of("Europe/Amsterdam");
  static TestServer server;
  static ContentView content;
  /** Finished, 3 phones, one disagreement on the first vraag. */
  static Room east;
  /** Running, 1 phone, one step. */
  static Room west;
  /** Never started. */
  static Room lobby;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_ADMIN_TOKEN", ADMIN));
    playRoutes();
  }

  static void playRoutes() {
    content = ContentView.of(server);
    east = new Room(server, content, "Wijkavond Oost", "inwoner", "inwoner", "wijkprofessional");
    east.start();
    String first = east.vraag();
    String chosen = content.open(first, 0);
    String other = content.allowed(first, "wijkprofessional").stream().filter(a -> !a.equals(chosen))
        .findFirst().orElseThrow();
    east.open().vote(0, chosen).vote(1, chosen).vote(2, other).closeVote().next();
    east.walkToEnd().finish();
    west = new Room(server, content, "Wijkavond West", "beleidsambtenaar");
    west.start().unanimous(content.open(west.vraag(), 1));
    lobby = new Room(server, content, "Nog niet begonnen", "inwoner");
  }

  @AfterAll
  static void stop() {
    east.close();
    west.close();
    lobby.close();
    server.close();
  }

  static HttpResponse<String> get(String path, String token) {
    return token == null ? server.get(path) : server.get(path, "Authorization", "Bearer " + token);
  }

  static HttpResponse<String> post(String path, String body, String token) {
    return token == null ? server.post(path, body) : server.post(path, body, "Authorization", "Bearer " + token);
  }

  static JsonObject ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).isEqualTo(code);
  }

  static JsonObject route(Room room) {
    return ok(get("/api/routes/" + room.session.sessionId(), ADMIN));
  }

  static LocalDate day(JsonObject route) {
    return LocalDate.ofInstant(Instant.parse(route.getString("startedAt")), NL);
  }

  /** The period from the first played route's day to the last one's, so a run across midnight still holds. */
  static String period() {
    return "from=" + day(route(east)) + "&to=" + day(route(west));
  }

  @Nested
  class Figures {
    @Test
    void count_the_started_routes_of_the_period_from_their_steps() {
      JsonObject a = route(east);
      JsonObject b = route(west);
      JsonObject overview = ok(get("/api/overview?" + period(), ADMIN));

      assertThat(overview.getLong("routes")).isEqualTo(2);
      assertThat(overview.getLong("finished")).isEqualTo(1);
      assertThat(overview.getJsonObject("participants").getMap())
          .containsEntry("inwoner", 2).containsEntry("wijkprofessional", 1).containsEntry("beleidsambtenaar", 1);
      assertThat(overview.getLong("disagreements")).isEqualTo(1);
      assertThat(overview.getJsonObject("disagreementsPerRol").getMap())
          .containsEntry("wijkprofessional", 1).containsEntry("inwoner", 0).containsEntry("beleidsambtenaar", 0);
      assertThat(overview.getLong("steps")).isEqualTo(a.getJsonArray("steps").size() + b.getJsonArray("steps").size());

      Map<Integer, Integer> touched = new HashMap<>();
      Map<String, Map<String, Integer>> chosen = new HashMap<>();
      for (JsonObject r : List.of(a, b)) {
        Set<Integer> inRoute = new HashSet<>();
        for (Object s : r.getJsonArray("steps")) {
          JsonObject step = (JsonObject) s;
          step.getJsonArray("werkzameElementen").forEach(e -> inRoute.add(((JsonObject) e).getInteger("nummer")));
          chosen.computeIfAbsent(step.getString("vraagId"), k -> new HashMap<>())
              .merge(step.getString("antwoordId"), 1, Integer::sum);
        }
        inRoute.forEach(n -> touched.merge(n, 1, Integer::sum));
      }
      JsonArray elementen = overview.getJsonArray("werkzameElementen");
      assertThat(elementen).hasSize(10);
      for (int i = 0; i < 10; i++) {
        JsonObject element = elementen.getJsonObject(i);
        int nummer = element.getInteger("nummer");
        assertThat(nummer).isEqualTo(i + 1);
        assertThat(element.getInteger("touched")).as("element " + nummer).isEqualTo(touched.getOrDefault(nummer, 0));
        assertThat(element.getInteger("missed")).isEqualTo(2 - touched.getOrDefault(nummer, 0));
        assertThat(element.getString("naam")).isNotBlank();
      }
      JsonObject antwoorden = overview.getJsonObject("antwoorden");
      assertThat(antwoorden.fieldNames()).containsExactlyInAnyOrderElementsOf(chosen.keySet());
      chosen.forEach((vraag, counts) -> assertThat(antwoorden.getJsonObject(vraag).getMap())
          .containsExactlyInAnyOrderEntriesOf(new HashMap<>(counts)));

      // The readable form: per vraag the most chosen antwoord first, with the texts.
      JsonObject firstVraag = overview.getJsonArray("vragen").getJsonObject(0);
      assertThat(firstVraag.getString("vraagId")).isEqualTo(content.eersteVraag(0));
      assertThat(firstVraag.getString("tekst")).isNotBlank();
      assertThat(firstVraag.getLong("reached")).isEqualTo(2);
      assertThat(firstVraag.getJsonArray("antwoorden").getJsonObject(0).getString("tekst")).isNotBlank();
      assertThat(firstVraag.getJsonArray("antwoorden").getJsonObject(0).getLong("count"))
          .isGreaterThanOrEqualTo(firstVraag.getJsonArray("antwoorden").getJsonObject(1).getLong("count"));
    }

    @Test
    void follow_a_running_route_that_took_another_step() {
      JsonObject before = ok(get("/api/overview?" + period(), ADMIN));
      west.unanimous(content.open(west.vraag(), 0));
      JsonObject after = ok(get("/api/overview?" + period(), ADMIN));
      assertThat(after.getLong("steps")).isEqualTo(before.getLong("steps") + 1);
      assertThat(after.getLong("routes")).isEqualTo(2);
    }

    @Test
    void leave_out_routes_outside_the_period_and_survive_a_restart_of_nothing_in_memory() {
      LocalDate later = day(route(west)).plusDays(1);
      JsonObject empty = ok(get("/api/overview?from=" + later + "&to=" + later.plusDays(30), ADMIN));
      assertThat(empty.getLong("routes")).isZero();
      assertThat(empty.getJsonArray("werkzameElementen").getJsonObject(0).getLong("missed")).isZero();
      assertThat(empty.getJsonObject("antwoorden")).isEmpty();
      JsonObject open = ok(get("/api/overview", ADMIN));
      assertThat(open.getLong("routes")).isEqualTo(2);
      assertThat(open.getString("from")).isNull();
    }

    @Test
    void refuse_a_bad_period() {
      assertError(get("/api/overview?from=31-03-2025", ADMIN), 400, "bad_period");
      assertError(get("/api/overview?from=2025-04-01&to=2025-03-01", ADMIN), 400, "bad_period");
    }
  }

  @Nested
  class Access {
    @Test
    void the_overview_needs_the_admin_token() {
      assertError(get("/api/overview", null), 401, "no_token");
      assertError(get("/api/overview", "wrong-token"), 403, "bad_token");
      assertError(get("/api/overview", east.session.reviewToken()), 403, "bad_token");
      assertError(get("/api/overview", east.session.facilitatorToken()), 403, "bad_token");
      assertError(get("/api/overview/export", east.session.reviewToken()), 403, "bad_token");
      assertThat(get("/api/overview", ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void the_admin_token_opens_every_route_and_its_exports() {
      String id = east.session.sessionId();
      assertThat(route(east).getString("title")).isEqualTo("Wijkavond Oost");
      assertThat(get("/api/routes/" + id + "/export?format=csv", ADMIN).statusCode()).isEqualTo(200);
      assertThat(get("/api/routes/" + id + "/export?format=md", ADMIN).statusCode()).isEqualTo(200);
      assertError(get("/api/routes/" + id, west.session.reviewToken()), 403, "bad_token");
      assertError(get("/api/routes/" + id, "wrong-token"), 403, "bad_token");
      assertError(get("/api/routes/" + id, null), 401, "no_token");
    }

    @Test
    void the_overview_is_off_without_the_admin_variable() {
      try (TestServer plain = TestServer.start()) {
        HttpResponse<String> response = plain.get("/api/overview", "Authorization", "Bearer " + ADMIN);
        assertError(response, 404, "listing_off");
      }
    }
  }

  @Nested
  class Listing {
    @Test
    void searches_the_title_and_carries_the_summary() {
      JsonObject page = ok(get("/api/routes?q=OOST", ADMIN));
      assertThat(page.getLong("total")).isEqualTo(1);
      JsonObject listed = page.getJsonArray("routes").getJsonObject(0);
      assertThat(listed.getString("sessionId")).isEqualTo(east.session.sessionId());
      assertThat(listed.getJsonObject("perRol").getMap()).containsEntry("inwoner", 2).containsEntry("wijkprofessional", 1);
      assertThat(listed.getJsonArray("werkzameElementen")).isNotEmpty();
      assertThat(listed.getString("reviewUrl")).isEqualTo("/r/" + east.session.sessionId());
      assertThat(ok(get("/api/routes?q=100%25", ADMIN)).getLong("total")).isZero();
    }

    @Test
    void filters_by_period_and_pages() {
      JsonObject all = ok(get("/api/routes?limit=2", ADMIN));
      assertThat(all.getLong("total")).isEqualTo(3);
      assertThat(all.getJsonArray("routes")).hasSize(2);
      assertThat(ok(get("/api/routes?limit=2&offset=2", ADMIN)).getJsonArray("routes")).hasSize(1);
      LocalDate later = day(route(west)).plusDays(1);
      assertThat(ok(get("/api/routes?from=" + later, ADMIN)).getLong("total")).isZero();
    }

    @Test
    void exports_all_routes_of_a_period_as_one_csv() {
      HttpResponse<String> response = get("/api/overview/export?" + period(), ADMIN);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
      assertThat(response.headers().firstValue("content-disposition").orElseThrow()).startsWith("attachment;");
      List<List<String>> rows = Csv.parse(response.body());
      assertThat(rows.get(0).get(0)).isEqualTo("Sessie");
      Set<String> sessions = new HashSet<>();
      rows.subList(1, rows.size()).forEach(r -> sessions.add(r.get(0)));
      assertThat(sessions).containsExactlyInAnyOrder(east.session.sessionId(), west.session.sessionId());
    }
  }

  @Nested
  class Notes {
    String path() {
      return "/api/routes/" + east.session.sessionId() + "/notes";
    }

    @Test
    void review_facilitator_and_admin_add_dated_notes_that_the_route_and_exports_carry() {
      HttpResponse<String> created = post(path(), "{\"text\":\"  Anna belt de corporatie; =1+1  \"}",
          east.session.reviewToken());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonObject note = new JsonObject(created.body());
      assertThat(note.getString("text")).isEqualTo("Anna belt de corporatie; =1+1");
      assertThat(note.getString("noteId")).isNotBlank();
      assertThat(Instant.parse(note.getString("createdAt"))).isBeforeOrEqualTo(Instant.now());
      assertThat(post(path(), "{\"text\":\"Cor plant de volgende avond\"}", east.session.facilitatorToken())
          .statusCode()).isEqualTo(201);
      assertThat(post(path(), "{\"text\":\"" + "x".repeat(2000) + "\"}", ADMIN).statusCode()).isEqualTo(201);

      JsonArray notes = route(east).getJsonArray("notes");
      List<String> texts = notes.stream().map(n -> ((JsonObject) n).getString("text")).toList();
      assertThat(texts).containsSubsequence("Anna belt de corporatie; =1+1", "Cor plant de volgende avond",
          "x".repeat(2000));
      assertThat(notes.getJsonObject(0).getString("createdAt")).isNotBlank();

      List<List<String>> csv = Csv.parse(get("/api/routes/" + east.session.sessionId() + "/export?format=csv",
          east.session.reviewToken()).body());
      assertThat(csv.stream().filter(r -> "notitie".equals(r.get(3))).map(r -> r.get(20)))
          .contains("Anna belt de corporatie; =1+1", "Cor plant de volgende avond");
      String md = get("/api/routes/" + east.session.sessionId() + "/export?format=md", ADMIN).body();
      assertThat(md).contains("## Notities").contains("Anna belt de corporatie; =1+1");
    }

    @Test
    void refuse_empty_too_long_malformed_and_foreign() {
      assertError(post(path(), "{\"text\":\"   \"}", east.session.reviewToken()), 400, "note_empty");
      assertError(post(path(), "{\"text\":\"" + "x".repeat(2001) + "\"}", east.session.reviewToken()), 400,
          "note_too_long");
      assertError(post(path(), "{\"tekst\":\"hoi\"}", east.session.reviewToken()), 400, "bad_request");
      assertError(post(path(), "niet json", east.session.reviewToken()), 400, "bad_json");
      assertError(post(path(), "{\"text\":\"hoi\"}", west.session.reviewToken()), 403, "bad_token");
      assertError(post(path(), "{\"text\":\"hoi\"}", "wrong-token"), 403, "bad_token");
      assertError(post(path(), "{\"text\":\"hoi\"}", null), 401, "no_token");
      assertError(post("/api/routes/nosuchsession1234/notes", "{\"text\":\"hoi\"}", ADMIN), 404, "not_found");
      JsonArray notes = route(east).getJsonArray("notes");
      assertThat(notes.stream().map(n -> ((JsonObject) n).getString("text"))).doesNotContain("hoi");
    }
  }
}
