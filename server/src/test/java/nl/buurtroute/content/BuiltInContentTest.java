package nl.buurtroute.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BuiltInContentTest {

  private final Content content = ContentLoader.builtIn();

  @Test
  void has_the_four_fasen_in_order_with_their_names_and_mottos() {
    assertThat(content.fasen()).extracting(Fase::id).containsExactly("start", "richt", "actie", "evaluatie");
    assertThat(content.fasen()).extracting(Fase::naam)
        .containsExactly("Startfase", "Richtfase", "Actiefase", "Evaluatiefase");
    assertThat(content.fasen()).extracting(Fase::motto).containsExactly("Samen de buurt ontdekken",
        "Samen doelen stellen en een plan maken", "Samen doen", "Samen leren en bijsturen");
  }

  @Test
  void has_the_three_rollen_ten_werkzame_elementen_and_five_interventies() {
    assertThat(content.rollen()).extracting(Rol::id).containsExactly("inwoner", "wijkprofessional", "beleidsambtenaar");
    assertThat(content.werkzameElementen()).extracting(WerkzaamElement::nummer)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
    assertThat(content.werkzaamElement(1).orElseThrow().naam()).isEqualTo("Langdurige betrokkenheid");
    assertThat(content.werkzaamElement(10).orElseThrow().naam()).isEqualTo("Relationeel werken");
    assertThat(content.interventies()).extracting(Interventie::id)
        .containsExactly("studio-bruis", "thuis-op-straat", "abcd", "buurtbestuurt", "kulturhuske");
  }

  @Test
  void refers_to_every_werkzaam_element_and_every_interventie() {
    List<Antwoord> antwoorden = antwoorden();
    Set<Integer> elementen = antwoorden.stream().flatMap(a -> a.werkzameElementen().stream()).collect(Collectors.toSet());
    Set<String> interventies = antwoorden.stream().flatMap(a -> a.interventies().stream()).collect(Collectors.toSet());
    assertThat(elementen).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
    assertThat(interventies).containsExactlyInAnyOrder("studio-bruis", "thuis-op-straat", "abcd", "buurtbestuurt",
        "kulturhuske");
  }

  @Test
  void every_route_through_a_fase_meets_exactly_three_vragen() {
    for (Fase fase : content.fasen()) {
      assertThat(depths(fase, fase.eersteVraag(), 1)).as(fase.id()).containsOnly(3);
    }
  }

  @Test
  void every_fase_gives_each_rol_something_to_say_and_something_of_its_own() {
    for (Fase fase : content.fasen()) {
      for (Vraag vraag : fase.vragen()) {
        for (Rol rol : content.rollen()) {
          assertThat(vraag.antwoorden()).as(vraag.id() + " for " + rol.id()).anyMatch(a -> a.allows(rol.id()));
        }
        assertThat(vraag.antwoorden()).hasSizeBetween(3, 5);
      }
      assertThat(fase.vragen().stream().flatMap(v -> v.antwoorden().stream())).as(fase.id())
          .anyMatch(a -> !a.rollen().isEmpty());
    }
  }

  @Test
  void every_text_is_one_trimmed_line_ready_for_the_beamer() {
    Stream<String> texts = Stream.of(
        Stream.of(content.colofon()),
        content.rollen().stream().flatMap(r -> Stream.of(r.naam(), r.beschrijving())),
        content.werkzameElementen().stream().flatMap(w -> Stream.of(w.naam(), w.uitleg())),
        content.interventies().stream().flatMap(i -> Stream.of(i.naam(), i.samenvatting())),
        content.fasen().stream().flatMap(f -> f.vragen().stream()).flatMap(v -> Stream.of(v.tekst(), v.toelichting())),
        antwoorden().stream().flatMap(a -> Stream.of(a.tekst(), a.reflectie()))).flatMap(s -> s);
    assertThat(texts).allSatisfy(t -> assertThat(t).isNotBlank().isEqualTo(t.strip()).doesNotContain("\n"));
  }

  @Test
  void every_fase_opens_and_closes_and_every_vraag_guides_the_facilitator() {
    for (Fase fase : content.fasen()) {
      assertThat(fase.inleiding()).as(fase.id()).isNotBlank().doesNotContain("\n");
      assertThat(fase.afsluiting()).as(fase.id()).isNotBlank().doesNotContain("\n");
      for (Vraag vraag : fase.vragen()) {
        assertThat(vraag.gespreksvragen()).as(vraag.id()).hasSizeBetween(2, 3)
            .allSatisfy(g -> assertThat(g).endsWith("?").doesNotContain("\n"));
        assertThat(vraag.minuten()).as(vraag.id()).isBetween(3, 15);
      }
    }
  }

  @Test
  void explains_the_words_a_resident_may_not_know() {
    assertThat(content.begrippen()).extracting(Begrip::term).contains("kaders", "wijkmonitor", "presentiebenadering",
        "tellen en vertellen", "goed onderbouwd", "opdrachtgever", "urgentie");
    assertThat(content.begrippen()).allSatisfy(b -> assertThat(b.uitleg()).isNotBlank().doesNotContain("\n"));
  }

  @Test
  void the_guide_asks_whether_residents_are_better_off_and_names_all_three_professional_roles() {
    assertThat(content.vraag("evaluatie-beter").orElseThrow().tekst()).isEqualTo("Zijn de inwoners er beter van geworden?");
    assertThat(content.vraag("actie-rol").orElseThrow().antwoorden()).extracting(Antwoord::id)
        .contains("actie-rol-procesbegeleider", "actie-rol-verbinder", "actie-rol-ondersteuner");
  }

  @Test
  void no_reflectie_repeats_a_sentence_of_another_and_most_ask_the_group_something() {
    Map<String, String> seen = new HashMap<>();
    for (Antwoord antwoord : antwoorden()) {
      for (String sentence : antwoord.reflectie().split("(?<=[.?!])\\s+")) {
        String earlier = seen.putIfAbsent(sentence, antwoord.id());
        assertThat(earlier).as("\"" + sentence + "\" in " + antwoord.id()).isNull();
      }
    }
    long questions = antwoorden().stream().filter(a -> a.reflectie().contains("?")).count();
    assertThat(questions).isGreaterThan(antwoorden().size() * 3L / 4);
  }

  @Test
  void every_werkzaam_element_is_named_fairly_often() {
    Map<Integer, Long> uses = antwoorden().stream().flatMap(a -> a.werkzameElementen().stream())
        .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    long least = uses.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long most = uses.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(most).as(uses.toString()).isLessThanOrEqualTo(least * 3 / 2);
  }

  @Test
  void the_colofon_credits_movisie_without_claiming_its_wording() {
    assertThat(content.colofon()).contains("gebaseerd op de Handleiding beslisbomen van Movisie (2022)")
        .contains("niet de tekst van Movisie");
  }

  @Test
  void the_repository_directory_holds_the_same_content_as_the_jar() {
    assertThat(ContentLoader.fromDirectory(Path.of("../content"))).isEqualTo(content);
  }

  @Test
  void check_content_accepts_the_repository_content_and_prints_a_summary() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = ContentCheck.run(Path.of("../content"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(out).contains("in orde").contains("start").contains("evaluatie").contains("totaal: 4 fasen");
  }

  private List<Antwoord> antwoorden() {
    return content.fasen().stream().flatMap(f -> f.vragen().stream()).flatMap(v -> v.antwoorden().stream()).toList();
  }

  private static List<Integer> depths(Fase fase, String vraagId, int depth) {
    return fase.vraag(vraagId).orElseThrow().antwoorden().stream()
        .flatMap(a -> a.volgende() == null ? Stream.of(depth)
            : depths(fase, a.volgende(), depth + 1).stream())
        .toList();
  }
}
