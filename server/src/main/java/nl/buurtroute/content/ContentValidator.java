package nl.buurtroute.content;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import nl.buurtroute.content.RawContent.RawAntwoord;
import nl.buurtroute.content.RawContent.RawBegrip;
import nl.buurtroute.content.RawContent.RawElement;
import nl.buurtroute.content.RawContent.RawFase;
import nl.buurtroute.content.RawContent.RawInterventie;
import nl.buurtroute.content.RawContent.RawRol;
import nl.buurtroute.content.RawContent.RawVraag;

/**
 * Checks every rule of the content (see content/README.md) on the raw, freshly read content and returns all
 * problems it finds. Parts that could not be read at all are skipped, so one broken file does not cause a
 * flood of follow-up problems.
 */
final class ContentValidator {

  static final List<String> FASEN = List.of("start", "richt", "actie", "evaluatie");
  static final List<String> ROLLEN = List.of("inwoner", "wijkprofessional", "beleidsambtenaar");
  static final int ELEMENTEN = 10;
  static final int PAD_LENGTE = 3;
  static final int MIN_ANTWOORDEN = 3;
  static final int MAX_ANTWOORDEN = 5;
  // Guidance for the facilitator: long enough to say something, short enough to read aloud or fit the beamer.
  static final int MAX_INLEIDING = 700;
  static final int MAX_AFSLUITING = 500;
  static final int MIN_GESPREKSVRAGEN = 2;
  static final int MAX_GESPREKSVRAGEN = 3;
  static final int MAX_GESPREKSVRAAG = 200;
  static final int MIN_MINUTEN = 1;
  static final int MAX_MINUTEN = 30;
  static final int MAX_TERM = 40;
  static final int MAX_UITLEG = 300;

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final RawContent content;
  private final List<ContentProblem> problems = new ArrayList<>();
  /** Known ids, or null when their file could not be read (then references to them are not checked). */
  private Set<String> rolIds;
  private Set<Integer> elementNummers;
  private Set<String> interventieIds;

  private ContentValidator(RawContent content) {
    this.content = content;
  }

  static List<ContentProblem> validate(RawContent content) {
    ContentValidator validator = new ContentValidator(content);
    validator.run();
    return validator.problems;
  }

  private void run() {
    checkIndex();
    checkRollen();
    checkElementen();
    checkInterventies();
    checkBegrippen();
    if (content.fasen() == null) {
      return;
    }
    checkUniqueIds();
    for (RawFase fase : content.fasen()) {
      if (fase.readable()) {
        checkFase(fase);
      }
    }
    checkEverythingUsed();
  }

  private void checkIndex() {
    if (content.fasen() == null) {
      return;
    }
    String file = content.indexFile();
    required(file, "", "colofon", content.colofon());
    if (content.fasen().size() != FASEN.size()) {
      problems.add(new ContentProblem(file, "fasen", "er moeten precies " + FASEN.size() + " fasebestanden in staan (voor "
          + String.join(", ", FASEN) + "), nu " + content.fasen().size()));
    }
    Set<String> files = new HashSet<>();
    for (int i = 0; i < content.fasen().size(); i++) {
      RawFase fase = content.fasen().get(i);
      if (!files.add(fase.file())) {
        problems.add(new ContentProblem(file, "fasen", "bestand " + fase.file() + " staat er twee keer in"));
        continue;
      }
      if (fase.readable() && i < FASEN.size() && !FASEN.get(i).equals(fase.id())) {
        problems.add(new ContentProblem(fase.file(), fase.place(), "fase nr. " + (i + 1) + " moet id \"" + FASEN.get(i)
            + "\" hebben (volgorde: " + String.join(", ", FASEN) + "), maar heeft "
            + (fase.id() == null ? "geen id" : "\"" + fase.id() + "\"")));
      }
    }
  }

  private void checkRollen() {
    if (content.rollen() == null) {
      return;
    }
    String file = content.rollenFile();
    Set<String> seen = new LinkedHashSet<>();
    for (RawRol rol : content.rollen()) {
      required(file, rol.place(), "id", rol.id());
      required(file, rol.place(), "naam", rol.naam());
      required(file, rol.place(), "beschrijving", rol.beschrijving());
      if (rol.id() == null) {
        continue;
      }
      if (!ROLLEN.contains(rol.id())) {
        problems.add(new ContentProblem(file, rol.place(), "onbekende rol; de rollen zijn " + String.join(", ", ROLLEN)));
      } else if (!seen.add(rol.id())) {
        problems.add(new ContentProblem(file, rol.place(), "deze rol staat er twee keer in"));
      }
    }
    for (String id : ROLLEN) {
      if (!seen.contains(id)) {
        problems.add(new ContentProblem(file, "rol " + id, "ontbreekt"));
      }
    }
    if (seen.size() == ROLLEN.size() && !new ArrayList<>(seen).equals(ROLLEN)) {
      problems.add(new ContentProblem(file, "rollen", "zet de rollen in deze volgorde: " + String.join(", ", ROLLEN)));
    }
    // Missing or unknown rollen are reported above; references are checked against the rollen there must be.
    rolIds = Set.copyOf(ROLLEN);
  }

