package nl.buurtroute.content;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import nl.buurtroute.content.RawContent.RawAntwoord;
import nl.buurtroute.content.RawContent.RawBegrip;
import nl.buurtroute.content.RawContent.RawElement;
import nl.buurtroute.content.RawContent.RawFase;
import nl.buurtroute.content.RawContent.RawInterventie;
import nl.buurtroute.content.RawContent.RawRol;
import nl.buurtroute.content.RawContent.RawVraag;

/**
 * Reads the YAML files into {@link RawContent}, the edge where Jackson stays. It reports what only the
 * reader can see (missing files, YAML errors with their line, unknown fields, a list where text belongs)
 * and goes on reading, so that one run reports every problem. The rules are checked later.
 */
final class ContentReader {

  static final String INDEX = "content.yaml";
  static final String ROLLEN = "rollen.yaml";
  static final String ELEMENTEN = "werkzame-elementen.yaml";
  static final String INTERVENTIES = "interventies.yaml";
  static final String BEGRIPPEN = "begrippen.yaml";

  private static final YAMLMapper YAML = YAMLMapper.builder(
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build();

  private final ContentSource source;
  private final List<ContentProblem> problems = new ArrayList<>();

  ContentReader(ContentSource source) {
    this.source = source;
  }

  List<ContentProblem> problems() {
    return problems;
  }

  RawContent read() {
    String colofon = null;
    List<RawFase> fasen = null;
    Fields index = fields(parse(INDEX), source.describe(INDEX), "", Set.of("colofon", "fasen"));
    if (index != null) {
      fasen = new ArrayList<>();
      colofon = index.text("colofon");
      List<String> faseFiles = index.textList("fasen");
      if (faseFiles != null) {
        for (String faseFile : faseFiles) {
          fasen.add(readFase(faseFile));
        }
      }
    }
    return new RawContent(source.describe(INDEX), colofon, fasen,
        source.describe(ROLLEN), readRollen(),
        source.describe(ELEMENTEN), readElementen(),
        source.describe(INTERVENTIES), readInterventies(),
        source.describe(BEGRIPPEN), readBegrippen());
  }

  private RawFase readFase(String relative) {
    String file = source.describe(relative);
    JsonNode root = parse(relative);
    String id = peekText(root, "id");
    String place = id == null ? "fase" : "fase " + id;
    Fields f = fields(root, file, place, Set.of("id", "naam", "motto", "inleiding", "afsluiting", "eersteVraag",
        "vragen"));
    if (f == null) {
      return new RawFase(file, false, place, id, null, null, null, null, null, List.of());
    }
    List<RawVraag> vragen = new ArrayList<>();
    List<JsonNode> nodes = f.list("vragen");
    for (int i = 0; i < nodes.size(); i++) {
      vragen.add(readVraag(nodes.get(i), file, place, i));
    }
    return new RawFase(file, true, place, f.text("id"), f.text("naam"), f.text("motto"), f.text("inleiding"),
        f.text("afsluiting"), f.text("eersteVraag"), vragen);
  }

  private RawVraag readVraag(JsonNode node, String file, String fasePlace, int index) {
    String place = fasePlace + ", " + named("vraag", peekText(node, "id"), index);
    Fields f = fields(node, file, place, Set.of("id", "tekst", "toelichting", "gespreksvragen", "minuten",
        "antwoorden"));
    if (f == null) {
      return new RawVraag(place, null, null, null, List.of(), null, List.of());
    }
    List<RawAntwoord> antwoorden = new ArrayList<>();
    List<JsonNode> nodes = f.list("antwoorden");
    for (int i = 0; i < nodes.size(); i++) {
      antwoorden.add(readAntwoord(nodes.get(i), file, place, i));
    }
    return new RawVraag(place, f.text("id"), f.text("tekst"), f.text("toelichting"), f.textList("gespreksvragen"),
        f.integer("minuten"), antwoorden);
  }

  private RawAntwoord readAntwoord(JsonNode node, String file, String vraagPlace, int index) {
    String place = vraagPlace + ", " + named("antwoord", peekText(node, "id"), index);
    Fields f = fields(node, file, place, Set.of("id", "tekst", "rollen", "reflectie", "werkzameElementen",
        "interventies", "volgende"));
    if (f == null) {
      return new RawAntwoord(place, null, null, List.of(), null, List.of(), List.of(), null);
    }
    return new RawAntwoord(place, f.text("id"), f.text("tekst"), orEmpty(f.textList("rollen")), f.text("reflectie"),
        orEmpty(f.intList("werkzameElementen")), orEmpty(f.textList("interventies")), f.text("volgende"));
  }

  private List<RawRol> readRollen() {
    String file = source.describe(ROLLEN);
    Fields top = fields(parse(ROLLEN), file, "", Set.of("rollen"));
    if (top == null) {
      return null;
    }
    List<RawRol> rollen = new ArrayList<>();
    List<JsonNode> nodes = top.list("rollen");
    for (int i = 0; i < nodes.size(); i++) {
      String place = named("rol", peekText(nodes.get(i), "id"), i);
      Fields f = fields(nodes.get(i), file, place, Set.of("id", "naam", "beschrijving"));
      rollen.add(f == null ? new RawRol(place, null, null, null)
          : new RawRol(place, f.text("id"), f.text("naam"), f.text("beschrijving")));
    }
    return rollen;
  }

  private List<RawElement> readElementen() {
    String file = source.describe(ELEMENTEN);
    Fields top = fields(parse(ELEMENTEN), file, "", Set.of("werkzameElementen"));
    if (top == null) {
      return null;
    }
    List<RawElement> elementen = new ArrayList<>();
    List<JsonNode> nodes = top.list("werkzameElementen");
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode nummer = nodes.get(i).get("nummer");
      String place = nummer != null && nummer.isIntegralNumber()
          ? "werkzaam element " + nummer.asText() : "werkzaam element nr. " + (i + 1) + " in de lijst";
      Fields f = fields(nodes.get(i), file, place, Set.of("nummer", "naam", "uitleg"));
      elementen.add(f == null ? new RawElement(place, null, null, null)
          : new RawElement(place, f.integer("nummer"), f.text("naam"), f.text("uitleg")));
    }
    return elementen;
  }

