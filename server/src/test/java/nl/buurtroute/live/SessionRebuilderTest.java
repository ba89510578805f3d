package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import nl.buurtroute.content.ContentLoader;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.loadgen.StoredSessions;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Stores;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, finding 4: a restart loaded every event of every open session at once. Now sessions are rebuilt a
 * few at a time, each from pages of its events; the memory this saves is measured by the benchmark's restart
 * run, and here that the result is the same session and that no more than a few are rebuilt at once.
 */
class SessionRebuilderTest {

  @Test
  void a_history_longer_than_many_pages_folds_into_exactly_the_session_a_full_read_gives() throws Exception {
    Path data = Files.createTempDirectory("buurtroute-rebuild");
    Vertx vertx = Vertx.vertx();
    try {
      Store store = Stores.open(vertx, null, data);
      ContentVersions versions = new ContentVersions(store, ContentLoader.builtIn());
      await(store.migrate().compose(v -> versions.register()));
      StoredSessions.Written hall = await(new StoredSessions(store, versions.current(), versions.currentVersion())
          .write("Zaal", 300, SessionRebuilder.PAGE * 3L + 17, Instant.now()));

      SessionRebuilder.Rebuilt rebuilt = await(new SessionRebuilder(store).rebuild(hall.sessionId(), versions.current()));
      Session whole = Session.reconstitute(hall.sessionId(), versions.current(),
          await(store.events(hall.sessionId())).stream().map(e -> EventJson.fromJson(e.type(), e.json())).toList());

      assertThat(rebuilt.lastSeq()).isEqualTo(hall.events()).isGreaterThan(SessionRebuilder.PAGE * 3L);
      Session paged = rebuilt.session();
      assertThat(paged.activeParticipants()).isEqualTo(300).isEqualTo(whole.activeParticipants());
      assertThat(paged.stage()).isEqualTo(whole.stage());
      assertThat(paged.result()).isEqualTo(whole.result());
      assertThat(paged.counts()).isEqualTo(whole.counts());
      assertThat(paged.voters()).isEqualTo(whole.voters()).isPositive();
      assertThat(paged.participants()).containsExactlyElementsOf(whole.participants());
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void a_change_of_owner_is_no_activity_so_a_session_that_moved_keeps_its_idle_deadline() throws Exception {
    Path data = Files.createTempDirectory("buurtroute-rebuild");
    Vertx vertx = Vertx.vertx();
    try {
      Store store = Stores.open(vertx, null, data);
      ContentVersions versions = new ContentVersions(store, ContentLoader.builtIn());
      await(store.migrate().compose(v -> versions.register()));
      Instant lastTouched = Instant.now().minus(Duration.ofHours(30));
      StoredSessions.Written room = await(new StoredSessions(store, versions.current(), versions.currentVersion())
          .write("Kamer", 5, 40, lastTouched));
      SessionEvent.OwnerChanged moved = new SessionEvent.OwnerChanged("member-b", 2, "its owner left");
      await(store.append(List.of(new Store.StoredEvent(room.sessionId(), room.events() + 1, EventJson.typeOf(moved),
          EventJson.toJson(moved), Instant.now()))));

      SessionRebuilder.Rebuilt rebuilt = await(new SessionRebuilder(store).rebuild(room.sessionId(), versions.current()));

      assertThat(rebuilt.lastSeq()).isEqualTo(room.events() + 1);
      assertThat(rebuilt.lastAt()).isBefore(Instant.now().minus(Duration.ofHours(29)));
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void rebuilds_asked_one_by_one_share_the_same_few_places() throws Exception {
    SessionRebuilder rebuilder = new SessionRebuilder(null);
    List<Promise<Void>> started = new ArrayList<>();
    List<Future<Void>> asked = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      asked.add(rebuilder.limited(() -> {
        Promise<Void> promise = Promise.promise();
        started.add(promise);
        return promise.future();
      }));
    }
    Future<Void> restart = Future.join(IntStream.range(0, 10).mapToObj(i -> rebuilder.<Void>limited(() -> {
      Promise<Void> promise = Promise.promise();
      started.add(promise);
      return promise.future();
    })).toList()).mapEmpty();
    for (int finished = 0; finished < 20; finished++) {
      assertThat(started.size() - finished).isLessThanOrEqualTo(SessionRebuilder.CONCURRENCY);
      started.get(finished).complete();
    }
    assertThat(started).hasSize(20);
    assertThat(asked).allMatch(Future::succeeded);
    assertThat(restart.succeeded()).isTrue();
  }

  @Test
  void no_more_than_a_few_sessions_are_rebuilt_at_once() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SessionRebuilder rebuilder = new SessionRebuilder(null);
      List<Promise<Void>> started = new ArrayList<>();
      Future<Void> all = Future.join(IntStream.range(0, 50).mapToObj(i -> rebuilder.<Void>limited(() -> {
        Promise<Void> promise = Promise.promise();
        started.add(promise);
        return promise.future();
      })).toList()).mapEmpty();
      for (int finished = 0; finished < 50; finished++) {
        assertThat(started.size() - finished).isLessThanOrEqualTo(SessionRebuilder.CONCURRENCY);
        started.get(finished).complete();
      }
      assertThat(started).hasSize(50);
      assertThat(all.succeeded()).isTrue();
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void after_a_restart_a_thousand_page_history_and_its_neighbours_serve_again() throws Exception {
    Path data = Files.createTempDirectory("buurtroute-rebuild");
    List<StoredSessions.Written> rooms = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      Store store = Stores.open(vertx, null, data);
      ContentVersions versions = new ContentVersions(store, ContentLoader.builtIn());
      await(store.migrate().compose(v -> versions.register()));
      StoredSessions writer = new StoredSessions(store, versions.current(), versions.currentVersion());
      rooms.add(await(writer.write("Zaal", 500, SessionRebuilder.PAGE * 2L + 5, Instant.now())));
      for (int i = 0; i < 12; i++) {
        rooms.add(await(writer.write("Kamer " + i, 20, 120, Instant.now())));
      }
      await(store.close());
    } finally {
      await(vertx.close());
    }
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_DATA", data.toString()))) {
      for (StoredSessions.Written room : rooms) {
        try (LiveClient phone = server.connect(); LiveClient facilitator = server.connect()) {
          assertThat(phone.resume(room.resumeToken()).getString("type")).isEqualTo("welcome");
          var state = facilitator.facilitate(room.sessionId(), room.facilitatorToken()).getJsonObject("state");
          assertThat(state.getString("status")).isEqualTo("running");
          assertThat(state.getJsonObject("participants").getInteger("total")).isEqualTo(room == rooms.get(0) ? 500 : 20);
        }
      }
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