  private void checkElementen() {
    if (content.werkzameElementen() == null) {
      return;
    }
    String file = content.elementenFile();
    Set<Integer> seen = new HashSet<>();
    List<RawElement> elementen = content.werkzameElementen();
    for (int i = 0; i < elementen.size(); i++) {
      RawElement element = elementen.get(i);
      required(file, element.place(), "naam", element.naam());
      required(file, element.place(), "uitleg", element.uitleg());
      Integer nummer = element.nummer();
      if (nummer == null) {
        problems.add(new ContentProblem(file, element.place(), "nummer ontbreekt"));
      } else if (nummer < 1 || nummer > ELEMENTEN) {
        problems.add(new ContentProblem(file, element.place(), "nummer moet tussen 1 en " + ELEMENTEN + " liggen"));
      } else if (!seen.add(nummer)) {
        problems.add(new ContentProblem(file, element.place(), "dit nummer staat er twee keer in"));
      } else if (nummer != i + 1) {
        problems.add(new ContentProblem(file, element.place(), "staat op plek " + (i + 1)
            + "; zet de werkzame elementen op volgorde van 1 tot en met " + ELEMENTEN));
      }
    }
    for (int nummer = 1; nummer <= ELEMENTEN; nummer++) {
      if (!seen.contains(nummer)) {
        problems.add(new ContentProblem(file, "werkzaam element " + nummer, "ontbreekt"));
      }
    }
    elementNummers = seen;
  }

  private void checkInterventies() {
    if (content.interventies() == null) {
      return;
    }
    String file = content.interventiesFile();
    interventieIds = new HashSet<>();
    for (RawInterventie interventie : content.interventies()) {
      required(file, interventie.place(), "naam", interventie.naam());
      required(file, interventie.place(), "samenvatting", interventie.samenvatting());
      if (validId(file, interventie.place(), interventie.id()) && !interventieIds.add(interventie.id())) {
        problems.add(new ContentProblem(file, interventie.place(), "deze interventie staat er twee keer in"));
      }
    }
    if (content.interventies().isEmpty()) {
      problems.add(new ContentProblem(file, "", "er staan geen interventies in"));
    }
  }

  /** The words a resident may not know: each term once (in any case), each with a short uitleg. */
  private void checkBegrippen() {
    if (content.begrippen() == null) {
      return;
    }
    String file = content.begrippenFile();
    if (content.begrippen().isEmpty()) {
      problems.add(new ContentProblem(file, "", "er staan geen begrippen in"));
    }
    Map<String, String> seen = new HashMap<>();
    for (RawBegrip begrip : content.begrippen()) {
      if (required(file, begrip.place(), "term", begrip.term())) {
        maxLength(file, begrip.place(), "term", begrip.term(), MAX_TERM);
        String earlier = seen.putIfAbsent(begrip.term().toLowerCase(java.util.Locale.ROOT), begrip.place());
        if (earlier != null) {
          problems.add(new ContentProblem(file, begrip.place(), "dit begrip staat er al als " + earlier
              + "; elk begrip staat er één keer in"));
        }
      }
      if (required(file, begrip.place(), "uitleg", begrip.uitleg())) {
        maxLength(file, begrip.place(), "uitleg", begrip.uitleg(), MAX_UITLEG);
      }
    }
  }

  /** Vraag ids are unique across all fasen, antwoord ids across the whole content. */
  private void checkUniqueIds() {
    Map<String, RawFase> vragen = new HashMap<>();
    Map<String, String> antwoorden = new HashMap<>();
    for (RawFase fase : content.fasen()) {
      for (RawVraag vraag : fase.vragen()) {
        if (vraag.id() != null) {
          RawFase earlier = vragen.putIfAbsent(vraag.id(), fase);
          if (earlier != null) {
            problems.add(new ContentProblem(fase.file(), vraag.place(), "vraag-id \"" + vraag.id()
                + "\" komt al voor in " + earlier.place() + "; elke vraag heeft een eigen id"));
          }
        }
        for (RawAntwoord antwoord : vraag.antwoorden()) {
          if (antwoord.id() != null) {
            String earlier = antwoorden.putIfAbsent(antwoord.id(), vraag.place());
            if (earlier != null) {
              problems.add(new ContentProblem(fase.file(), antwoord.place(), "antwoord-id \"" + antwoord.id()
                  + "\" komt al voor bij " + earlier + "; elk antwoord heeft een eigen id"));
            }
          }
        }
      }
    }
  }

