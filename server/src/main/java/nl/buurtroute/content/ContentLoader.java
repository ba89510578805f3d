package nl.buurtroute.content;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nl.buurtroute.content.RawContent.RawFase;

/**
 * Loads the beslisbomen: reads the YAML files, checks every rule and only then builds {@link Content}.
 * Anything wrong ends in one {@link ContentException} that lists all problems; a half-loaded Content is never
 * returned. The file layout and the rules are described in content/README.md.
 */
public final class ContentLoader {

  /** Where the pom puts the content directory inside the jar. */
  static final String CLASSPATH_ROOT = "content";

  private ContentLoader() {
  }

  /** The content that ships inside the jar. */
  public static Content builtIn() {
    return load(ContentSource.classpath(CLASSPATH_ROOT));
  }

  /** Content from a directory with the same layout as content/ in the repository. */
  public static Content fromDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      String reason = Files.exists(dir) ? "is geen map" : "map bestaat niet";
      throw new ContentException(List.of(new ContentProblem(dir.toString(), "", reason)));
    }
    return load(ContentSource.directory(dir));
  }

  private static Content load(ContentSource source) {
    ContentReader reader = new ContentReader(source);
    RawContent raw = reader.read();
    List<ContentProblem> problems = new ArrayList<>(reader.problems());
    problems.addAll(ContentValidator.validate(raw));
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing(ContentProblem::file)); // stable: keeps the order within a file
      throw new ContentException(problems);
    }
    return build(raw);
  }

  private static Content build(RawContent raw) {
    return new Content(raw.colofon(),
        raw.rollen().stream().map(r -> new Rol(r.id(), r.naam(), r.beschrijving())).toList(),
        raw.fasen().stream().map(ContentLoader::build).toList(),
        raw.werkzameElementen().stream().map(e -> new WerkzaamElement(e.nummer(), e.naam(), e.uitleg())).toList(),
        raw.interventies().stream().map(i -> new Interventie(i.id(), i.naam(), i.samenvatting())).toList(),
        raw.begrippen().stream().map(b -> new Begrip(b.term(), b.uitleg())).toList());
  }

  private static Fase build(RawFase fase) {
    return new Fase(fase.id(), fase.naam(), fase.motto(), fase.inleiding(), fase.afsluiting(), fase.eersteVraag(),
        fase.vragen().stream()
        .map(v -> new Vraag(v.id(), v.tekst(), v.toelichting(), v.gespreksvragen(), v.minuten(), v.antwoorden().stream()
            .map(a -> new Antwoord(a.id(), a.tekst(), a.rollen(), a.reflectie(), a.werkzameElementen(),
                a.interventies(), a.volgende()))
            .toList()))
        .toList());
  }
}
