package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import nl.buurtroute.content.Content;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session row that listings read: a new owner (after a takeover or a restart) writes nothing while the row
 * already shows its session, and writes it once it shows something else.
 */
class SessionSummaryTest {
  private static final long WAIT_SECONDS = 10;

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private Store store;

  @BeforeEach
  void openStore() throws Exception {
    vertx = Vertx.vertx();
    store = Stores.open(vertx, null, dataDir);
    await(store.migrate());
  }

  @AfterEach
  void close() throws Exception {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void a_new_owner_leaves_a_row_that_shows_its_session_and_writes_one_that_lags() throws Exception {
    Content content = TestContent.small();
    String sessionId = Tokens.newSessionId();
    SessionEvent.SessionCreated created = new SessionEvent.SessionCreated("Avond", null, "ABCDEF", Tokens.hash("f"),
        Tokens.hash("r"));
    Session session = Session.reconstitute(sessionId, content, List.of(created));
    session.apply(session.join("Ans", "inwoner", Tokens.hash("ans")));
    session.apply(session.start());
    Instant now = Instant.now();
    Store.SessionRecord row = new Store.SessionRecord(sessionId, "Avond", null, "ABCDEF",
        created.facilitatorTokenHash(), created.reviewTokenHash(), "running", 1, now, now, null, "v1");
    await(store.createSession(row));
    SessionSummary summary = new SessionSummary(store, row);
    long commits = store.stats().commits();

    await(summary.saveSoon(session, System.currentTimeMillis()));
    assertThat(store.stats().commits()).as("the row already shows the session").isEqualTo(commits);

    session.apply(session.join("Bas", "wijkprofessional", Tokens.hash("bas")));
    await(summary.saveSoon(session, System.currentTimeMillis()));
    assertThat(store.stats().commits()).isGreaterThan(commits);
    assertThat(await(store.findSession(sessionId)).orElseThrow().participants()).isEqualTo(2);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