  private void checkFase(RawFase fase) {
    String file = fase.file();
    // The fase id itself is checked against the required order in checkIndex.
    required(file, fase.place(), "naam", fase.naam());
    required(file, fase.place(), "motto", fase.motto());
    if (required(file, fase.place(), "inleiding", fase.inleiding())) {
      maxLength(file, fase.place(), "inleiding", fase.inleiding(), MAX_INLEIDING);
    }
    if (required(file, fase.place(), "afsluiting", fase.afsluiting())) {
      maxLength(file, fase.place(), "afsluiting", fase.afsluiting(), MAX_AFSLUITING);
    }
    required(file, fase.place(), "eersteVraag", fase.eersteVraag());
    if (fase.vragen().isEmpty()) {
      problems.add(new ContentProblem(file, fase.place(), "er staan geen vragen in deze fase"));
      return;
    }
    Map<String, RawVraag> vragen = new LinkedHashMap<>();
    for (RawVraag vraag : fase.vragen()) {
      if (vraag.id() != null) {
        vragen.putIfAbsent(vraag.id(), vraag);
      }
    }
    for (RawVraag vraag : fase.vragen()) {
      checkVraag(fase, vraag, vragen);
    }
    RawVraag eerste = fase.eersteVraag() == null ? null : vragen.get(fase.eersteVraag());
    if (fase.eersteVraag() != null && eerste == null) {
      problems.add(new ContentProblem(file, fase.place(), "eersteVraag \"" + fase.eersteVraag()
          + "\" bestaat niet in deze fase"));
    }
    if (eerste != null) {
      checkPaths(fase, eerste, vragen);
      checkReachable(fase, eerste, vragen);
    }
    boolean branches = fase.vragen().stream().anyMatch(v -> v.antwoorden().stream()
        .map(RawAntwoord::volgende).filter(vragen::containsKey).distinct().count() > 1);
    if (!branches) {
      problems.add(new ContentProblem(file, fase.place(), "de boom vertakt nergens: bij minstens één vraag moeten de "
          + "antwoorden naar verschillende volgende vragen leiden"));
    }
    boolean restricted = fase.vragen().stream().flatMap(v -> v.antwoorden().stream())
        .anyMatch(a -> !a.rollen().isEmpty() && (rolIds == null || !a.rollen().containsAll(rolIds)));
    if (!restricted) {
      problems.add(new ContentProblem(file, fase.place(), "geen enkel antwoord is voorbehouden aan een rol: geef "
          + "minstens één antwoord bijvoorbeeld \"rollen: [inwoner]\""));
    }
  }

  private void checkVraag(RawFase fase, RawVraag vraag, Map<String, RawVraag> vragen) {
    String file = fase.file();
    validId(file, vraag.place(), vraag.id());
    required(file, vraag.place(), "tekst", vraag.tekst());
    required(file, vraag.place(), "toelichting", vraag.toelichting());
    checkGuidance(file, vraag);
    int count = vraag.antwoorden().size();
    if (count < MIN_ANTWOORDEN || count > MAX_ANTWOORDEN) {
      problems.add(new ContentProblem(file, vraag.place(), "een vraag heeft " + MIN_ANTWOORDEN + " tot "
          + MAX_ANTWOORDEN + " antwoorden, deze heeft er " + count));
    }
    for (RawAntwoord antwoord : vraag.antwoorden()) {
      checkAntwoord(fase, antwoord, vragen);
    }
    if (rolIds != null) {
      for (String rol : ROLLEN) {
        boolean canAnswer = vraag.antwoorden().stream().anyMatch(a -> a.rollen().isEmpty() || a.rollen().contains(rol));
        if (!canAnswer && count > 0) {
          problems.add(new ContentProblem(file, vraag.place(), "rol " + rol + " kan hier geen enkel antwoord kiezen; "
              + "elke rol moet bij elke vraag minstens één antwoord hebben"));
        }
      }
    }
  }

