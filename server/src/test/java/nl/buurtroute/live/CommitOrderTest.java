package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.content.Content;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.Overview;
import nl.buurtroute.store.RouteSummary;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.StoreStats;
import nl.buurtroute.testing.TestContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every frame waits for the commit of what it shows: the facilitator's tally for the votes it counts, the
 * presence counts for the join. The owner runs against a store whose writes the test holds, lets through
 * or fails, and the test listens on the session's outbound address like a hub does.
 */
class CommitOrderTest {
  private static final long WAIT_SECONDS = 5;
  private final Content content = TestContent.small();
  private final String sessionId = Tokens.newSessionId();
  private final String facilitatorToken = Tokens.newToken();
  private Vertx vertx;
  private HeldStore store;
  private final BlockingQueue<JsonObject> toFacilitators = new LinkedBlockingQueue<>();

  @BeforeEach
  void deployOwnerWithAnOpenVote() throws Exception {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx.eventBus());
    List<SessionEvent> history = new ArrayList<>();
    history.add(new SessionEvent.SessionCreated("Avond", null, "ABCDEF", Tokens.hash(facilitatorToken), "rh"));
    Session session = Session.reconstitute(sessionId, content, history);
    for (SessionEvent event : List.of(session.join("Ans", "inwoner", Tokens.hash(sessionId + ".ans")),
        session.start())) {
      session.apply(event);
      history.add(event);
    }
    SessionEvent opened = session.openVoting();
    session.apply(opened);
    history.add(opened);
    store = new HeldStore(history);
    // States come on the session's out address, tallies on its tallies address; a console hears both.
    for (String address : List.of(Bus.out(sessionId), Bus.tallies(sessionId))) {
      vertx.eventBus().<Bus.Outbound>consumer(address, m -> {
        String frame = m.body().frameFor(Bus.Audience.FACILITATORS);
        if (frame != null) {
          toFacilitators.add(new JsonObject(frame));
        }
      }).completion().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    await(vertx.deployVerticle(new SessionOwnerVerticle(session, history.size(), store, LiveLimits.defaults(), null,
        Instant.now(), null)));
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  void the_tally_is_sent_only_once_the_votes_it_counts_are_committed() throws Exception {
    Future<Bus.Reply> voted = request(new Bus.Command("p1", new ClientMessage.Vote("start1", "start1-a")));
    Promise<Void> write = store.nextWrite();

    assertThat(nextOfType("tally", 1)).as("a tally before the vote is committed").isNull();
    write.complete();

    assertThat(await(voted).frame()).contains("\"type\":\"voted\"");
    JsonObject tally = nextOfType("tally", WAIT_SECONDS);
    assertThat(tally.getInteger("voters")).isEqualTo(1);
  }

  @Test
  void after_a_lost_vote_the_console_gets_a_tally_without_it() throws Exception {
    Future<Bus.Reply> voted = request(new Bus.Command("p1", new ClientMessage.Vote("start1", "start1-a")));
    store.nextWrite().fail("disk full");

    assertThat(await(voted).frame()).contains("store_unavailable");
    JsonObject tally = nextOfType("tally", WAIT_SECONDS);
    assertThat(tally.getInteger("voters")).isZero();
    assertThat(tally.getJsonObject("presence").getJsonObject("inwoner").getInteger("voted")).isZero();
  }

  @Test
  void a_join_counts_as_present_only_once_it_is_committed() throws Exception {
    await(facilitate());
    Future<Bus.Reply> welcome = request(new Bus.Command(null, new ClientMessage.Join("ABCDEF", "Bo", "inwoner", null)));
    Promise<Void> write = store.nextWrite();

    assertThat(nextOfType("state", 1)).as("a state before the join is committed").isNull();
    write.complete();

    assertThat(await(welcome).frame()).contains("\"type\":\"welcome\"");
    JsonObject participants = nextOfType("state", WAIT_SECONDS).getJsonObject("state").getJsonObject("participants");
    assertThat(participants.getInteger("total")).isEqualTo(2);
    assertThat(participants.getInteger("online")).isEqualTo(1);
  }

  @Test
  void a_join_whose_write_failed_is_not_counted_as_present_after_the_reload() throws Exception {
    await(facilitate());
    Future<Bus.Reply> welcome = request(new Bus.Command(null, new ClientMessage.Join("ABCDEF", "Bo", "inwoner", null)));
    store.nextWrite().fail("disk full");

    assertThat(await(welcome).frame()).contains("store_unavailable");
    JsonObject participants = nextOfType("state", WAIT_SECONDS).getJsonObject("state").getJsonObject("participants");
    assertThat(participants.getInteger("total")).isEqualTo(1);
    assertThat(participants.getInteger("online")).isZero();
    assertThat(participants.getJsonObject("onlinePerRol").getInteger("inwoner")).isZero();
  }

  private Future<Bus.Reply> facilitate() {
    return request(new Bus.Command(null, new ClientMessage.Facilitate(sessionId, facilitatorToken)));
  }

  private Future<Bus.Reply> request(Bus.Command command) {
    String address = command.message() instanceof ClientMessage.Join ? Bus.join("ABCDEF") : Bus.session(sessionId);
    return vertx.eventBus().<Bus.Reply>request(address, command).map(m -> m.body());
  }

  /** The next facilitator frame of this type within the wait, or null when none came. */
  private JsonObject nextOfType(String type, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject frame = left > 0 ? toFacilitators.poll(left, TimeUnit.NANOSECONDS) : null;
      if (frame == null || type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** An in-memory store whose appends wait until the test lets them through or fails them. */
  private static final class HeldStore implements Store {
    private final List<StoredEvent> committed = new ArrayList<>();
    private final BlockingQueue<Promise<Void>> writes = new LinkedBlockingQueue<>();

    HeldStore(List<SessionEvent> history) {
      long seq = 0;
      for (SessionEvent event : history) {
        committed.add(new StoredEvent("s", ++seq, EventJson.typeOf(event), EventJson.toJson(event), Instant.now()));
      }
    }

    Promise<Void> nextWrite() throws InterruptedException {
      Promise<Void> write = writes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(write).as("a write to the store").isNotNull();
      return write;
    }

    @Override
    public synchronized Future<Void> append(List<StoredEvent> events) {
      Promise<Void> write = Promise.promise();
      writes.add(write);
      return write.future().onSuccess(v -> {
        synchronized (this) {
          committed.addAll(events);
        }
      });
    }

    @Override
    public synchronized Future<List<StoredEvent>> events(String sessionId) {
      return Future.succeededFuture(List.copyOf(committed));
    }

    @Override
    public synchronized Future<List<StoredEvent>> events(String sessionId, long afterSeq, int limit) {
      return Future.succeededFuture(committed.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList());
    }

    @Override
    public Future<Optional<SessionRecord>> findSession(String sessionId) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override public Future<Void> migrate() { return Future.succeededFuture(); }
    @Override public Future<Void> createSession(SessionRecord session) { return Future.succeededFuture(); }
    @Override public Future<Optional<SessionRecord>> findOpenSessionByJoinCode(String joinCode) {
      return Future.succeededFuture(Optional.empty());
    }
    @Override public Future<List<SessionRecord>> openSessions() { return Future.succeededFuture(List.of()); }
    @Override public Future<List<SessionRecord>> listSessions(int offset, int limit) {
      return Future.succeededFuture(List.of());
    }
    @Override public Future<Long> countSessions() { return Future.succeededFuture(0L); }
    @Override public Future<Void> updateSession(SessionRecord session) { return Future.succeededFuture(); }
    @Override public Future<Void> ping() { return Future.succeededFuture(); }
    @Override public Future<Void> saveContentVersion(String version, String json, Instant at) {
      return Future.succeededFuture();
    }
    @Override public Future<Optional<String>> findContentVersion(String version) {
      return Future.succeededFuture(Optional.empty());
    }
    // The route package's parts of the store; the live path under test never reaches them.
    @Override public Future<Void> addNote(Overview.NoteRecord note) { return Future.succeededFuture(); }
    @Override public Future<List<Overview.NoteRecord>> notes(String sessionId) {
      return Future.succeededFuture(List.of());
    }
    @Override public Future<List<SessionRecord>> sessionsWithStaleSummary(String afterSessionId, int limit) {
      return Future.succeededFuture(List.of());
    }
    @Override public Future<List<SessionRecord>> finishedSessionsWithStaleSummary(String afterSessionId, int limit) {
      return Future.succeededFuture(List.of());
    }
    @Override public Future<Void> saveSummaries(List<RouteSummary> summaries) { return Future.succeededFuture(); }
    @Override public Future<Overview.Figures> overview(Instant from, Instant to) {
      return Future.succeededFuture(new Overview.Figures(0, 0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of()));
    }
    @Override public Future<Overview.ListingPage> searchSessions(Overview.ListingQuery query) {
      return Future.succeededFuture(new Overview.ListingPage(0, List.of()));
    }
    @Override public StoreStats stats() { return null; }
    @Override public Future<Void> close() { return Future.succeededFuture(); }
    @Override public String kind() { return "held"; }
  }
}
