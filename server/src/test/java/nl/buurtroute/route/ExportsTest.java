package nl.buurtroute.route;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExportsTest {
  static final String NASTY = "=HYPERLINK(\"http://x\"), \"Oost\"\nen West";

  /** Two steps: a majority with disagreement, then a tie the facilitator decides. */
  static Sessions played(String title) {
    Sessions play = new Sessions(title);
    String ans = play.join("Ans", "inwoner");
    String cor = play.join("Cor", "wijkprofessional");
    String dirk = play.join("Dirk", "beleidsambtenaar");
    play.next().open().vote(ans, "start1-b").vote(cor, "start1-a").vote(dirk, "start1-a").close().next();
    play.open().vote(ans, "start2a-a").vote(cor, "start2a-b").close().decide("start2a-b").next();
    return play;
  }

  @Nested
  class AsCsv {
    @Test
    void has_a_header_then_a_row_per_step_and_per_antwoord() {
      Sessions play = played("Wijkavond");
      List<List<String>> rows = Csv.parse(CsvExport.write(play.route(), play.content));
      assertThat(rows.get(0)).containsExactly("Sessie", "Titel", "Stap", "Soort", "Fase", "Vraag-id", "Vraag",
          "Antwoord-id", "Antwoord", "Gekozen", "Besloten door", "Reden", "Rollen oneens", "Stemmen Inwoner",
          "Stemmen Wijkprofessional", "Stemmen Beleidsambtenaar", "Stemmen totaal", "Werkzame elementen",
          "Interventies", "Reflectie", "Notitie", "Notitie gemaakt");
      // step 1: 1 + 3 antwoorden, step 2: 1 + 2 antwoorden
      assertThat(rows).hasSize(1 + 4 + 3);
      assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(22));
      assertThat(rows.get(1)).containsExactly("s1", "Wijkavond", "1", "stap", "start", "start1", "Vraag 1 van start",
          "start1-a", "start1-a", "ja", "meerderheid", "", "ja", "1", "1", "1", "3", "1 element 1", "ABCD", "reflectie", "", "");
      assertThat(rows.get(2)).startsWith("s1", "Wijkavond", "1", "antwoord", "start", "start1", "Vraag 1 van start",
          "start1-a", "start1-a", "ja");
      assertThat(rows.get(2).subList(13, 22)).containsExactly("0", "1", "1", "2", "", "", "", "", "");
      assertThat(rows.get(3).subList(7, 17)).containsExactly("start1-b", "start1-b", "nee", "", "", "", "1", "0", "0", "1");
      assertThat(rows.get(5).subList(2, 13)).containsExactly("2", "stap", "start", "start2a", "Vraag 2a", "start2a-b",
          "start2a-b", "ja", "begeleider", "gelijke stand", "ja");
    }

    @Test
    void quotes_separators_quotes_and_newlines_and_defuses_formulas() {
      Sessions play = played(NASTY);
      String csv = CsvExport.write(play.route(), play.content);
      assertThat(csv).startsWith("\uFEFFSessie;Titel;");
      assertThat(csv).contains(";\"'=HYPERLINK(\"\"http://x\"\"), \"\"Oost\"\"\nen West\";");
      List<List<String>> rows = Csv.parse(csv);
      assertThat(rows).hasSize(8);
      assertThat(rows.subList(1, 8)).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("'" + NASTY));
    }

    @Test
    void every_formula_start_is_defused_and_plain_text_is_left_alone() {
      assertThat(CsvExport.cell("+31 6")).isEqualTo("'+31 6");
      assertThat(CsvExport.cell("-1")).isEqualTo("'-1");
      assertThat(CsvExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
      assertThat(CsvExport.cell("\tx")).isEqualTo("'\tx");
      assertThat(CsvExport.cell("Buurt = fijn")).isEqualTo("Buurt = fijn");
      assertThat(CsvExport.cell("")).isEqualTo("");
      assertThat(CsvExport.cell("één, twee")).isEqualTo("één, twee");
      assertThat(CsvExport.cell("één; twee")).isEqualTo("\"één; twee\"");
      assertThat(CsvExport.cell("\rx")).isEqualTo("\"'\rx\"");
      assertThat(CsvExport.cell("=1+1")).isEqualTo("'=1+1");
    }

    @Test
    void an_attack_cell_in_a_note_comes_back_as_the_same_text_and_runs_nothing() {
      String attack = "=cmd|' /C calc'!A0;\"x\"\r\n-2+3";
      Sessions play = played("Wijkavond");
      Route route = play.route().withNotes(java.util.List.of(
          new Route.Note("n1", attack, java.time.Instant.parse("2025-03-12T20:00:00Z"))));
      String csv = CsvExport.write(route, play.content);
      List<List<String>> rows = Csv.parse(csv);
      List<String> note = rows.get(rows.size() - 1);
      assertThat(note.get(3)).isEqualTo("notitie");
      assertThat(note.get(20)).isEqualTo("'" + attack);
      assertThat(note.get(21)).isEqualTo("2025-03-12T20:00:00Z");
      assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(22));
      // No cell anywhere in the file starts with a formula character once read back.
      assertThat(rows.stream().flatMap(List::stream)).noneMatch(c -> !c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0);
    }
  }

  @Nested
  class AsMarkdown {
    @Test
    void escapes_markdown_in_user_text() {
      assertThat(MarkdownExport.escape("*Wijk* [avond](http://x) <b>|</b> _a_ `c` #1 & ~")).isEqualTo(
          "\\*Wijk\\* \\[avond\\]\\(http://x\\) \\<b\\>\\|\\</b\\> \\_a\\_ \\`c\\` \\#1 \\& \\~");
      assertThat(MarkdownExport.escape("1. begin")).isEqualTo("1\\. begin");
      assertThat(MarkdownExport.escape("- item")).isEqualTo("\\- item");
      assertThat(MarkdownExport.escape("> quote")).isEqualTo("\\> quote");
      assertThat(MarkdownExport.escape("een\n\n# twee\r\ndrie")).isEqualTo("een \\# twee drie");
      assertThat(MarkdownExport.escape("back\\slash")).isEqualTo("back\\\\slash");
    }

    @Test
    void is_a_report_with_title_date_participants_steps_and_summary() {
      Sessions play = played("*Wijk* [Oost] | 2025");
      String md = MarkdownExport.write(play.route(), play.content);
      assertThat(md).startsWith("# \\*Wijk\\* \\[Oost\\] \\| 2025\n\n");
      assertThat(md).contains("- **Wijk:** Oost\n");
      assertThat(md).contains("- **Datum:** 12 maart 2025, 19:30\n");
      assertThat(md).contains("- **Deelnemers:** 3 (Inwoner 1, Wijkprofessional 1, Beleidsambtenaar 1)\n");
      assertThat(md).contains("## start\n\n### Stap 1: Vraag 1 van start\n\n**Gekozen:** start1-a (meerderheid)\n");
      assertThat(md).contains("| Antwoord | Inwoner | Wijkprofessional | Beleidsambtenaar | Totaal |\n"
          + "|---|---:|---:|---:|---:|\n"
          + "| **start1-a** ✓ | 0 | 1 | 1 | 2 |\n"
          + "| start1-b | 1 | 0 | 0 | 1 |\n"
          + "| start1-c | 0 | 0 | 0 | 0 |\n");
      assertThat(md).contains("> reflectie\n");
      assertThat(md).contains("**Gekozen:** start2a-b (besloten door de begeleider, gelijke stand)");
      assertThat(md).contains("## Samenvatting");
      assertThat(md).contains("**Werkzame elementen die de route raakte:** 1 element 1 (2×)");
      assertThat(md).contains("**Werkzame elementen die de route niet raakte:** 2 element 2, 3 element 3");
      assertThat(md).contains("**Rollen oneens:** stap 1 (Vraag 1 van start), stap 2 (Vraag 2a)");
      assertThat(md).contains("**Besloten door de begeleider:** stap 2 (start2a-b, gelijke stand)");
      assertThat(md).contains("**Teruggegaan:** nooit");
    }
  }

  @Nested
  class Filenames {
    @Test
    void are_plain_ascii_from_the_title_and_the_session() {
      Sessions play = played("Wijkavond Café \"Oost\"/../\r\n=1");
      assertThat(RoutesApi.filename(play.route(), "csv")).isEqualTo("buurtroute-wijkavond-cafe-oost-1-s1.csv");
      assertThat(RoutesApi.filename(new Sessions("***").route(), "md")).isEqualTo("buurtroute-s1.md");
    }
  }
}