  /** The facilitator's part of a vraag: {@value #MIN_GESPREKSVRAGEN} or more gespreksvragen and the minuten. */
  private void checkGuidance(String file, RawVraag vraag) {
    List<String> gespreksvragen = vraag.gespreksvragen();
    if (gespreksvragen == null) {
      problems.add(new ContentProblem(file, vraag.place(), "gespreksvragen ontbreekt; geef de begeleider "
          + MIN_GESPREKSVRAGEN + " of " + MAX_GESPREKSVRAGEN + " vragen om het gesprek te verdiepen"));
    } else {
      if (gespreksvragen.size() < MIN_GESPREKSVRAGEN || gespreksvragen.size() > MAX_GESPREKSVRAGEN) {
        problems.add(new ContentProblem(file, vraag.place(), "een vraag heeft " + MIN_GESPREKSVRAGEN + " of "
            + MAX_GESPREKSVRAGEN + " gespreksvragen, deze heeft er " + gespreksvragen.size()));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < gespreksvragen.size(); i++) {
        String field = "gespreksvraag nr. " + (i + 1);
        String text = gespreksvragen.get(i);
        if (required(file, vraag.place(), field, text)) {
          maxLength(file, vraag.place(), field, text, MAX_GESPREKSVRAAG);
          if (!seen.add(text)) {
            problems.add(new ContentProblem(file, vraag.place(), field + " staat er al eerder in"));
          }
        }
      }
    }
    Integer minuten = vraag.minuten();
    if (minuten == null) {
      problems.add(new ContentProblem(file, vraag.place(), "minuten ontbreekt; zet erbij hoeveel minuten de groep "
          + "ongeveer voor deze vraag nodig heeft"));
    } else if (minuten < MIN_MINUTEN || minuten > MAX_MINUTEN) {
      problems.add(new ContentProblem(file, vraag.place(), "minuten moet tussen " + MIN_MINUTEN + " en "
          + MAX_MINUTEN + " liggen, maar is " + minuten));
    }
  }

  private void checkAntwoord(RawFase fase, RawAntwoord antwoord, Map<String, RawVraag> vragen) {
    String file = fase.file();
    String place = antwoord.place();
    validId(file, place, antwoord.id());
    required(file, place, "tekst", antwoord.tekst());
    required(file, place, "reflectie", antwoord.reflectie());
    Set<String> rollen = new HashSet<>();
    for (String rol : antwoord.rollen()) {
      if (!rollen.add(rol)) {
        problems.add(new ContentProblem(file, place, "rol \"" + rol + "\" staat twee keer in rollen"));
      } else if (rolIds != null && !rolIds.contains(rol)) {
        problems.add(new ContentProblem(file, place, "rol \"" + rol + "\" bestaat niet (kies uit "
            + String.join(", ", ROLLEN) + ")"));
      }
    }
    Set<Integer> nummers = new HashSet<>();
    for (Integer nummer : antwoord.werkzameElementen()) {
      if (!nummers.add(nummer)) {
        problems.add(new ContentProblem(file, place, "werkzaam element " + nummer + " staat twee keer in werkzameElementen"));
      } else if (elementNummers != null ? !elementNummers.contains(nummer) : nummer < 1 || nummer > ELEMENTEN) {
        problems.add(new ContentProblem(file, place, "werkzaam element " + nummer + " bestaat niet (nummers 1 tot en met "
            + ELEMENTEN + ")"));
      }
    }
    Set<String> interventies = new HashSet<>();
    for (String id : antwoord.interventies()) {
      if (!interventies.add(id)) {
        problems.add(new ContentProblem(file, place, "interventie \"" + id + "\" staat twee keer in interventies"));
      } else if (interventieIds != null && !interventieIds.contains(id)) {
        problems.add(new ContentProblem(file, place, "interventie \"" + id + "\" bestaat niet"));
      }
    }
    String volgende = antwoord.volgende();
    if (volgende != null && !vragen.containsKey(volgende)) {
      String elsewhere = content.fasen().stream()
          .filter(f -> f != fase && f.vragen().stream().anyMatch(v -> volgende.equals(v.id())))
          .map(RawFase::place).findFirst().orElse(null);
      problems.add(new ContentProblem(file, place, elsewhere == null
          ? "volgende \"" + volgende + "\" bestaat niet"
          : "volgende \"" + volgende + "\" hoort bij " + elsewhere + "; volgende moet in dezelfde fase blijven"));
    }
  }

  /** Every walk from the first vraag meets exactly {@value #PAD_LENGTE} vragen and then ends with volgende null. */
  private void checkPaths(RawFase fase, RawVraag eerste, Map<String, RawVraag> vragen) {
    Set<String> reported = new HashSet<>();
    Deque<RawVraag> path = new ArrayDeque<>();
    path.addLast(eerste);
    walk(fase, path, vragen, reported);
  }