  private List<RawInterventie> readInterventies() {
    String file = source.describe(INTERVENTIES);
    Fields top = fields(parse(INTERVENTIES), file, "", Set.of("interventies"));
    if (top == null) {
      return null;
    }
    List<RawInterventie> interventies = new ArrayList<>();
    List<JsonNode> nodes = top.list("interventies");
    for (int i = 0; i < nodes.size(); i++) {
      String place = named("interventie", peekText(nodes.get(i), "id"), i);
      Fields f = fields(nodes.get(i), file, place, Set.of("id", "naam", "samenvatting"));
      interventies.add(f == null ? new RawInterventie(place, null, null, null)
          : new RawInterventie(place, f.text("id"), f.text("naam"), f.text("samenvatting")));
    }
    return interventies;
  }

  private List<RawBegrip> readBegrippen() {
    String file = source.describe(BEGRIPPEN);
    Fields top = fields(parse(BEGRIPPEN), file, "", Set.of("begrippen"));
    if (top == null) {
      return null;
    }
    List<RawBegrip> begrippen = new ArrayList<>();
    List<JsonNode> nodes = top.list("begrippen");
    for (int i = 0; i < nodes.size(); i++) {
      String place = named("begrip", peekText(nodes.get(i), "term"), i);
      Fields f = fields(nodes.get(i), file, place, Set.of("term", "uitleg"));
      begrippen.add(f == null ? new RawBegrip(place, null, null) : new RawBegrip(place, f.text("term"), f.text("uitleg")));
    }
    return begrippen;
  }

