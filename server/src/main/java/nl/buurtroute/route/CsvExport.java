package nl.buurtroute.route;

import nl.buurtroute.content.Content;
import nl.buurtroute.content.Rol;
import nl.buurtroute.route.Route.RouteStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The route as a spreadsheet table (RFC 4180: commas, CRLF, quotes doubled; UTF-8). After the header row
 * every step has one row of kind "stap" (the chosen antwoord, the voters per rol) followed by one row of kind
 * "antwoord" per antwoord of its vraag (the votes per rol for that antwoord), then one row of kind "opmerking"
 * per remark that was not hidden (its rol and text in the last two columns). Columns:
 *
 * <pre>
 * Sessie, Titel, Stap (1-based), Soort (stap|antwoord), Fase (naam), Vraag-id, Vraag, Antwoord-id, Antwoord,
 * Gekozen (ja|nee), Besloten door (meerderheid|begeleider; stap rows), Reden (gelijke stand|geen stemmen|
 * afwijkend van de meerderheid|meerderheid bevestigd), Rollen oneens (ja|nee; stap rows),
 * Stemmen &lt;rol naam&gt; (one column per rol, in the content's order), Stemmen totaal,
 * Werkzame elementen ("3 Naam; 7 Naam"; stap rows), Interventies (namen; stap rows), Reflectie (stap rows),
 * Opmerking rol (rol naam; opmerking rows), Opmerking (the remark's text; opmerking rows)
 * </pre>
 *
 * Text cells that start with = + - @ (or a tab or carriage return) get a leading apostrophe, so a spreadsheet
 * shows them as text instead of running them as a formula.
 */
final class CsvExport {
  private static final String CRLF = "\r\n";

  private CsvExport() {
  }

  static String write(Route route, Content content) {
    StringBuilder out = new StringBuilder();
    List<Object> header = new ArrayList<>(List.of("Sessie", "Titel", "Stap", "Soort", "Fase", "Vraag-id", "Vraag",
        "Antwoord-id", "Antwoord", "Gekozen", "Besloten door", "Reden", "Rollen oneens"));
    content.rollen().forEach(r -> header.add("Stemmen " + r.naam()));
    header.addAll(List.of("Stemmen totaal", "Werkzame elementen", "Interventies", "Reflectie", "Opmerking rol",
        "Opmerking"));
    row(out, header);
    for (RouteStep step : route.steps()) {
      List<Object> cells = new ArrayList<>(List.of(route.sessionId(), text(route.title()), step.index() + 1, "stap",
          text(step.faseNaam()), step.vraagId(), text(step.vraagTekst()), step.antwoordId(),
          text(step.antwoordTekst()), "ja", Texts.decidedBy(step.decidedBy()), text(Texts.reason(step.decisionReason())),
          step.rollenDisagree() ? "ja" : "nee"));
      for (Rol rol : content.rollen()) {
        cells.add(step.perRol().getOrDefault(rol.id(), 0));
      }
      cells.add(step.voters());
      cells.add(step.werkzameElementen().stream().map(e -> e.nummer() + " " + text(e.naam()))
          .collect(Collectors.joining("; ")));
      cells.add(step.interventies().stream().map(i -> text(i.naam() == null ? i.id() : i.naam()))
          .collect(Collectors.joining("; ")));
      cells.add(text(step.reflectie()));
      cells.addAll(List.of("", ""));
      row(out, cells);
      for (Map.Entry<String, Map<String, Integer>> antwoord : step.counts().entrySet()) {
        String antwoordId = antwoord.getKey();
        List<Object> votes = new ArrayList<>(List.of(route.sessionId(), text(route.title()), step.index() + 1,
            "antwoord", text(step.faseNaam()), step.vraagId(), text(step.vraagTekst()), antwoordId,
            text(Texts.antwoordTekst(content, step.vraagId(), antwoordId)),
            antwoordId.equals(step.antwoordId()) ? "ja" : "nee", "", "", ""));
        int total = 0;
        for (Rol rol : content.rollen()) {
          int n = antwoord.getValue().getOrDefault(rol.id(), 0);
          votes.add(n);
          total += n;
        }
        votes.add(total);
        votes.addAll(List.of("", "", "", "", ""));
        row(out, votes);
      }
      for (Route.RemarkRef remark : step.remarks()) {
        List<Object> remarkRow = new ArrayList<>(List.of(route.sessionId(), text(route.title()), step.index() + 1,
            "opmerking", text(step.faseNaam()), step.vraagId(), text(step.vraagTekst()), "", "", "", "", "", ""));
        content.rollen().forEach(r -> remarkRow.add(""));
        remarkRow.addAll(List.of("", "", "", "", text(Texts.rolNaam(content, remark.rol())), text(remark.text())));
        row(out, remarkRow);
      }
    }
    return out.toString();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static void row(StringBuilder out, List<Object> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object cell = cells.get(i);
      out.append(cell instanceof Number ? cell.toString() : cell((String) cell));
    }
    out.append(CRLF);
  }

  /** One text cell, defused against formulas and quoted when needed. */
  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