  private void walk(RawFase fase, Deque<RawVraag> path, Map<String, RawVraag> vragen, Set<String> reported) {
    for (RawAntwoord antwoord : path.peekLast().antwoorden()) {
      String volgende = antwoord.volgende();
      String route = route(path);
      String reason = null;
      if (volgende == null) {
        if (path.size() != PAD_LENGTE) {
          reason = "de route stopt hier na " + path.size() + (path.size() == 1 ? " vraag" : " vragen") + " (" + route
              + "); elke route telt precies " + PAD_LENGTE + " vragen, geef dit antwoord een volgende vraag";
        }
      } else if (!vragen.containsKey(volgende)) {
        continue; // reported as a missing reference
      } else if (path.stream().anyMatch(v -> volgende.equals(v.id()))) {
        reason = "volgende \"" + volgende + "\" gaat terug naar een eerdere vraag (" + route + " → " + volgende
            + "); een route mag niet in een kring lopen";
      } else if (path.size() >= PAD_LENGTE) {
        reason = "na " + PAD_LENGTE + " vragen (" + route + ") moet volgende leeg zijn (null), maar hier gaat de route "
            + "verder naar \"" + volgende + "\"";
      } else {
        path.addLast(vragen.get(volgende));
        walk(fase, path, vragen, reported);
        path.removeLast();
      }
      if (reason != null && reported.add(antwoord.place())) {
        problems.add(new ContentProblem(fase.file(), antwoord.place(), reason));
      }
    }
  }

  private void checkReachable(RawFase fase, RawVraag eerste, Map<String, RawVraag> vragen) {
    Set<String> reached = new HashSet<>();
    Deque<RawVraag> todo = new ArrayDeque<>();
    todo.add(eerste);
    reached.add(eerste.id());
    while (!todo.isEmpty()) {
      for (RawAntwoord antwoord : todo.removeFirst().antwoorden()) {
        RawVraag next = antwoord.volgende() == null ? null : vragen.get(antwoord.volgende());
        if (next != null && reached.add(next.id())) {
          todo.add(next);
        }
      }
    }
    for (RawVraag vraag : vragen.values()) {
      if (!reached.contains(vraag.id())) {
        problems.add(new ContentProblem(fase.file(), vraag.place(), "deze vraag is niet te bereiken vanaf eersteVraag \""
            + eerste.id() + "\"; geen enkel antwoord verwijst ernaar"));
      }
    }
  }

  /** Every werkzaam element and every interventie should show up in at least one antwoord. */
  private void checkEverythingUsed() {
    if (content.fasen().stream().anyMatch(f -> !f.readable())) {
      return;
    }
    Set<Integer> usedElementen = new HashSet<>();
    Set<String> usedInterventies = new HashSet<>();
    content.fasen().stream().flatMap(f -> f.vragen().stream()).flatMap(v -> v.antwoorden().stream()).forEach(a -> {
      usedElementen.addAll(a.werkzameElementen());
      usedInterventies.addAll(a.interventies());
    });
    if (content.werkzameElementen() != null) {
      content.werkzameElementen().stream()
          .filter(e -> e.nummer() != null && !usedElementen.contains(e.nummer()))
          .forEach(e -> problems.add(new ContentProblem(content.elementenFile(), e.place(),
              "geen enkel antwoord noemt dit werkzame element")));
    }
    if (content.interventies() != null) {
      content.interventies().stream()
          .filter(i -> i.id() != null && !usedInterventies.contains(i.id()))
          .forEach(i -> problems.add(new ContentProblem(content.interventiesFile(), i.place(),
              "geen enkel antwoord noemt deze interventie")));
    }
  }

  private boolean validId(String file, String place, String id) {
    if (id == null || id.isBlank()) {
      problems.add(new ContentProblem(file, place, "id ontbreekt"));
      return false;
    }
    if (!ID.matcher(id).matches()) {
      problems.add(new ContentProblem(file, place, "id \"" + id + "\" mag alleen kleine letters, cijfers en losse "
          + "streepjes bevatten, zoals \"start-aanleiding\""));
      return false;
    }
    return true;
  }

  /** True when the text is there; otherwise reports it missing. */
  private boolean required(String file, String place, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(new ContentProblem(file, place, field + " ontbreekt"));
      return false;
    }
    return true;
  }

  private void maxLength(String file, String place, String field, String value, int max) {
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      problems.add(new ContentProblem(file, place, field + " is te lang: " + length + " tekens, hooguit " + max
          + "; maak de tekst korter"));
    }
  }

  private static String route(Deque<RawVraag> path) {
    return String.join(" → ", path.stream().map(v -> Objects.requireNonNullElse(v.id(), "?")).toList());
  }
}
