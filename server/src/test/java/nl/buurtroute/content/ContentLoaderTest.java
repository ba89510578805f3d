package nl.buurtroute.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentLoaderTest {

  private static final String START = "fasen/1-start.yaml";
  private static final String RICHT = "fasen/2-richt.yaml";

  @TempDir
  Path dir;

  @Test
  void the_minimal_valid_fixture_loads() {
    Content content = ContentLoader.fromDirectory(Fixtures.valid(dir));

    assertThat(content.fasen()).extracting(Fase::id).containsExactly("start", "richt", "actie", "evaluatie");
    assertThat(content.fase("start").orElseThrow().vraag("start-a").orElseThrow().antwoord("start-a-3")
        .orElseThrow().rollen()).containsExactly("inwoner");
  }

  @Test
  void the_guidance_for_the_facilitator_is_read_with_the_trees() {
    Content content = ContentLoader.fromDirectory(Fixtures.valid(dir));

    Fase start = content.fase("start").orElseThrow();
    assertThat(start.inleiding()).isEqualTo("Waar deze fase over gaat.");
    assertThat(start.afsluiting()).isEqualTo("Wat we meenemen naar de volgende fase.");
    Vraag vraag = start.vraag("start-a").orElseThrow();
    assertThat(vraag.gespreksvragen()).containsExactly("Wat valt jullie op?", "Wie mist er nog?");
    assertThat(vraag.minuten()).isEqualTo(5);
    assertThat(content.begrippen()).containsExactly(
        new Begrip("wijkmonitor", "Een overzicht met cijfers over de wijk."),
        new Begrip("kaders", "Wat al vastligt, zoals geld en regels."));
  }

  @Test
  void a_missing_begrippen_file_is_one_problem() throws Exception {
    Fixtures.valid(dir);
    Files.delete(dir.resolve("begrippen.yaml"));

    ContentException e = catchThrowableOfType(() -> ContentLoader.fromDirectory(dir), ContentException.class);

    assertThat(e.problems()).containsExactly(
        new ContentProblem(dir.resolve("begrippen.yaml").toString(), "", "bestand ontbreekt"));
  }

  static Stream<Arguments> brokenFixtures() {
    return Stream.of(
        // fixture, file, place, part of the reason, number of problems in total
        Arguments.of("volgende-bestaat-niet", START, "fase start, vraag start-b, antwoord start-b-1",
            "volgende \"nope\" bestaat niet", 1),
        Arguments.of("volgende-andere-fase", START, "fase start, vraag start-b, antwoord start-b-1",
            "volgende \"richt-d\" hoort bij fase richt; volgende moet in dezelfde fase blijven", 1),
        Arguments.of("route-te-kort", START, "fase start, vraag start-b, antwoord start-b-1",
            "de route stopt hier na 2 vragen (start-a → start-b)", 1),
        Arguments.of("route-te-lang", START, "fase start, vraag start-d, antwoord start-d-1",
            "na 3 vragen (start-a → start-b → start-d) moet volgende leeg zijn", 1),
        Arguments.of("kring", START, "fase start, vraag start-d, antwoord start-d-1",
            "volgende \"start-b\" gaat terug naar een eerdere vraag", 1),
        Arguments.of("niet-bereikbaar", START, "fase start, vraag start-e", "niet te bereiken vanaf eersteVraag", 1),
        Arguments.of("geen-vertakking", START, "fase start", "de boom vertakt nergens", 1),
        Arguments.of("geen-rolbeperking", START, "fase start", "geen enkel antwoord is voorbehouden aan een rol", 1),
        Arguments.of("rol-kan-niet-antwoorden", START, "fase start, vraag start-b",
            "rol beleidsambtenaar kan hier geen enkel antwoord kiezen", 1),
        Arguments.of("dubbele-vraag-id", RICHT, "fase richt, vraag start-d",
            "vraag-id \"start-d\" komt al voor in fase start", 4),
        Arguments.of("dubbel-antwoord-id", RICHT, "fase richt, vraag richt-a, antwoord start-a-2",
            "antwoord-id \"start-a-2\" komt al voor bij fase start, vraag start-a", 1),
        Arguments.of("onbekende-rol", START, "fase start, vraag start-a, antwoord start-a-2",
            "rol \"burgemeester\" bestaat niet", 1),
        Arguments.of("onbekend-element", START, "fase start, vraag start-a, antwoord start-a-1",
            "werkzaam element 11 bestaat niet", 1),
        Arguments.of("onbekende-interventie", START, "fase start, vraag start-a, antwoord start-a-1",
            "interventie \"bruisteam\" bestaat niet", 1),
        Arguments.of("eerste-vraag-bestaat-niet", START, "fase start", "eersteVraag \"start-x\" bestaat niet", 1),
        Arguments.of("onbekend-veld", START, "fase start, vraag start-a, antwoord start-a-1",
            "onbekend veld \"volgnde\" (bedoel je \"volgende\"?)", 4),
        Arguments.of("yaml-fout", START, "regel 19", "geen geldige YAML", 1),
        Arguments.of("dubbel-veld", START, "regel 29", "veld 'tekst' staat er twee keer", 1),
        Arguments.of("te-weinig-antwoorden", START, "fase start, vraag start-d",
            "een vraag heeft 3 tot 5 antwoorden, deze heeft er 2", 1),
        Arguments.of("reflectie-ontbreekt", START, "fase start, vraag start-c, antwoord start-c-2",
            "reflectie ontbreekt", 1),
        Arguments.of("ongeldig-id", START, "fase start, vraag start-a, antwoord Start_A_2",
            "id \"Start_A_2\" mag alleen kleine letters, cijfers en losse streepjes bevatten", 1),
        Arguments.of("verkeerd-type", START, "fase start, vraag start-a, antwoord start-a-1",
            "werkzameElementen moet een lijst van nummers zijn, maar is \"drie\"", 4),
        Arguments.of("fasen-volgorde", RICHT, "fase richt", "fase nr. 1 moet id \"start\" hebben", 2),
        Arguments.of("colofon-ontbreekt", "content.yaml", "", "colofon ontbreekt", 1),
        Arguments.of("rol-ontbreekt", "rollen.yaml", "rol beleidsambtenaar", "ontbreekt", 1),
        Arguments.of("element-ontbreekt", "werkzame-elementen.yaml", "werkzaam element 10", "ontbreekt", 2),
        Arguments.of("interventie-ongebruikt", "interventies.yaml", "interventie buurtkamer",
            "geen enkel antwoord noemt deze interventie", 1),
        Arguments.of("inleiding-ontbreekt", START, "fase start", "inleiding ontbreekt", 1),
        Arguments.of("minuten-ontbreekt", START, "fase start, vraag start-b", "minuten ontbreekt", 1),
        Arguments.of("gespreksvraag-te-lang", START, "fase start, vraag start-c",
            "gespreksvraag nr. 2 is te lang: 258 tekens, hooguit 200", 1),
        Arguments.of("te-weinig-gespreksvragen", START, "fase start, vraag start-d",
            "een vraag heeft 2 of 3 gespreksvragen, deze heeft er 1", 2),
        Arguments.of("te-weinig-gespreksvragen", START, "fase start, vraag start-d",
            "minuten moet tussen 1 en 30 liggen, maar is 45", 2),
        Arguments.of("begrip-te-lang", "begrippen.yaml", "begrip kaders", "uitleg is te lang", 2),
        Arguments.of("begrip-te-lang", "begrippen.yaml", "begrip Wijkmonitor",
            "dit begrip staat er al als begrip wijkmonitor", 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFixtures")
  void a_broken_fixture_is_refused_naming_file_place_and_reason(String fixture, String file, String place,
                                                                String reason, int count) {
    Fixtures.broken(fixture, dir);

    ContentException e = catchThrowableOfType(() -> ContentLoader.fromDirectory(dir), ContentException.class);

    assertThat(e).as("no ContentException for " + fixture).isNotNull();
    assertThat(e.problems()).as(e.getMessage()).hasSize(count)
        .anySatisfy(p -> {
          assertThat(p.file()).isEqualTo(dir.resolve(file).toString());
          assertThat(p.place()).isEqualTo(place);
          assertThat(p.reason()).contains(reason);
        });
    assertThat(e.getMessage()).contains(e.problems().stream().map(ContentProblem::toString).toList());
  }

  @Test
  void every_problem_is_reported_not_only_the_first() {
    Fixtures.broken("twee-problemen", dir);

    ContentException e = catchThrowableOfType(() -> ContentLoader.fromDirectory(dir), ContentException.class);

    assertThat(e.problems()).containsExactly(
        new ContentProblem(dir.resolve(START).toString(), "fase start, vraag start-b, antwoord start-b-1",
            "volgende \"nope\" bestaat niet"),
        new ContentProblem(dir.resolve("rollen.yaml").toString(), "rol wijkprofessional", "naam ontbreekt"));
    assertThat(e.getMessage()).contains("2 problemen");
  }

  @Test
  void a_missing_file_is_one_problem_without_follow_up_errors() throws Exception {
    Fixtures.valid(dir);
    Files.delete(dir.resolve("interventies.yaml"));

    ContentException e = catchThrowableOfType(() -> ContentLoader.fromDirectory(dir), ContentException.class);

    assertThat(e.problems()).containsExactly(
        new ContentProblem(dir.resolve("interventies.yaml").toString(), "", "bestand ontbreekt"));
  }

  @Test
  void a_missing_directory_is_refused() {
    Path missing = dir.resolve("bestaat-niet");

    ContentException e = catchThrowableOfType(() -> ContentLoader.fromDirectory(missing), ContentException.class);

    assertThat(e.problems()).containsExactly(new ContentProblem(missing.toString(), "", "map bestaat niet"));
  }

  @Test
  void a_problem_reads_as_file_place_and_reason() {
    ContentProblem problem = new ContentProblem("content/fasen/1-start.yaml",
        "fase start, vraag start-x, antwoord start-x-y", "volgende \"nope\" bestaat niet");

    assertThat(problem).hasToString(
        "content/fasen/1-start.yaml: fase start, vraag start-x, antwoord start-x-y: volgende \"nope\" bestaat niet");
    assertThat(new ContentProblem("content/content.yaml", "", "colofon ontbreekt"))
        .hasToString("content/content.yaml: colofon ontbreekt");
  }

  @Nested
  class CheckContent {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void returns_0_and_prints_a_summary_for_valid_content() {
      int code = ContentCheck.run(Fixtures.valid(dir), out);

      assertThat(code).isZero();
      assertThat(output()).contains("is in orde")
          .contains("2 begrippen")
          .contains("start      4 vragen, 12 antwoorden, 27 routes, 15 minuten")
          .contains("totaal: 4 fasen, 16 vragen, 48 antwoorden, 108 routes, 32 gespreksvragen")
          .contains("een avond langs alle fasen duurt volgens de minuten 60 minuten");
    }

    @Test
    void returns_1_and_prints_every_problem_for_broken_content() {
      int code = ContentCheck.run(Fixtures.broken("twee-problemen", dir), out);

      assertThat(code).isEqualTo(1);
      List<String> lines = output().lines().toList();
      assertThat(lines).contains(
          dir.resolve(START) + ": fase start, vraag start-b, antwoord start-b-1: volgende \"nope\" bestaat niet",
          dir.resolve("rollen.yaml") + ": rol wijkprofessional: naam ontbreekt");
      assertThat(output()).contains("klopt niet: 2 problemen");
    }

    @Test
    void returns_1_for_a_directory_that_does_not_exist() {
      assertThat(ContentCheck.run(dir.resolve("nergens"), out)).isEqualTo(1);
      assertThat(output()).contains("map bestaat niet");
    }

    private String output() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
