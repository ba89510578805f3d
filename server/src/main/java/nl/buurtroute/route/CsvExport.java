package nl.buurtroute.route;

import nl.buurtroute.content.Content;
import nl.buurtroute.content.Rol;
import nl.buurtroute.route.Route.RouteStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The route as a spreadsheet table, written by {@link CsvWriter} (';', byte order mark, quoting and defusing
 * as the contract says). After the header row
 * every step has one row of kind "stap" (the chosen antwoord, the voters per rol) followed by one row of kind
 * "antwoord" per antwoord of its vraag (the votes per rol for that antwoord). Columns:
 *
 * <pre>
 * Sessie, Titel, Stap (1-based), Soort (stap|antwoord), Fase (naam), Vraag-id, Vraag, Antwoord-id, Antwoord,
 * Gekozen (ja|nee), Besloten door (meerderheid|begeleider; stap rows), Reden (gelijke stand|geen stemmen|
 * afwijkend van de meerderheid|meerderheid bevestigd), Rollen oneens (ja|nee; stap rows),
 * Stemmen &lt;rol naam&gt; (one column per rol, in the content's order), Stemmen totaal,
 * Werkzame elementen ("3 Naam; 7 Naam"; stap rows), Interventies (namen; stap rows), Reflectie (stap rows),
 * Notitie, Notitie gemaakt (ISO-8601 UTC; notitie rows)
 * </pre>
 *
 * After the steps, one row of kind "notitie" per note of the team, oldest first (Stap empty).
 */
final class CsvExport {
  private CsvExport() {
  }

  static String write(Route route, Content content) {
    CsvWriter out = new CsvWriter();
    out.row(header(content));
    rows(out, route, content);
    return out.text();
  }

  static List<Object> header(Content content) {
    return header(content.rollen());
  }

  static List<Object> header(List<Rol> rollen) {
    List<Object> header = new ArrayList<>(List.of("Sessie", "Titel", "Stap", "Soort", "Fase", "Vraag-id", "Vraag",
        "Antwoord-id", "Antwoord", "Gekozen", "Besloten door", "Reden", "Rollen oneens"));
    rollen.forEach(r -> header.add("Stemmen " + r.naam()));
    header.addAll(List.of("Stemmen totaal", "Werkzame elementen", "Interventies", "Reflectie", "Notitie",
        "Notitie gemaakt"));
    return header;
  }

  /** The rows of one route, without the header, its rol columns and texts from {@code content}. */
  static void rows(CsvWriter out, Route route, Content content) {
    rows(out, route, content.rollen(), content);
  }

  /**
   * The rows of one route under a header made for {@code columns} (the period export writes routes of several
   * content versions under one header of the current content's rollen); the texts come from {@code content},
   * the version the route ran with.
   */
  static void rows(CsvWriter out, Route route, List<Rol> columns, Content content) {
    for (RouteStep step : route.steps()) {
      List<Object> cells = new ArrayList<>(List.of(route.sessionId(), text(route.title()), step.index() + 1, "stap",
          text(step.faseNaam()), step.vraagId(), text(step.vraagTekst()), step.antwoordId(),
          text(step.antwoordTekst()), "ja", Texts.decidedBy(step.decidedBy()), text(Texts.reason(step.decisionReason())),
          step.rollenDisagree() ? "ja" : "nee"));
      for (Rol rol : columns) {
        cells.add(step.perRol().getOrDefault(rol.id(), 0));
      }
      cells.add(step.voters());
      cells.add(step.werkzameElementen().stream().map(e -> e.nummer() + " " + text(e.naam()))
          .collect(Collectors.joining("; ")));
      cells.add(step.interventies().stream().map(i -> text(i.naam() == null ? i.id() : i.naam()))
          .collect(Collectors.joining("; ")));
      cells.add(text(step.reflectie()));
      cells.addAll(List.of("", ""));
      out.row(cells);
      for (Map.Entry<String, Map<String, Integer>> antwoord : step.counts().entrySet()) {
        String antwoordId = antwoord.getKey();
        List<Object> votes = new ArrayList<>(List.of(route.sessionId(), text(route.title()), step.index() + 1,
            "antwoord", text(step.faseNaam()), step.vraagId(), text(step.vraagTekst()), antwoordId,
            text(Texts.antwoordTekst(content, step.vraagId(), antwoordId)),
            antwoordId.equals(step.antwoordId()) ? "ja" : "nee", "", "", ""));
        int total = 0;
        for (Rol rol : columns) {
          int n = antwoord.getValue().getOrDefault(rol.id(), 0);
          votes.add(n);
          total += n;
        }
        votes.add(total);
        votes.addAll(List.of("", "", "", "", ""));
        out.row(votes);
      }
    }
    int empty = header(columns).size() - 6;   // the header's columns after Soort and before Notitie
    for (Route.Note note : route.notes()) {
      List<Object> cells = new ArrayList<>(List.of(route.sessionId(), text(route.title()), "", "notitie"));
      cells.addAll(java.util.Collections.nCopies(empty, ""));
      cells.add(note.text());
      cells.add(note.createdAt().toString());
      out.row(cells);
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  static String cell(String value) {
    return CsvWriter.cell(value);
  }
}
