package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.ContentJson;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Stores;
import nl.buurtroute.testing.TestContent;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A session that moves to another server (a claim in a cluster, or a restart) is rebuilt with the content
 * version it was created with, not with the content the new server runs: a rolling update with new content
 * must not strand the sessions of the members it replaces.
 */
class OwnersRebuildTest {
  private static final long WAIT_SECONDS = 10;

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private Store store;

  @BeforeEach
  void openStore() throws Exception {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx.eventBus());
    store = Stores.open(vertx, null, dataDir);
    await(store.migrate());
  }

  @AfterEach
  void close() throws Exception {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void a_claimed_session_is_rebuilt_with_its_own_content_version() throws Exception {
    Content old = TestContent.small();
    ContentVersions before = new ContentVersions(store, old);
    await(before.register());
    String sessionId = Tokens.newSessionId();
    List<SessionEvent> events = votedWith(sessionId, old, "start1-a");
    save(sessionId, before.currentVersion(), events);

    // The next server's content no longer has the voted antwoord: replaying with it fails.
    Content changed = ContentJson.read(ContentJson.write(old).replace("\"start1-a\"", "\"start1-z\""));
    assertThatThrownBy(() -> Session.reconstitute(sessionId, changed, events)).isInstanceOf(RuntimeException.class);
    ContentVersions after = new ContentVersions(store, changed);
    await(after.register());
    assertThat(after.currentVersion()).isNotEqualTo(before.currentVersion());

    Owners owners = new Owners(vertx, store, after, LiveLimits.defaults(), new OwnerDesk("node-a"));
    await(owners.rebuild(sessionId, 2, "member-b"));

    assertThat(owners.runs(sessionId)).isTrue();
    assertThat(owners.get(sessionId).epoch()).isEqualTo(2);
    assertThat(owners.get(sessionId).nodeId()).isEqualTo("member-b");
  }

  @Test
  void a_session_whose_content_version_the_store_lacks_is_not_run_and_says_why() throws Exception {
    Content old = TestContent.small();
    String sessionId = Tokens.newSessionId();
    save(sessionId, "0123456789abcdef", votedWith(sessionId, old, "start1-a"));
    Owners owners = new Owners(vertx, store, new ContentVersions(store, old), LiveLimits.defaults(), new OwnerDesk("node-a"));

    assertThatThrownBy(() -> await(owners.rebuild(sessionId, 1, "member-b")))
        .hasCauseInstanceOf(ContentVersions.UnknownContentVersion.class);
    assertThat(owners.runs(sessionId)).isFalse();
  }

  /**
   * A timed vote whose moment passed while the session moved: the member that claims it arms the clock from
   * the stored {@code endsAt} when it rebuilds the session, so the vote closes at once with no facilitator.
   */
  @Test
  void a_claimed_session_closes_a_timed_vote_whose_moment_passed_while_it_moved() throws Exception {
    Content content = TestContent.small();
    ContentVersions versions = new ContentVersions(store, content);
    await(versions.register());
    String sessionId = Tokens.newSessionId();
    List<SessionEvent> events = new ArrayList<>();
    events.add(new SessionEvent.SessionCreated("Avond", null, "ABCDEF", Tokens.hash("f"), Tokens.hash("r")));
    Session session = Session.reconstitute(sessionId, content, events);
    apply(session, events, session.join("Ans", "inwoner", Tokens.hash("ans")));
    apply(session, events, session.start());
    apply(session, events, session.openVoting(10, System.currentTimeMillis() - 60_000));
    apply(session, events, session.vote("p1", session.vraagId(), "start1-a"));
    // The claim's fencing event, as ClusterOwnership appends it; the fold ignores it.
    events.add(new SessionEvent.OwnerChanged("member-b", 2, "its owner left the cluster"));
    save(sessionId, versions.currentVersion(), events);

    java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
    vertx.eventBus().<Bus.Outbound>consumer(Bus.out(sessionId), m -> {
      String frame = m.body().frameFor(Bus.Audience.PARTICIPANTS);
      if (frame != null && frame.contains("\"stage\":\"result\"")) {
        closed.complete(frame);
      }
    });
    Owners owners = new Owners(vertx, store, versions, LiveLimits.defaults(), new OwnerDesk("node-a"));
    await(owners.rebuild(sessionId, 2, "member-b"));

    assertThat(closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).contains("\"antwoordId\":\"start1-a\"");
    List<Store.StoredEvent> stored = await(store.events(sessionId));
    assertThat(stored.get(stored.size() - 1).type()).isEqualTo("votingClosed");
  }

  /** A running session in which one inwoner voted for {@code antwoordId} on the first vraag. */
  private static List<SessionEvent> votedWith(String sessionId, Content content, String antwoordId) {
    List<SessionEvent> events = new ArrayList<>();
    events.add(new SessionEvent.SessionCreated("Avond", null, "ABCDEF", Tokens.hash("f"), Tokens.hash("r")));
    Session session = Session.reconstitute(sessionId, content, events);
    apply(session, events, session.join("Ans", "inwoner", Tokens.hash("ans")));
    apply(session, events, session.start());
    apply(session, events, session.openVoting());
    apply(session, events, session.vote("p1", session.vraagId(), antwoordId));
    return events;
  }

  private static void apply(Session session, List<SessionEvent> events, SessionEvent event) {
    session.apply(event);
    events.add(event);
  }

  private void save(String sessionId, String contentVersion, List<SessionEvent> events) throws Exception {
    Instant now = Instant.now();
    SessionEvent.SessionCreated created = (SessionEvent.SessionCreated) events.get(0);
    await(store.createSession(new Store.SessionRecord(sessionId, created.title(), null, created.joinCode(),
        created.facilitatorTokenHash(), created.reviewTokenHash(), "running", 1, now, now, null, contentVersion)));
    List<Store.StoredEvent> stored = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      SessionEvent event = events.get(i);
      stored.add(new Store.StoredEvent(sessionId, i + 1, EventJson.typeOf(event), EventJson.toJson(event), now));
    }
    await(store.append(stored));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
