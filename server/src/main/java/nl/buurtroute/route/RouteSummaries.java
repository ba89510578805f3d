package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.route.Route.RouteStep;
import nl.buurtroute.store.RouteSummary;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.StoreClosedException;
import nl.buurtroute.store.Store.SessionRecord;
import nl.buurtroute.store.Store.StoredEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the stored route summaries in step with the events, which stay the truth. {@link #refresh} asks the
 * store which sessions changed since their summary was made (or have none), replays those and saves their new
 * summaries, in batches; the overview and the listing call it before they read, and the server runs it in the
 * background every so often, so that a read usually finds nothing to do. It keeps no figures in memory: a
 * restart or a second server finds the same summaries in the store.
 */
final class RouteSummaries {
  static final int BATCH = 200;
  private static final System.Logger LOG = System.getLogger(RouteSummaries.class.getName());

  private final Vertx vertx;
  private final Store store;
  private final ContentVersions versions;
  /** The refresh under way on this instance, shared by callers that arrive meanwhile. */
  private Future<Void> running;
  /** The background sweep under way, if any. */
  private Future<Void> sweeping;

  RouteSummaries(Vertx vertx, Store store, ContentVersions versions) {
    this.vertx = vertx;
    this.store = store;
    this.versions = versions;
  }

  /** Completes once every session that was stale when it began has a current summary. */
  Future<Void> refresh() {
    if (running != null) {
      return running;
    }
    Future<Void> started = logged(batch(store::sessionsWithStaleSummary, ""));
    running = started;
    return started.eventually(() -> {
      running = null;
      return Future.succeededFuture();
    });
  }

  /**
   * The background sweep: brings finished sessions up to date, never a running one. A running session's summary
   * is stale after every vote; replaying all its events each sweep (150,000 in a hall of 10,000) took CPU and
   * heap from the evening itself (issue 17), and a read ({@link #refresh}) makes it anyway when someone asks.
   */
  Future<Void> sweep() {
    if (sweeping != null) {
      return sweeping;
    }
    Future<Void> started = logged(batch(store::finishedSessionsWithStaleSummary, ""));
    sweeping = started;
    return started.eventually(() -> {
      sweeping = null;
      return Future.succeededFuture();
    });
  }

  /** Which stale sessions a walk takes: every one ({@link #refresh}) or only finished ones ({@link #sweep}). */
  @FunctionalInterface
  private interface StaleSessions {
    Future<List<SessionRecord>> after(String afterSessionId, int limit);
  }

  private static Future<Void> logged(Future<Void> work) {
    return work.onFailure(e -> {
      if (!(e instanceof StoreClosedException)) {
        LOG.log(System.Logger.Level.WARNING, "cannot bring the route summaries up to date", e);
      }
    });
  }

  /**
   * One batch of at most {@link #BATCH} stale sessions after {@code afterSessionId}, then the next batch after
   * the last one seen. A route that cannot be replayed is logged and left stale; the walk goes past it, so it
   * never holds the others back (the next refresh tries it again).
   */
  private Future<Void> batch(StaleSessions stale, String afterSessionId) {
    return stale.after(afterSessionId, BATCH).compose(rows -> {
      if (rows.isEmpty()) {
        return Future.succeededFuture();
      }
      String last = rows.get(rows.size() - 1).sessionId();
      List<Future<RouteSummary>> made = rows.stream().map(this::summarise).toList();
      return Future.join(made).transform(ar -> {
        List<RouteSummary> summaries = new ArrayList<>();
        made.stream().filter(Future::succeeded).map(Future::result).forEach(summaries::add);
        return store.saveSummaries(summaries).map(v -> summaries.size());
      }).compose(saved -> rows.size() == BATCH ? batch(stale, last) : Future.succeededFuture());
    });
  }

  private Future<RouteSummary> summarise(SessionRecord row) {
    return store.events(row.sessionId()).compose(events -> {
      if (events.isEmpty()) {
        return Future.succeededFuture(new RouteSummary(row.sessionId(), 0, null, false, 0, 0, Map.of(), Map.of(),
            Map.of(), List.of()));
      }
      long seq = events.get(events.size() - 1).seq();
      // Replayed with the session's own content version, as reading the route does.
      return RouteAccess.replay(vertx, versions, row, events).map(route -> of(route, seq));
    }).onFailure(e -> LOG.log(System.Logger.Level.WARNING, "cannot summarise route " + row.sessionId(), e));
  }

  /** The figures the overview adds up, from a replayed route. */
  static RouteSummary of(Route route, long summarisedSeq) {
    Map<String, Integer> outvoted = new LinkedHashMap<>();
    Map<Integer, Integer> elementen = new LinkedHashMap<>();
    List<RouteSummary.Choice> choices = new ArrayList<>();
    int disagreements = 0;
    for (RouteStep step : route.steps()) {
      if (step.rollenDisagree()) {
        disagreements++;
      }
      step.majorityPerRol().forEach((rol, majority) -> {
        if (majority != null && !majority.equals(step.antwoordId())) {
          outvoted.merge(rol, 1, Integer::sum);
        }
      });
      step.werkzameElementen().forEach(e -> elementen.merge(e.nummer(), 1, Integer::sum));
      choices.add(new RouteSummary.Choice(step.index(), step.vraagId(), step.antwoordId()));
    }
    Map<String, Integer> participants = new LinkedHashMap<>();
    route.summary().participants().perRol().forEach((rol, n) -> {
      if (n > 0) {
        participants.put(rol, n);
      }
    });
    return new RouteSummary(route.sessionId(), summarisedSeq, route.startedAt(), "finished".equals(route.status()),
        route.steps().size(), disagreements, participants, outvoted, elementen, choices);
  }

  /** Summarises one route just read (its events are at hand), so a later overview need not replay it. */
  void saveQuietly(Route route, List<StoredEvent> events) {
    if (!events.isEmpty()) {
      store.saveSummaries(List.of(of(route, events.get(events.size() - 1).seq())))
          .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "cannot save summary of " + route.sessionId(), e));
    }
  }
}