  /** Parses one file; null (with a problem reported) when it is missing, empty or not valid YAML. */
  private JsonNode parse(String relative) {
    String file = source.describe(relative);
    try {
      byte[] bytes = source.read(relative);
      if (bytes == null) {
        problems.add(new ContentProblem(file, "", "bestand ontbreekt"));
        return null;
      }
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      JsonNode root = YAML.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        problems.add(new ContentProblem(file, "", "bestand is leeg"));
        return null;
      }
      return root;
    } catch (CharacterCodingException e) {
      problems.add(new ContentProblem(file, "", "bestand is geen UTF-8; sla het op als UTF-8"));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String place = at != null && at.getLineNr() > 0 ? "regel " + at.getLineNr() : "";
      problems.add(new ContentProblem(file, place, "geen geldige YAML: " + yamlReason(e.getOriginalMessage())));
    } catch (IOException e) {
      problems.add(new ContentProblem(file, "", "kan niet gelezen worden: " + e.getMessage()));
    }
    return null;
  }

  private Fields fields(JsonNode node, String file, String place, Set<String> known) {
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(new ContentProblem(file, place, "hier horen velden (naam: waarde), maar er staat "
          + describe(node)));
      return null;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        String guess = closest(name, known);
        problems.add(new ContentProblem(file, place, "onbekend veld \"" + name + "\""
            + (guess == null ? "" : " (bedoel je \"" + guess + "\"?)")));
      }
    }
    return new Fields(node, file, place);
  }

  /** Typed access to the fields of one YAML mapping; a wrong type is reported and read as missing. */
  private final class Fields {
    private final JsonNode node;
    private final String file;
    private final String place;

    Fields(JsonNode node, String file, String place) {
      this.node = node;
      this.file = file;
      this.place = place;
    }

    String text(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        wrong(name, "een tekst", value, value.isValueNode() ? "; zet de tekst tussen aanhalingstekens" : "");
        return null;
      }
      return value.textValue().strip();
    }

    Integer integer(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        wrong(name, "een geheel getal", value, "");
        return null;
      }
      return value.intValue();
    }

    /** The list's elements; empty when the field is missing, and reported when it is not a list. */
    List<JsonNode> list(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        wrong(name, "een lijst", value, "");
        return List.of();
      }
      List<JsonNode> items = new ArrayList<>();
      value.forEach(items::add);
      return items;
    }

    List<String> textList(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isArray()) {
        wrong(name, "een lijst", value, "; schrijf bijvoorbeeld [inwoner] of [abcd, kulturhuske]");
        return null;
      }
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (item.isTextual()) {
          items.add(item.textValue().strip());
        } else {
          problems.add(new ContentProblem(file, place, name + " mag alleen teksten bevatten, maar bevat " + describe(item)
              + (item.isObject() ? "; zet een tekst met een dubbele punt erin tussen aanhalingstekens" : "")));
        }
      }
      return items;
    }

    List<Integer> intList(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isArray()) {
        wrong(name, "een lijst van nummers", value, "; schrijf bijvoorbeeld [3, 7]");
        return null;
      }
      List<Integer> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (item.isIntegralNumber() && item.canConvertToInt()) {
          items.add(item.intValue());
        } else {
          problems.add(new ContentProblem(file, place, name + " mag alleen nummers bevatten, maar bevat " + describe(item)));
        }
      }
      return items;
    }

    private void wrong(String name, String expected, JsonNode value, String hint) {
      problems.add(new ContentProblem(file, place, name + " moet " + expected + " zijn, maar is " + describe(value) + hint));
    }
  }

  private static String named(String kind, String id, int index) {
    return id == null || id.isBlank() ? kind + " nr. " + (index + 1) : kind + " " + id;
  }

  private static String peekText(JsonNode node, String name) {
    JsonNode value = node == null ? null : node.get(name);
    return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue().strip() : null;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "een lijst";
    }
    if (node.isObject()) {
      return "een groep velden";
    }
    if (node.isBoolean()) {
      return "ja/nee (" + node.asText() + ")";
    }
    if (node.isNumber()) {
      return "het getal " + node.asText();
    }
    return "\"" + node.asText() + "\"";
  }

  /** Jackson and SnakeYAML explain in English; translate the common case and add a hint for editors. */
  private static String yamlReason(String message) {
    String line = firstLine(message);
    if (line.startsWith("Duplicate field ")) {
      return "veld " + line.substring("Duplicate field ".length()) + " staat er twee keer";
    }
    return line + " (controleer het inspringen, en zet tekst met een dubbele punt erin tussen aanhalingstekens)";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "onbekende fout";
    }
    String line = message.strip().lines().findFirst().orElse("").strip();
    return line.isEmpty() ? "onbekende fout" : line;
  }

  /** The known field name within two typing errors of the unknown one, to suggest it. */
  private static String closest(String name, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int d = distance(name.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
