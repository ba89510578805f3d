package nl.buurtroute.route;

import nl.buurtroute.content.Content;
import nl.buurtroute.content.Rol;
import nl.buurtroute.route.Route.Back;
import nl.buurtroute.route.Route.Disagreement;
import nl.buurtroute.route.Route.ElementCount;
import nl.buurtroute.route.Route.FacilitatorDecision;
import nl.buurtroute.route.Route.RouteStep;
import nl.buurtroute.route.Route.Summary;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The route as a report a team pastes into a meeting note: title, date, participants per rol, a section per
 * step (the votes per rol as a small table, the reflectie), then the summary. Every text from users or the
 * content goes through {@link #escape}, so a title like "*Wijk* [avond]" stays text. Dates in Dutch, in the
 * time zone of the Netherlands.
 */
final class MarkdownExport {
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.forLanguageTag("nl"));
  /** CommonMark's backslash escapes for what can change inline meaning, and | for tables. */
  private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_\\[\\]{}()<>#|~!&$])");
  /** At the start of a line these would make a list, heading, quote or rule. */
  private static final Pattern LINE_START = Pattern.compile("^(?:([-+=>])|(\\d+)([.)]))");

  private MarkdownExport() {
  }

  static String write(Route route, Content content) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(escape(route.title())).append("\n\n");
    if (route.neighbourhood() != null) {
      md.append("- **Wijk:** ").append(escape(route.neighbourhood())).append('\n');
    }
    md.append("- **Datum:** ").append(date(route.startedAt() != null ? route.startedAt() : route.createdAt()));
    if (route.finishedAt() != null) {
      md.append(" (afgerond ").append(date(route.finishedAt())).append(')');
    }
    md.append('\n');
    md.append("- **Status:** ").append(Texts.status(route.status())).append('\n');
    Summary summary = route.summary();
    md.append("- **Deelnemers:** ").append(summary.participants().total());
    String perRol = content.rollen().stream()
        .map(r -> escape(r.naam()) + " " + summary.participants().perRol().getOrDefault(r.id(), 0))
        .collect(Collectors.joining(", "));
    md.append(" (").append(perRol).append(")\n");
    md.append("- **Stappen:** ").append(route.steps().size()).append("\n\n");

    String fase = null;
    for (RouteStep step : route.steps()) {
      if (!step.fase().equals(fase)) {
        fase = step.fase();
        md.append("## ").append(escape(step.faseNaam() == null ? step.fase() : step.faseNaam())).append("\n\n");
      }
      step(md, step, content);
    }
    if (route.steps().isEmpty()) {
      md.append("_Nog geen stappen gezet._\n\n");
    }
    summary(md, summary);
    notes(md, route.notes());
    return md.toString();
  }

  /** The team's notes, oldest first, each with its date; a note's line breaks stay (as hard breaks). */
  private static void notes(StringBuilder md, List<Route.Note> notes) {
    if (notes.isEmpty()) {
      return;
    }
    md.append("\n## Notities\n\n");
    for (Route.Note note : notes) {
      String text = note.text().strip().lines().filter(l -> !l.isBlank()).map(MarkdownExport::escape)
          .collect(Collectors.joining("  \n  "));
      md.append("- **").append(date(note.createdAt())).append(":** ").append(text).append('\n');
    }
  }

  private static void step(StringBuilder md, RouteStep step, Content content) {
    md.append("### Stap ").append(step.index() + 1).append(": ").append(escape(step.vraagTekst())).append("\n\n");
    md.append("**Gekozen:** ").append(escape(step.antwoordTekst()));
    if ("facilitator".equals(step.decidedBy())) {
      String reason = Texts.reason(step.decisionReason());
      md.append(" (besloten door de begeleider").append(reason == null ? "" : ", " + reason).append(')');
    } else {
      md.append(" (meerderheid)");
    }
    md.append("\n\n");

    md.append("| Antwoord |");
    content.rollen().forEach(r -> md.append(' ').append(escape(r.naam())).append(" |"));
    md.append(" Totaal |\n|---|");
    content.rollen().forEach(r -> md.append("---:|"));
    md.append("---:|\n");
    for (Map.Entry<String, Map<String, Integer>> antwoord : step.counts().entrySet()) {
      String tekst = escape(Texts.antwoordTekst(content, step.vraagId(), antwoord.getKey()));
      boolean chosen = antwoord.getKey().equals(step.antwoordId());
      md.append("| ").append(chosen ? "**" + tekst + "** ✓" : tekst).append(" |");
      int total = 0;
      for (Rol rol : content.rollen()) {
        int n = antwoord.getValue().getOrDefault(rol.id(), 0);
        total += n;
        md.append(' ').append(n).append(" |");
      }
      md.append(' ').append(total).append(" |\n");
    }
    md.append('\n');
    if (step.rollenDisagree()) {
      md.append("_De rollen waren het oneens._\n\n");
    }
    if (step.reflectie() != null && !step.reflectie().isBlank()) {
      md.append("> ").append(escape(step.reflectie())).append("\n\n");
    }
    if (!step.werkzameElementen().isEmpty()) {
      md.append("Werkzame elementen: ").append(step.werkzameElementen().stream()
          .map(e -> e.nummer() + " " + escape(e.naam())).collect(Collectors.joining(", "))).append("  \n");
    }
    if (!step.interventies().isEmpty()) {
      md.append("Interventies: ").append(step.interventies().stream()
          .map(i -> escape(i.naam() == null ? i.id() : i.naam())).collect(Collectors.joining(", "))).append("  \n");
    }
    md.append('\n');
  }

  private static void summary(StringBuilder md, Summary summary) {
    md.append("## Samenvatting\n\n");
    md.append("**Werkzame elementen die de route raakte:** ");
    List<ElementCount> touched = summary.werkzameElementen().touched();
    md.append(touched.isEmpty() ? "geen" : touched.stream()
        .map(e -> e.nummer() + " " + escape(e.naam()) + " (" + e.count() + "×)").collect(Collectors.joining(", ")));
    md.append("\n\n**Werkzame elementen die de route niet raakte:** ");
    md.append(summary.werkzameElementen().untouched().isEmpty() ? "geen" : summary.werkzameElementen().untouched()
        .stream().map(e -> e.nummer() + " " + escape(e.naam())).collect(Collectors.joining(", ")));
    md.append("\n\n**Interventies:** ");
    md.append(summary.interventies().isEmpty() ? "geen" : summary.interventies().stream()
        .map(i -> escape(i.naam()) + " (" + i.count() + "×)").collect(Collectors.joining(", ")));
    md.append("\n\n**Deelnemers:** ").append(summary.participants().total()).append(" aan het eind, ")
        .append(summary.participants().joined()).append(" ooit aangemeld");
    if (summary.participants().removed() > 0) {
      md.append(", ").append(summary.participants().removed()).append(" verwijderd");
    }
    md.append("\n\n**Rollen oneens:** ");
    List<Disagreement> disagreements = summary.disagreements();
    md.append(disagreements.isEmpty() ? "geen" : disagreements.stream()
        .map(d -> "stap " + (d.index() + 1) + " (" + escape(d.vraagTekst()) + ")").collect(Collectors.joining(", ")));
    md.append("\n\n**Besloten door de begeleider:** ");
    List<FacilitatorDecision> decisions = summary.decidedByFacilitator();
    md.append(decisions.isEmpty() ? "geen" : decisions.stream()
        .map(d -> "stap " + (d.index() + 1) + " (" + escape(d.antwoordTekst())
            + (d.reason() == null ? "" : ", " + Texts.reason(d.reason())) + ")")
        .collect(Collectors.joining(", ")));
    md.append("\n\n**Teruggegaan:** ");
    List<Back> backs = summary.backs();
    md.append(backs.isEmpty() ? "nooit" : backs.stream().map(MarkdownExport::back).collect(Collectors.joining("; ")));
    md.append('\n');
  }

  private static String back(Back back) {
    String vraag = escape(back.vraagTekst());
    if (back.antwoordIdAfter() == null) {
      return vraag + ": eerst " + escape(back.antwoordTekstBefore()) + ", daarna niet meer op de route";
    }
    if (!back.changed()) {
      return vraag + ": opnieuw " + escape(back.antwoordTekstAfter());
    }
    return vraag + ": eerst " + escape(back.antwoordTekstBefore()) + ", daarna " + escape(back.antwoordTekstAfter());
  }

  private static String date(Instant instant) {
    return instant == null ? "onbekend" : DATE.format(instant.atZone(ZONE));
  }

  /** Text from users or content, safe inline in Markdown: one line, special characters backslash-escaped. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    String escaped = SPECIAL.matcher(oneLine).replaceAll("\\\\$1");
    Matcher start = LINE_START.matcher(escaped);
    if (!start.find()) {
      return escaped;
    }
    String fixed = start.group(1) != null ? "\\" + start.group(1) : start.group(2) + "\\" + start.group(3);
    return fixed + escaped.substring(start.end());
  }
}
