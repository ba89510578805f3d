package nl.buurtroute.route;

import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.Fase;
import nl.buurtroute.content.Rol;
import nl.buurtroute.content.Vraag;
import nl.buurtroute.content.WerkzaamElement;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.route.Route.Back;
import nl.buurtroute.route.Route.Disagreement;
import nl.buurtroute.route.Route.ElementCount;
import nl.buurtroute.route.Route.ElementRef;
import nl.buurtroute.route.Route.FacilitatorDecision;
import nl.buurtroute.route.Route.InterventieCount;
import nl.buurtroute.route.Route.InterventieRef;
import nl.buurtroute.route.Route.Participants;
import nl.buurtroute.route.Route.Position;
import nl.buurtroute.route.Route.RouteStep;
import nl.buurtroute.route.Route.Summary;
import nl.buurtroute.route.Route.WerkzameElementen;
import nl.buurtroute.session.DecidedBy;
import nl.buurtroute.session.Participant;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.SessionEvent.ResultDecided;
import nl.buurtroute.session.SessionEvent.SessionCreated;
import nl.buurtroute.session.SessionEvent.SessionFinished;
import nl.buurtroute.session.SessionEvent.SessionStarted;
import nl.buurtroute.session.SessionEvent.Stepped;
import nl.buurtroute.session.SessionEvent.SteppedBack;
import nl.buurtroute.session.SessionEvent.VotingOpened;
import nl.buurtroute.session.Status;
import nl.buurtroute.session.Step;
import nl.buurtroute.store.Store.StoredEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link Route} from a session's stored events, with the content version the session ran with. The events are replayed through the session engine
 * itself ({@link Session#apply}), so the route is exactly the one the room saw; alongside, this class keeps
 * what the engine forgets: when each step was taken, why the facilitator decided, and every {@code back}.
 */
final class RouteProjection {
  private final Content content;
  private final String contentVersion;

  RouteProjection(Content content) {
    this(content, null);
  }

  RouteProjection(Content content, String contentVersion) {
    this.content = content;
    this.contentVersion = contentVersion;
  }

  /** Per step of the route: what the engine does not keep. */
  private record StepMeta(Instant at, String reason, List<String> earlier) {
  }

  /** A back as it happens; {@code after} is filled in when the group takes the same vraag again. */
  private static final class PendingBack {
    final String fase;
    final String vraagId;
    final String before;
    final Instant at;
    String after;

    PendingBack(String fase, String vraagId, String before, Instant at) {
      this.fase = fase;
      this.vraagId = vraagId;
      this.before = before;
      this.at = at;
    }
  }

  Route project(String sessionId, Instant createdAt, List<StoredEvent> stored) {
    if (stored.isEmpty()) {
      throw new IllegalArgumentException("session " + sessionId + " has no events");
    }
    Session session = null;
    Instant startedAt = null;
    Instant finishedAt = null;
    String reason = null;
    List<StepMeta> metas = new ArrayList<>();
    List<PendingBack> backs = new ArrayList<>();
    for (StoredEvent envelope : stored) {
      SessionEvent event = EventJson.fromJson(envelope.type(), envelope.json());
      if (session == null) {
        if (!(event instanceof SessionCreated created)) {
          throw new IllegalArgumentException("session " + sessionId + " does not start with a created event");
        }
        session = Session.create(sessionId, content, created);
        continue;
      }
      if (event instanceof SessionStarted) {
        startedAt = envelope.at();
      } else if (event instanceof SessionFinished) {
        finishedAt = envelope.at();
      } else if (event instanceof VotingOpened) {
        reason = null;
      } else if (event instanceof ResultDecided decided) {
        reason = decisionReason(session, decided, reason);
      } else if (event instanceof Stepped stepped) {
        List<String> earlier = new ArrayList<>();
        for (PendingBack back : backs) {
          if (back.after == null && back.vraagId.equals(stepped.vraagId())) {
            back.after = stepped.antwoordId();
            earlier.add(back.before);
          }
        }
        boolean byFacilitator = session.result() != null && session.result().decidedBy() == DecidedBy.FACILITATOR;
        metas.add(new StepMeta(envelope.at(), byFacilitator ? reason : null, earlier));
        reason = null;
      } else if (event instanceof SteppedBack) {
        Step last = session.route().get(session.route().size() - 1);
        StepMeta meta = metas.remove(metas.size() - 1);
        reason = meta.reason();
        backs.add(new PendingBack(last.fase(), last.vraagId(), last.antwoordId(), envelope.at()));
      }
      session.apply(event);
    }

    List<RouteStep> steps = new ArrayList<>();
    for (int i = 0; i < session.route().size(); i++) {
      steps.add(step(i, session.route().get(i), metas.get(i)));
    }
    Position current = session.status() == Status.RUNNING && session.vraagId() != null
        ? new Position(session.fase(), session.vraagId(), session.stage() == null ? null : session.stage().wire())
        : null;
    return new Route(sessionId, contentVersion, session.title(), session.neighbourhood(), session.status().wire(),
        createdAt, startedAt, finishedAt, current, steps, summary(session, steps, backs), List.of());
  }

  /** Why the facilitator decides now, judged from the state just before the decision. */
  private static String decisionReason(Session session, ResultDecided decided, String earlierReason) {
    if (session.result() != null && session.result().decidedBy() == DecidedBy.MAJORITY) {
      return session.result().antwoordId().equals(decided.antwoordId()) ? "confirmed" : "override";
    }
    if (session.result() != null && earlierReason != null) {
      return earlierReason;   // a second decide on the same vote keeps the first reason
    }
    return session.voters() == 0 ? "noVotes" : "tie";
  }

  private RouteStep step(int index, Step step, StepMeta meta) {
    Optional<Vraag> vraag = content.vraag(step.vraagId());
    Optional<Antwoord> antwoord = vraag.flatMap(v -> v.antwoord(step.antwoordId()));
    Map<String, Integer> perRol = new LinkedHashMap<>();
    for (Rol rol : content.rollen()) {
      int n = 0;
      for (Map<String, Integer> counts : step.counts().perAntwoord().values()) {
        n += counts.getOrDefault(rol.id(), 0);
      }
      perRol.put(rol.id(), n);
    }
    Map<String, String> majorities = majorityPerRol(step, perRol);
    return new RouteStep(index, step.fase(), faseNaam(step.fase()), step.vraagId(),
        vraag.map(Vraag::tekst).orElse(null), step.antwoordId(), antwoord.map(Antwoord::tekst).orElse(null),
        step.decidedBy().wire(), meta.reason(), step.counts().perAntwoord(), step.counts().voters(), perRol,
        majorities, disagree(majorities), antwoord.map(Antwoord::reflectie).orElse(null),
        antwoord.map(a -> a.werkzameElementen().stream().map(this::element).toList()).orElse(List.of()),
        antwoord.map(a -> a.interventies().stream().map(this::interventie).toList()).orElse(List.of()),
        meta.earlier(), meta.at());
  }

  /** Per rol that voted: its antwoord with strictly the most votes, or null on a tie inside the rol. */
  static Map<String, String> majorityPerRol(Step step, Map<String, Integer> perRol) {
    Map<String, String> majorities = new LinkedHashMap<>();
    perRol.forEach((rol, voters) -> {
      if (voters == 0) {
        return;
      }
      String best = null;
      int bestCount = 0;
      boolean tie = false;
      for (Map.Entry<String, Map<String, Integer>> entry : step.counts().perAntwoord().entrySet()) {
        int n = entry.getValue().getOrDefault(rol, 0);
        if (n > bestCount) {
          best = entry.getKey();
          bestCount = n;
          tie = false;
        } else if (n == bestCount && n > 0) {
          tie = true;
        }
      }
      majorities.put(rol, tie ? null : best);
    });
    return majorities;
  }

  /** The rollen disagree when at least two of them have a clear majority and those differ. */
  static boolean disagree(Map<String, String> majorities) {
    return majorities.values().stream().filter(Objects::nonNull).distinct().count() > 1;
  }

  private Summary summary(Session session, List<RouteStep> steps, List<PendingBack> pendingBacks) {
    Map<Integer, Integer> elementCounts = new LinkedHashMap<>();
    Map<String, Integer> interventieCounts = new LinkedHashMap<>();
    for (RouteStep step : steps) {
      step.werkzameElementen().forEach(e -> elementCounts.merge(e.nummer(), 1, Integer::sum));
      step.interventies().forEach(i -> interventieCounts.merge(i.id(), 1, Integer::sum));
    }
    List<ElementCount> touched = new ArrayList<>();
    List<ElementRef> untouched = new ArrayList<>();
    for (WerkzaamElement element : content.werkzameElementen()) {
      Integer n = elementCounts.get(element.nummer());
      if (n == null) {
        untouched.add(new ElementRef(element.nummer(), element.naam()));
      } else {
        touched.add(new ElementCount(element.nummer(), element.naam(), n));
      }
    }
    List<InterventieCount> interventies = new ArrayList<>();
    content.interventies().forEach(i -> {
      Integer n = interventieCounts.get(i.id());
      if (n != null) {
        interventies.add(new InterventieCount(i.id(), i.naam(), n));
      }
    });

    Map<String, Integer> joinedPerRol = new LinkedHashMap<>();
    content.rollen().forEach(r -> joinedPerRol.put(r.id(), 0));
    int removed = 0;
    for (Participant p : session.participants()) {
      joinedPerRol.merge(p.rol(), 1, Integer::sum);
      removed += p.removed() ? 1 : 0;
    }
    Participants participants = new Participants(session.activeParticipants(), session.activePerRol(),
        session.participants().size(), joinedPerRol, removed);

    List<Disagreement> disagreements = steps.stream().filter(RouteStep::rollenDisagree)
        .map(s -> new Disagreement(s.index(), s.fase(), s.vraagId(), s.vraagTekst(), s.majorityPerRol()))
        .toList();
    List<FacilitatorDecision> decisions = steps.stream()
        .filter(s -> DecidedBy.FACILITATOR.wire().equals(s.decidedBy()))
        .map(s -> new FacilitatorDecision(s.index(), s.fase(), s.vraagId(), s.vraagTekst(), s.antwoordId(),
            s.antwoordTekst(), s.decisionReason()))
        .toList();
    List<Back> backs = pendingBacks.stream()
        .map(b -> new Back(b.fase, b.vraagId, vraagTekst(b.vraagId), b.before, antwoordTekst(b.vraagId, b.before),
            b.after, b.after == null ? null : antwoordTekst(b.vraagId, b.after), !b.before.equals(b.after), b.at))
        .toList();
    return new Summary(new WerkzameElementen(touched, untouched), interventies, participants, disagreements,
        decisions, backs);
  }

  private String faseNaam(String faseId) {
    return content.fase(faseId).map(Fase::naam).orElse(null);
  }

  private String vraagTekst(String vraagId) {
    return content.vraag(vraagId).map(Vraag::tekst).orElse(null);
  }

  private String antwoordTekst(String vraagId, String antwoordId) {
    return content.vraag(vraagId).flatMap(v -> v.antwoord(antwoordId)).map(Antwoord::tekst).orElse(null);
  }

  private ElementRef element(int nummer) {
    return new ElementRef(nummer, content.werkzaamElement(nummer).map(WerkzaamElement::naam).orElse(null));
  }

  private InterventieRef interventie(String id) {
    return new InterventieRef(id, content.interventie(id).map(i -> i.naam()).orElse(null));
  }
}
