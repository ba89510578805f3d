package nl.buurtroute.route;

import io.vertx.ext.web.RoutingContext;
import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.content.Fase;
import nl.buurtroute.content.Rol;
import nl.buurtroute.content.Vraag;
import nl.buurtroute.content.WerkzaamElement;
import nl.buurtroute.store.Overview.Figures;
import nl.buurtroute.store.Store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/overview?from=&to=} with the admin token: what the routes started in a period have in common.
 * The figures are added up by the store from the route summaries (brought up to date first), never from a cache
 * in memory, so every server of a cluster, and a restarted one, answers the same. The contract's fields come
 * first; the rest adds the content's texts and per-rol detail for the page.
 *
 * <p>The figures count ids, and routes of a period may have run with different content versions. The texts
 * come from the current content where it has the id (vragen in the current trees' order); an id the current
 * content no longer has (an antwoord such as {@code actie-rol-trekker} of the built-in 1.0 content) takes its
 * text from the 1.0 content, which every server holds in its jar, so every server words it the same; an id
 * neither has gets no text ({@code tekst} null) and the page shows the id. Those vragen come last.
 */
final class OverviewApi {
  private final Store store;
  private final ContentVersions versions;
  private final AdminGate gate;
  private final RouteSummaries summaries;

  OverviewApi(Store store, ContentVersions versions, AdminGate gate, RouteSummaries summaries) {
    this.store = store;
    this.versions = versions;
    this.gate = gate;
    this.summaries = summaries;
  }

  /**
   * @param werkzameElementen    all ten, in order; {@code missed} = routes − touched
   * @param disagreements        steps on which the rollen' majorities differed
   * @param disagreementsPerRol  per rol, the steps on which that rol's majority was not the group's antwoord
   * @param vragen               per vraag reached, its antwoorden with how many routes chose them, most chosen first
   */
  record Answer(long routes, long finished, Map<String, Long> participants, List<ElementFigure> werkzameElementen,
                Map<String, Map<String, Long>> antwoorden, long disagreements, LocalDate from, LocalDate to,
                long steps, Map<String, Long> disagreementsPerRol, List<RolRef> rollen, List<VraagFigure> vragen) {
  }

  record ElementFigure(int nummer, String naam, long touched, long missed) {
  }

  record RolRef(String id, String naam) {
  }

  record VraagFigure(String vraagId, String fase, String faseNaam, String tekst, long reached,
                     List<AntwoordFigure> antwoorden) {
  }

  record AntwoordFigure(String antwoordId, String tekst, long count) {
  }

  void overview(RoutingContext ctx) {
    gate.check(ctx);
    Period period = Period.of(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
    summaries.refresh()
        .compose(v -> store.overview(period.from(), period.to()))
        .compose(figures -> versions.content(versions.versionOf(null))
            .map(legacy -> answer(figures, period, versions.current(), legacy)))
        .onSuccess(answer -> RoutesApi.send(ctx, "application/json; charset=utf-8", RouteJson.write(answer)))
        .onFailure(ctx::fail);
  }

  /** {@code content}: the current content; {@code older}: where ids it no longer has take their texts from. */
  static Answer answer(Figures f, Period period, Content content, Content older) {
    Map<String, Long> participants = new LinkedHashMap<>();
    Map<String, Long> perRol = new LinkedHashMap<>();
    List<RolRef> rollen = new ArrayList<>();
    for (Rol rol : content.rollen()) {
      participants.put(rol.id(), f.participants().getOrDefault(rol.id(), 0L));
      perRol.put(rol.id(), f.outvoted().getOrDefault(rol.id(), 0L));
      rollen.add(new RolRef(rol.id(), rol.naam()));
    }
    // Rollen of older content keep their figures.
    f.participants().forEach(participants::putIfAbsent);
    f.outvoted().forEach(perRol::putIfAbsent);

    List<ElementFigure> elementen = new ArrayList<>();
    for (WerkzaamElement element : content.werkzameElementen()) {
      long touched = f.touched().getOrDefault(element.nummer(), 0L);
      elementen.add(new ElementFigure(element.nummer(), element.naam(), touched, f.routes() - touched));
    }

    List<VraagFigure> vragen = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (Fase fase : content.fasen()) {
      for (Vraag vraag : fase.vragen()) {
        known.add(vraag.id());
        Map<String, Long> chosen = f.antwoorden().get(vraag.id());
        if (chosen == null) {
          continue;
        }
        List<AntwoordFigure> antwoorden = new ArrayList<>();
        for (Antwoord antwoord : vraag.antwoorden()) {
          antwoorden.add(new AntwoordFigure(antwoord.id(), antwoord.tekst(), chosen.getOrDefault(antwoord.id(), 0L)));
        }
        chosen.forEach((id, n) -> {
          if (vraag.antwoord(id).isEmpty()) {
            antwoorden.add(new AntwoordFigure(id, olderTekst(older, vraag.id(), id), n));
          }
        });
        antwoorden.sort(Comparator.comparingLong(AntwoordFigure::count).reversed());
        vragen.add(new VraagFigure(vraag.id(), fase.id(), fase.naam(), vraag.tekst(),
            chosen.values().stream().mapToLong(Long::longValue).sum(), antwoorden));
      }
    }
    // Vragen that the content no longer has (routes run with older content) come last, worded by the older one.
    f.antwoorden().forEach((vraagId, chosen) -> {
      if (!known.contains(vraagId)) {
        List<AntwoordFigure> antwoorden = new ArrayList<>();
        chosen.forEach((id, n) -> antwoorden.add(new AntwoordFigure(id, olderTekst(older, vraagId, id), n)));
        antwoorden.sort(Comparator.comparingLong(AntwoordFigure::count).reversed());
        Optional<Fase> fase = older.faseOf(vraagId);
        vragen.add(new VraagFigure(vraagId, fase.map(Fase::id).orElse(null), fase.map(Fase::naam).orElse(null),
            older.vraag(vraagId).map(Vraag::tekst).orElse(null),
            chosen.values().stream().mapToLong(Long::longValue).sum(), antwoorden));
      }
    });
    return new Answer(f.routes(), f.finished(), participants, elementen, f.antwoorden(), f.disagreements(),
        period.fromDay(), period.toDay(), f.steps(), perRol, rollen, vragen);
  }

  /** The antwoord's text in the older content; null when that has no such antwoord either. */
  private static String olderTekst(Content older, String vraagId, String antwoordId) {
    return older.vraag(vraagId).flatMap(v -> v.antwoord(antwoordId)).map(Antwoord::tekst).orElse(null);
  }
}
