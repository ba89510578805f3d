package nl.buurtroute.route;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.ContentLoader;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.loadgen.StoredSessions;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.SessionRecord;
import nl.buurtroute.store.Store.StoredEvent;
import nl.buurtroute.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary refresh on a real store, with routes that cannot be replayed in its way. */
class RouteSummariesTest {
  @TempDir
  Path data;
  Vertx vertx;
  Store store;
  ContentVersions versions;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = Stores.open(vertx, null, data);
    versions = new ContentVersions(store, ContentLoader.builtIn());
    await(store.migrate().compose(v -> versions.register()));
  }

  @AfterEach
  void close() throws Exception {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void routes_that_cannot_be_replayed_never_hold_back_the_ones_after_them() throws Exception {
    // More unreadable routes than one batch holds, all before the good one in the walk's (session id) order.
    Instant at = Instant.now();
    List<String> broken = new ArrayList<>();
    for (int i = 0; i < RouteSummaries.BATCH + 5; i++) {
      String id = String.format("0000000-broken-%04d", i);
      broken.add(id);
      await(store.createSession(new SessionRecord(id, "Kapot " + i, null, String.format("K%05d", i), "f", "r",
          "finished", 0, at, at, at, versions.currentVersion())));
      await(store.append(List.of(new StoredEvent(id, 1, "noSuchEvent", "{}", at))));
    }
    StoredSessions.Written good = await(new StoredSessions(store, versions.current(), versions.currentVersion())
        .write("Goede avond", 3, 20, at));

    await(new RouteSummaries(vertx, store, versions).refresh());

    List<String> stillStale = await(store.sessionsWithStaleSummary("", 10_000)).stream()
        .map(SessionRecord::sessionId).toList();
    assertThat(stillStale).doesNotContain(good.sessionId()).containsExactlyElementsOf(broken);
  }

  @Test
  void pages_through_stale_sessions_by_id() throws Exception {
    Instant at = Instant.now();
    StoredSessions writer = new StoredSessions(store, versions.current(), versions.currentVersion());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(await(writer.write("Avond " + i, 2, 10, at)).sessionId());
    }
    List<String> sorted = ids.stream().sorted().toList();

    List<String> firstPage = await(store.sessionsWithStaleSummary("", 3)).stream().map(SessionRecord::sessionId)
        .toList();
    List<String> secondPage = await(store.sessionsWithStaleSummary(firstPage.get(2), 3)).stream()
        .map(SessionRecord::sessionId).toList();

    assertThat(firstPage).containsExactlyElementsOf(sorted.subList(0, 3));
    assertThat(secondPage).containsExactlyElementsOf(sorted.subList(3, 5));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
