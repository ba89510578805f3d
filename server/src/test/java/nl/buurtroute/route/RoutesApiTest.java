package nl.buurtroute.route;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's Review section and its extensions, over HTTP against a real server and real sessions. */
class RoutesApiTest {
  static final String ADMIN = "admin-token-for-tests-0123456789";
  static TestServer server;
  static ContentView content;
  /** Settings for a store of its own, empty, of the same kind as {@link #server}'s. */
  static Supplier<Map<String, String>> freshStore;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BUURTROUTE_ADMIN_TOKEN", ADMIN));
    content = ContentView.of(server);
    freshStore = () -> {
      try {
        return Map.of("BUURTROUTE_DATA", Files.createTempDirectory("buurtroute-versions").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path, String authorization) {
    return authorization == null ? server.get(path) : server.get(path, "Authorization", authorization);
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(json(response).getJsonObject("error").getString("code")).isEqualTo(code);
  }

  /** An antwoord of this vraag the rol may give, other than {@code not}. */
  static String allowedOther(String vraag, String rol, String not) {
    return content.allowed(vraag, rol).stream().filter(a -> !a.equals(not)).findFirst().orElseThrow();
  }

  @Nested
  class ContentVersion {
    static final String OLD_VRAAG = "Waarom willen jullie aan de slag in de buurt?";
    static final String NEW_VRAAG = "Wat is de reden om te beginnen?";

    @Test
    void a_route_keeps_the_texts_its_group_saw_after_a_restart_with_changed_content() throws Exception {
      Path contentDir = copyOfTheContent();
      Map<String, String> env = new HashMap<>(freshStore.get());
      env.put("BUURTROUTE_CONTENT", contentDir.toString());
      env.put("BUURTROUTE_ADMIN_TOKEN", ADMIN);
      CreatedSession session;
      String oldVersion;
      String chosen;
      String oldAntwoordTekst;
      try (TestServer before = TestServer.start(env)) {
        ContentView oldContent = ContentView.of(before);
        oldVersion = oldContent.json().getString("contentVersion");
        assertThat(oldVersion).matches("[0-9a-f]{16}");
        try (Room room = new Room(before, oldContent, "Avond voor de wijziging", "inwoner")) {
          room.start();
          assertThat(room.vraag()).isEqualTo("start-aanleiding");
          chosen = "start-aanleiding-probleem";
          oldAntwoordTekst = oldContent.antwoorden("start-aanleiding").stream()
              .filter(a -> chosen.equals(a.getString("id"))).findFirst().orElseThrow().getString("tekst");
          room.unanimous(chosen).walkToEnd().finish();
          session = room.session;
        }
      }

      // The content changes between the evenings: a vraag gets new words, the chosen antwoord a new id and text.
      Path start = contentDir.resolve("fasen/1-start.yaml");
      Files.writeString(start, Files.readString(start)
          .replace(OLD_VRAAG, NEW_VRAAG)
          .replace("id: start-aanleiding-probleem", "id: start-aanleiding-overlast")
          .replace(oldAntwoordTekst, "Overlast, afval of onveilige plekken zitten veel mensen dwars."));

      try (TestServer after = TestServer.start(env)) {
        JsonObject now = json(after.get("/api/content"));
        assertThat(now.getString("contentVersion")).matches("[0-9a-f]{16}").isNotEqualTo(oldVersion);
        assertThat(now.getJsonArray("fasen").getJsonObject(0).getJsonArray("vragen").getJsonObject(0)
            .getString("tekst")).isEqualTo(NEW_VRAAG);

        // The overview, asked before anyone read the route, summarises it with its own content version: the
        // current content has no start-aanleiding-probleem any more, so a replay with it would fail.
        HttpResponse<String> overviewResponse = after.get("/api/overview", "Authorization", bearer(ADMIN));
        assertThat(overviewResponse.statusCode()).as(overviewResponse.body()).isEqualTo(200);
        JsonObject overview = json(overviewResponse);
        assertThat(overview.getLong("routes")).isEqualTo(1);
        assertThat(overview.getLong("steps")).isEqualTo(12);
        assertThat(overview.getJsonObject("antwoorden").getJsonObject("start-aanleiding").getLong(chosen))
            .isEqualTo(1);
        JsonObject aanleiding = overview.getJsonArray("vragen").stream().map(JsonObject.class::cast)
            .filter(v -> "start-aanleiding".equals(v.getString("vraagId"))).findFirst().orElseThrow();
        assertThat(aanleiding.getString("tekst")).isEqualTo(NEW_VRAAG);
        JsonObject gone = aanleiding.getJsonArray("antwoorden").stream().map(JsonObject.class::cast)
            .filter(a -> chosen.equals(a.getString("antwoordId"))).findFirst().orElseThrow();
        assertThat(gone.getLong("count")).isEqualTo(1);
        // An id the current content lost takes its words from the built-in 1.0 content, the same on every server.
        assertThat(gone.getString("tekst")).isEqualTo(
            "Er is een probleem dat veel mensen dwarszit, zoals overlast, afval op straat of onveilige plekken.");

        HttpResponse<String> response = after.get("/api/routes/" + session.sessionId(),
            "Authorization", bearer(session.reviewToken()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject route = json(response);
        assertThat(route.getString("contentVersion")).isEqualTo(oldVersion);
        JsonObject first = route.getJsonArray("steps").getJsonObject(0);
        assertThat(first.getString("vraagTekst")).isEqualTo(OLD_VRAAG);
        assertThat(first.getString("antwoordId")).isEqualTo(chosen);
        assertThat(first.getString("antwoordTekst")).isEqualTo(oldAntwoordTekst);
        assertThat(first.getString("reflectie")).isNotBlank();
        assertThat(route.getJsonArray("steps")).hasSize(12);

        String csv = after.get("/api/routes/" + session.sessionId() + "/export?format=csv",
            "Authorization", bearer(session.reviewToken())).body();
        assertThat(csv).contains(OLD_VRAAG).contains(oldAntwoordTekst).doesNotContain(NEW_VRAAG);

        JsonObject old = json(after.get("/api/content?version=" + oldVersion));
        assertThat(old.getString("contentVersion")).isEqualTo(oldVersion);
        assertThat(old.getJsonArray("fasen").getJsonObject(0).getJsonArray("vragen").getJsonObject(0)
            .getString("tekst")).isEqualTo(OLD_VRAAG);
        assertError(after.get("/api/content?version=0123456789abcdef"), 404, "not_found");
        assertError(after.get("/api/content?version=../../etc"), 400, "bad_request");

        CreatedSession later = after.createSession("Avond na de wijziging");
        JsonObject laterRoute = json(after.get("/api/routes/" + later.sessionId(),
            "Authorization", bearer(later.reviewToken())));
        assertThat(laterRoute.getString("contentVersion")).isEqualTo(now.getString("contentVersion"));
      }
    }

    @Test
    void a_running_session_goes_on_with_its_own_content_after_a_restart_with_changed_content() throws Exception {
      Path contentDir = copyOfTheContent();
      Map<String, String> env = new HashMap<>(freshStore.get());
      env.put("BUURTROUTE_CONTENT", contentDir.toString());
      CreatedSession session;
      try (TestServer before = TestServer.start(env);
           Room room = new Room(before, ContentView.of(before), "Avond over de herstart heen", "inwoner")) {
        room.start().unanimous("start-aanleiding-probleem");
        assertThat(room.vraag()).isEqualTo("start-basis");
        session = room.session;
      }
      // The voted antwoord is gone from the new content: replaying with it would fail.
      Path start = contentDir.resolve("fasen/1-start.yaml");
      Files.writeString(start, Files.readString(start)
          .replace("id: start-aanleiding-probleem", "id: start-aanleiding-overlast"));

      try (TestServer after = TestServer.start(env); LiveClient facilitator = after.connect()) {
        JsonObject welcome = facilitator.facilitate(session.sessionId(), session.facilitatorToken());
        assertThat(welcome.getString("type")).as(welcome.encode()).isEqualTo("welcome");
        assertThat(welcome.getJsonObject("state").getString("vraagId")).isEqualTo("start-basis");
        JsonObject route = json(after.get("/api/routes/" + session.sessionId(),
            "Authorization", bearer(session.reviewToken())));
        assertThat(route.getJsonArray("steps").getJsonObject(0).getString("antwoordId"))
            .isEqualTo("start-aanleiding-probleem");
        assertThat(route.getJsonArray("steps").getJsonObject(0).getString("antwoordTekst")).isNotBlank();
      }
    }

    private static Path copyOfTheContent() throws IOException {
      Path from = Path.of("../content");
      Path to = Files.createTempDirectory("buurtroute-content");
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path dest = to.resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(dest);
          } else {
            Files.copy(file, dest);
          }
        }
      }
      return to;
    }
  }

  @Nested
  class Access {
    @Test
    void without_a_usable_token_the_answer_is_401_with_a_bearer_challenge_and_no_route() {
      CreatedSession session = server.createSession("Geheime avond");
      for (String authorization : new String[] {null, "", "Bearer", "Bearer ", "Basic " + session.reviewToken(),
          "Bearer " + session.reviewToken() + " extra", "Bearer a,b", "Token " + session.reviewToken()}) {
        for (String path : List.of("/api/routes/" + session.sessionId(),
            "/api/routes/" + session.sessionId() + "/export?format=csv")) {
          HttpResponse<String> response = authorization == null ? server.get(path) : get(path, authorization);
          assertError(response, 401, "no_token");
          assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(
              v -> assertThat(v).startsWith("Bearer"));
          assertThat(response.body()).doesNotContain("Geheime").doesNotContain("steps");
        }
      }
    }

    @Test
    void a_wrong_token_is_403_and_shows_nothing_of_the_route() {
      CreatedSession session = server.createSession("Geheime avond");
      CreatedSession other = server.createSession("Andere avond");
      for (String token : List.of(other.reviewToken(), other.facilitatorToken(), "x" + session.reviewToken(),
          session.reviewToken().substring(1))) {
        HttpResponse<String> response = get("/api/routes/" + session.sessionId(), bearer(token));
        assertError(response, 403, "bad_token");
        assertThat(response.body()).doesNotContain("Geheime").doesNotContain("steps");
        assertError(get("/api/routes/" + session.sessionId() + "/export?format=md", bearer(token)), 403, "bad_token");
      }
    }

    @Test
    void an_unknown_session_is_404_whatever_the_token() {
      CreatedSession session = server.createSession("Geheime avond");
      for (String token : List.of(session.reviewToken(), session.facilitatorToken(), "wrong")) {
        HttpResponse<String> response = get("/api/routes/nosuchsession1234", bearer(token));
        assertError(response, 404, "not_found");
        assertThat(response.body()).doesNotContain("Geheime");
      }
      assertError(get("/api/routes/" + "a".repeat(200), bearer("wrong")), 404, "not_found");
      assertError(get("/api/routes/nosuchsession1234/export?format=csv", bearer("wrong")), 404, "not_found");
    }

    @Test
    void the_review_token_and_the_facilitator_token_both_open_the_route() {
      CreatedSession session = server.createSession("Open avond");
      for (String token : List.of(session.reviewToken(), session.facilitatorToken())) {
        HttpResponse<String> response = get("/api/routes/" + session.sessionId(), bearer(token));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        JsonObject route = json(response);
        assertThat(route.getString("sessionId")).isEqualTo(session.sessionId());
        assertThat(route.getString("title")).isEqualTo("Open avond");
        assertThat(route.getString("status")).isEqualTo("lobby");
        assertThat(route.getValue("startedAt")).isNull();
        assertThat(route.getJsonArray("steps")).isEmpty();
      }
      assertThat(get("/api/routes/" + session.sessionId(), "bearer  " + session.reviewToken()).statusCode())
          .isEqualTo(200);
    }
  }

  @Nested
  class Reading {
    @Test
    void a_running_session_shows_the_steps_so_far() {
      try (Room room = new Room(server, content, "Lopende avond", "inwoner")) {
        room.start();
        String first = room.vraag();
        room.unanimous(content.open(first, 0));
        JsonObject route = json(get("/api/routes/" + room.session.sessionId(), bearer(room.session.reviewToken())));
        assertThat(route.getString("status")).isEqualTo("running");
        assertThat(route.getString("startedAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(route.getValue("finishedAt")).isNull();
        assertThat(route.getJsonObject("current").getString("vraagId")).isEqualTo(room.vraag());
        JsonArray steps = route.getJsonArray("steps");
        assertThat(steps).hasSize(1);
        JsonObject step = steps.getJsonObject(0);
        assertThat(step.getString("fase")).isEqualTo("start");
        assertThat(step.getString("vraagId")).isEqualTo(first);
        assertThat(step.getString("antwoordId")).isEqualTo(content.open(first, 0));
        assertThat(step.getString("decidedBy")).isEqualTo("majority");
        assertThat(step.getInteger("voters")).isEqualTo(1);
        assertThat(step.getJsonObject("counts").getJsonObject(content.open(first, 0)).getInteger("inwoner")).isEqualTo(1);
        assertThat(step.getString("vraagTekst")).isEqualTo(content.vraag(first).getString("tekst"));
        assertThat(step.getString("antwoordTekst")).isNotBlank();
        assertThat(step.getString("reflectie")).isNotBlank();
        assertThat(step.getString("faseNaam")).isEqualTo("Startfase");
        assertThat(step.getJsonObject("perRol").getInteger("inwoner")).isEqualTo(1);
        assertThat(step.getJsonArray("werkzameElementen")).allSatisfy(e ->
            assertThat(((JsonObject) e).fieldNames()).containsExactlyInAnyOrder("nummer", "naam"));
      }
    }

    @Test
    void a_whole_walk_with_a_disagreement_a_tie_and_a_back_shows_in_the_summary() {
      try (Room room = new Room(server, content, "Hele avond", "inwoner", "inwoner", "wijkprofessional")) {
        room.start();
        // Step 1: both inwoners one antwoord, the wijkprofessional another: a majority, but the rollen disagree.
        String v1 = room.vraag();
        String inwonerChoice = content.allowed(v1, "inwoner").get(0);
        String proChoice = allowedOther(v1, "wijkprofessional", inwonerChoice);
        room.open().vote(0, inwonerChoice).vote(1, inwonerChoice).vote(2, proChoice).closeVote().next();
        // Step 2: one against one, a tie; the facilitator decides, goes back and decides otherwise.
        String v2 = room.vraag();
        String x = content.allowed(v2, "inwoner").get(0);
        String y = allowedOther(v2, "wijkprofessional", x);
        room.open().vote(0, x).vote(2, y).closeVote();
        assertThat(room.state.getValue("result")).isNull();
        room.decide(x).next().back();
        assertThat(room.vraag()).isEqualTo(v2);
        room.decide(y).next();
        room.walkToEnd().finish();

        JsonObject route = json(get("/api/routes/" + room.session.sessionId(), bearer(room.session.facilitatorToken())));
        assertThat(route.getString("status")).isEqualTo("finished");
        assertThat(route.getString("finishedAt")).isNotNull();
        assertThat(route.getValue("current")).isNull();
        JsonArray steps = route.getJsonArray("steps");
        assertThat(steps).hasSize(12);
        assertThat(steps.getJsonObject(0).getBoolean("rollenDisagree")).isTrue();
        assertThat(steps.getJsonObject(0).getJsonObject("majorityPerRol").getMap())
            .containsEntry("inwoner", inwonerChoice).containsEntry("wijkprofessional", proChoice);
        JsonObject second = steps.getJsonObject(1);
        assertThat(second.getString("antwoordId")).isEqualTo(y);
        assertThat(second.getString("decidedBy")).isEqualTo("facilitator");
        assertThat(second.getString("decisionReason")).isEqualTo("tie");
        assertThat(second.getJsonArray("earlierAntwoordIds").getList()).containsExactly(x);

        JsonObject summary = route.getJsonObject("summary");
        assertThat(summary.getJsonArray("disagreements").getJsonObject(0).getInteger("index")).isZero();
        JsonArray decided = summary.getJsonArray("decidedByFacilitator");
        assertThat(decided).hasSize(1);
        assertThat(decided.getJsonObject(0).getString("vraagId")).isEqualTo(v2);
        assertThat(decided.getJsonObject(0).getString("reason")).isEqualTo("tie");
        JsonArray backs = summary.getJsonArray("backs");
        assertThat(backs).hasSize(1);
        assertThat(backs.getJsonObject(0).getString("vraagId")).isEqualTo(v2);
        assertThat(backs.getJsonObject(0).getString("antwoordIdBefore")).isEqualTo(x);
        assertThat(backs.getJsonObject(0).getString("antwoordIdAfter")).isEqualTo(y);
        assertThat(backs.getJsonObject(0).getBoolean("changed")).isTrue();
        JsonObject elements = summary.getJsonObject("werkzameElementen");
        assertThat(elements.getJsonArray("touched").size() + elements.getJsonArray("untouched").size()).isEqualTo(10);
        assertThat(elements.getJsonArray("touched")).isNotEmpty();
        JsonObject participants = summary.getJsonObject("participants");
        assertThat(participants.getInteger("total")).isEqualTo(3);
        assertThat(participants.getJsonObject("perRol").getInteger("inwoner")).isEqualTo(2);
        assertThat(participants.getInteger("joined")).isEqualTo(3);

        HttpResponse<String> md = get("/api/routes/" + room.session.sessionId() + "/export?format=md",
            bearer(room.session.reviewToken()));
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.body()).startsWith("# Hele avond\n").contains("## Samenvatting").contains("### Stap 12: ");
        List<List<String>> csv = Csv.parse(get("/api/routes/" + room.session.sessionId() + "/export?format=csv",
            bearer(room.session.reviewToken())).body());
        int antwoordRows = 0;
        for (int i = 0; i < steps.size(); i++) {
          antwoordRows += steps.getJsonObject(i).getJsonObject("counts").size();
        }
        assertThat(csv).hasSize(1 + 12 + antwoordRows);
      }
    }
  }

  @Nested
  class Exports {
    @Test
    void csv_is_quoted_defused_and_an_attachment() {
      String title = "=2+3 \"Oost\", Noord; zuid";
      try (Room room = new Room(server, content, title, "inwoner")) {
        room.start().unanimous(content.open(room.vraag(), 0));
        HttpResponse<String> response = get("/api/routes/" + room.session.sessionId() + "/export?format=csv",
            bearer(room.session.reviewToken()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(response.headers().firstValue("content-disposition"))
            .hasValue("attachment; filename=\"buurtroute-2-3-oost-noord-zuid-" + room.session.sessionId() + ".csv\"");
        assertThat(response.body()).startsWith("\uFEFF").contains(";\"'=2+3 \"\"Oost\"\", Noord; zuid\";");
        List<List<String>> rows = Csv.parse(response.body());
        assertThat(rows.get(1).get(1)).isEqualTo("'" + title);
        assertThat(rows.get(0).get(0)).isEqualTo("Sessie");
      }
    }

    @Test
    void markdown_escapes_the_title_and_is_an_attachment() {
      try (Room room = new Room(server, content, "*Wijk* [Oost] <b>", "inwoner")) {
        HttpResponse<String> response = get("/api/routes/" + room.session.sessionId() + "/export?format=md",
            bearer(room.session.facilitatorToken()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/markdown; charset=utf-8");
        assertThat(response.headers().firstValue("content-disposition")).hasValueSatisfying(
            v -> assertThat(v).startsWith("attachment; filename=\"buurtroute-wijk-oost-b-").endsWith(".md\""));
        assertThat(response.body()).startsWith("# \\*Wijk\\* \\[Oost\\] \\<b\\>\n");
        assertThat(response.body()).contains("_Nog geen stappen gezet._");
      }
    }

    @Test
    void an_unknown_or_missing_format_is_400() {
      CreatedSession session = server.createSession("Avond");
      assertError(get("/api/routes/" + session.sessionId() + "/export?format=xlsx", bearer(session.reviewToken())),
          400, "bad_format");
      assertError(get("/api/routes/" + session.sessionId() + "/export", bearer(session.reviewToken())), 400,
          "bad_format");
    }
  }

  @Nested
  class Compare {
    @Test
    void two_sessions_that_diverge_are_aligned_by_fase_with_the_point_where_they_split() {
      try (Room a = new Room(server, content, "Avond A", "inwoner");
           Room b = new Room(server, content, "Avond B", "inwoner")) {
        a.start();
        b.start();
        String v1 = a.vraag();
        String same = content.open(v1, 0);
        a.unanimous(same);
        b.unanimous(same);
        String v2 = a.vraag();
        assertThat(b.vraag()).isEqualTo(v2);
        List<String> choices = content.allowed(v2, "inwoner");
        a.unanimous(choices.get(0));
        b.unanimous(choices.get(1));

        HttpResponse<String> response = get("/api/compare?routes=" + a.session.sessionId() + "," + b.session.sessionId(),
            "Bearer " + a.session.reviewToken() + "," + b.session.facilitatorToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject comparison = json(response);
        assertThat(comparison.getJsonArray("routes").getJsonObject(0).getString("title")).isEqualTo("Avond A");
        assertThat(comparison.getJsonArray("routes").getJsonObject(1).getString("title")).isEqualTo("Avond B");
        JsonObject start = comparison.getJsonArray("fasen").getJsonObject(0);
        assertThat(start.getString("fase")).isEqualTo("start");
        JsonArray positions = start.getJsonArray("positions");
        assertThat(positions.getJsonObject(0).getString("match")).isEqualTo("sameAntwoord");
        assertThat(positions.getJsonObject(1).getString("match")).isEqualTo("differentAntwoord");
        assertThat(positions.getJsonObject(1).getJsonArray("steps").getJsonObject(1).getString("antwoordId"))
            .isEqualTo(choices.get(1));
        assertThat(start.getInteger("divergedAt")).isEqualTo(1);
        JsonObject divergence = comparison.getJsonObject("divergence");
        assertThat(divergence.getString("fase")).isEqualTo("start");
        assertThat(divergence.getInteger("index")).isEqualTo(1);
        assertThat(divergence.getString("vraagId")).isEqualTo(v2);
        assertThat(divergence.getJsonArray("choices").getJsonObject(0).getString("antwoordId")).isEqualTo(choices.get(0));
        assertThat(divergence.getJsonArray("choices").getJsonObject(1).getString("sessionId"))
            .isEqualTo(b.session.sessionId());
      }
    }

    @Test
    void each_route_needs_its_own_token_in_the_same_order() {
      CreatedSession a = server.createSession("Geheim A");
      CreatedSession b = server.createSession("Geheim B");
      String path = "/api/compare?routes=" + a.sessionId() + "," + b.sessionId();
      assertError(get(path, null), 401, "no_token");
      assertError(get(path, "Bearer " + a.reviewToken()), 400, "bad_request");
      HttpResponse<String> swapped = get(path, "Bearer " + b.reviewToken() + "," + a.reviewToken());
      assertError(swapped, 403, "bad_token");
      assertThat(swapped.body()).contains("eerste").doesNotContain("Geheim");
      HttpResponse<String> secondWrong = get(path, "Bearer " + a.reviewToken() + "," + a.reviewToken());
      assertError(secondWrong, 403, "bad_token");
      assertThat(secondWrong.body()).contains("tweede").doesNotContain("Geheim");
      assertError(get("/api/compare?routes=" + a.sessionId() + ",nosuchsession1234",
          "Bearer " + a.reviewToken() + "," + b.reviewToken()), 404, "not_found");
      assertError(get("/api/compare?routes=" + a.sessionId(), "Bearer " + a.reviewToken()), 400, "bad_request");
      assertThat(get(path, "Bearer " + a.reviewToken() + ", " + b.reviewToken()).statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class Listing {
    @Test
    void lists_newest_first_in_pages_with_the_admin_token() {
      List<CreatedSession> created = List.of(server.createSession("Lijst 1"), server.createSession("Lijst 2"),
          server.createSession("Lijst 3"));
      HttpResponse<String> response = get("/api/routes?limit=2", bearer(ADMIN));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonObject page = json(response);
      assertThat(page.getLong("total")).isGreaterThanOrEqualTo(3);
      assertThat(page.getInteger("offset")).isZero();
      assertThat(page.getInteger("limit")).isEqualTo(2);
      JsonArray routes = page.getJsonArray("routes");
      assertThat(routes).hasSize(2);
      JsonObject newest = routes.getJsonObject(0);
      assertThat(newest.getString("sessionId")).isEqualTo(created.get(2).sessionId());
      assertThat(newest.getString("title")).isEqualTo("Lijst 3");
      assertThat(newest.getString("status")).isEqualTo("lobby");
      assertThat(newest.getString("reviewUrl")).isEqualTo("/r/" + created.get(2).sessionId());
      assertThat(newest.getString("createdAt")).isNotNull();
      assertThat(newest.fieldNames()).contains("neighbourhood", "startedAt", "finishedAt", "participants");
      assertThat(newest.fieldNames()).doesNotContain("reviewToken", "reviewTokenHash", "joinCode");
      assertThat(routes.getJsonObject(1).getString("sessionId")).isEqualTo(created.get(1).sessionId());

      JsonObject next = json(get("/api/routes?offset=2&limit=2", bearer(ADMIN)));
      assertThat(next.getInteger("offset")).isEqualTo(2);
      assertThat(next.getJsonArray("routes").getJsonObject(0).getString("sessionId"))
          .isEqualTo(created.get(0).sessionId());
      assertThat(json(get("/api/routes?limit=1000", bearer(ADMIN))).getInteger("limit")).isEqualTo(100);
      assertThat(json(get("/api/routes", bearer(ADMIN))).getInteger("limit")).isEqualTo(20);
    }

    @Test
    void needs_the_admin_token_and_sane_numbers() {
      assertError(get("/api/routes", null), 401, "no_token");
      assertError(get("/api/routes", bearer("wrong")), 403, "bad_token");
      CreatedSession session = server.createSession("Avond");
      assertError(get("/api/routes", bearer(session.facilitatorToken())), 403, "bad_token");
      assertError(get("/api/routes?limit=abc", bearer(ADMIN)), 400, "bad_request");
      assertError(get("/api/routes?offset=-1", bearer(ADMIN)), 400, "bad_request");
      assertError(get("/api/routes?limit=0", bearer(ADMIN)), 400, "bad_request");
    }

    @Test
    void is_off_without_the_admin_variable() {
      try (TestServer plain = TestServer.start()) {
        HttpResponse<String> response = plain.get("/api/routes", "Authorization", bearer(ADMIN));
        assertError(response, 404, "listing_off");
        assertThat(json(response).getJsonObject("error").getString("message")).contains("BUURTROUTE_ADMIN_TOKEN");
      }
    }
  }
}
