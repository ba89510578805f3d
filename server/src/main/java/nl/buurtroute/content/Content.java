package nl.buurtroute.content;

import java.util.List;
import java.util.Optional;

/**
 * The four beslisbomen with everything they refer to, exactly as served at {@code GET /api/content}.
 * Only {@link ContentLoader} builds one, and only from content that passed every rule, so callers may
 * trust every reference in it.
 */
public record Content(String colofon,
                      List<Rol> rollen,
                      List<Fase> fasen,
                      List<WerkzaamElement> werkzameElementen,
                      List<Interventie> interventies,
                      List<Begrip> begrippen) {

  public Content {
    begrippen = begrippen == null ? List.of() : List.copyOf(begrippen);
    rollen = List.copyOf(rollen);
    fasen = List.copyOf(fasen);
    werkzameElementen = List.copyOf(werkzameElementen);
    interventies = List.copyOf(interventies);
  }

  public Optional<Rol> rol(String id) {
    return rollen.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public Optional<Fase> fase(String id) {
    return fasen.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  public Optional<Vraag> vraag(String vraagId) {
    return fasen.stream().flatMap(f -> f.vragen().stream()).filter(v -> v.id().equals(vraagId)).findFirst();
  }

  /** The fase that holds this vraag. */
  public Optional<Fase> faseOf(String vraagId) {
    return fasen.stream().filter(f -> f.vragen().stream().anyMatch(v -> v.id().equals(vraagId))).findFirst();
  }

  /** The fase after this one, empty after the last. */
  public Optional<Fase> faseAfter(String faseId) {
    for (int i = 0; i < fasen.size() - 1; i++) {
      if (fasen.get(i).id().equals(faseId)) {
        return Optional.of(fasen.get(i + 1));
      }
    }
    return Optional.empty();
  }

  public Optional<WerkzaamElement> werkzaamElement(int nummer) {
    return werkzameElementen.stream().filter(w -> w.nummer() == nummer).findFirst();
  }

  public Optional<Interventie> interventie(String id) {
    return interventies.stream().filter(i -> i.id().equals(id)).findFirst();
  }
}
