package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import nl.buurtroute.store.Store.SessionRecord;
import nl.buurtroute.store.Store.StoredEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one behaviour suite of {@link Store}, run against each database by a subclass; real databases only.
 * Each test gets a fresh, migrated database in {@link #store}.
 */
@ExtendWith(VertxExtension.class)
abstract class AbstractStoreTest {

  static final Instant T0 = Instant.parse("2025-03-01T19:30:00.123456Z");

  Store store;

  /** Points the next {@link #openStore} calls at a fresh, empty database. */
  abstract void useFreshDatabase() throws Exception;

  /** A new store on the current database; called several times to restart or to run a second server. */
  abstract Store openStore(Vertx vertx);

  @BeforeEach
  void openMigratedStore(Vertx vertx, VertxTestContext ctx) throws Exception {
    useFreshDatabase();
    store = openStore(vertx);
    store.migrate().onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void closeStore(VertxTestContext ctx) {
    store.close().onComplete(ctx.succeedingThenComplete());
  }

  static SessionRecord session(String id, String joinCode, Instant createdAt) {
    return new SessionRecord(id, "Buurtavond " + id, "Oosterpark", joinCode, "fh-" + id, "rh-" + id, "lobby", 0,
        createdAt, null, null);
  }

  static SessionRecord finished(SessionRecord s) {
    return new SessionRecord(s.sessionId(), s.title(), s.neighbourhood(), s.joinCode(), s.facilitatorTokenHash(),
        s.reviewTokenHash(), "finished", s.participants(), s.createdAt(), s.createdAt().plusSeconds(60),
        s.createdAt().plusSeconds(3600));
  }

  static StoredEvent event(String sessionId, long seq) {
    return new StoredEvent(sessionId, seq, "VoteCast", "{\"seq\":" + seq + ",\"session\":\"" + sessionId + "\"}",
        T0.plusMillis(seq));
  }

  /** The failure of a future that must fail; fails itself when the future succeeded. */
  static Future<Throwable> failureOf(Future<?> future) {
    return future.transform(ar -> ar.failed()
        ? Future.succeededFuture(ar.cause())
        : Future.failedFuture(new AssertionError("expected a failure, got " + ar.result())));
  }

  @Test
  void migratingTwiceIsHarmless(Vertx vertx, VertxTestContext ctx) {
    SessionRecord s1 = session("s1", "ABC123", T0);
    store.migrate()
        .compose(v -> store.migrate())
        .compose(v -> {
          Store restarted = openStore(vertx);
          return restarted.migrate().eventually(restarted::close);
        })
        .compose(v -> store.createSession(s1))
        .compose(v -> store.findSession("s1"))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).contains(s1);
          ctx.completeNow();
        })));
  }

  @Test
  void twoServersMigratingAnEmptyDatabaseAtOnceBothSucceed(Vertx vertx, VertxTestContext ctx) throws Exception {
    useFreshDatabase();
    Store first = openStore(vertx);
    Store second = openStore(vertx);
    Future.all(first.migrate(), second.migrate())
        .compose(v -> first.createSession(session("s1", "DUO001", T0)))
        .compose(v -> second.findSession("s1"))
        .eventually(() -> Future.join(first.close(), second.close()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).map(SessionRecord::joinCode).contains("DUO001");
          ctx.completeNow();
        })));
  }

  @Test
  void aCreatedSessionIsFoundByIdAsStored(VertxTestContext ctx) {
    SessionRecord s1 = new SessionRecord("s1", "Buurtavond", null, "QWERTY", "hash-f", "hash-r", "lobby", 3,
        T0, T0.plusSeconds(5), null);
    store.createSession(s1)
        .compose(v -> Future.all(store.findSession("s1"), store.findSession("unknown")))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.<java.util.Optional<SessionRecord>>resultAt(0)).contains(s1);
          assertThat(found.<java.util.Optional<SessionRecord>>resultAt(1)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aSessionKeepsTheContentVersionItWasCreatedWithAndAnUpdateDoesNotTouchIt(VertxTestContext ctx) {
    SessionRecord created = new SessionRecord("s1", "Buurtavond", null, "VERSIE", "hash-f", "hash-r", "lobby", 0,
        T0, null, null, "0123456789abcdef");
    SessionRecord older = session("s0", "OUDJE1", T0.minusSeconds(60));
    store.createSession(created)
        .compose(v -> store.createSession(older))
        .compose(v -> store.updateSession(finished(created)))
        .compose(v -> Future.all(store.findSession("s1"), store.listSessions(0, 10), store.findSession("s0")))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.<java.util.Optional<SessionRecord>>resultAt(0)).map(SessionRecord::contentVersion)
              .contains("0123456789abcdef");
          assertThat(found.<List<SessionRecord>>resultAt(1)).extracting(SessionRecord::contentVersion)
              .containsExactly("0123456789abcdef", null);
          assertThat(found.<java.util.Optional<SessionRecord>>resultAt(2)).map(SessionRecord::contentVersion).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aContentVersionIsKeptOnceAndReadBackExactly(Vertx vertx, VertxTestContext ctx) {
    String json = "{\"colofon\":\"Tekst met é, \\\"aanhalingstekens\\\" en een\\nregel\",\"fasen\":[]}";
    store.saveContentVersion("aaaabbbbccccdddd", json, T0)
        .compose(v -> store.saveContentVersion("aaaabbbbccccdddd", json, T0.plusSeconds(5)))
        .compose(v -> {
          Store restarted = openStore(vertx);
          return restarted.findContentVersion("aaaabbbbccccdddd").eventually(restarted::close);
        })
        .compose(found -> Future.all(Future.succeededFuture(found), store.findContentVersion("0000000000000000")))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.<java.util.Optional<String>>resultAt(0)).hasValueSatisfying(
              stored -> assertThat(io.vertx.core.json.Json.decodeValue(stored))
                  .isEqualTo(io.vertx.core.json.Json.decodeValue(json)));
          assertThat(found.<java.util.Optional<String>>resultAt(1)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aJoinCodeBelongsToOneUnfinishedSessionAndIsFreedWhenItFinishes(VertxTestContext ctx) {
    SessionRecord first = session("s1", "KOFFIE", T0);
    SessionRecord second = session("s2", "koffie", T0.plusSeconds(1));
    store.createSession(first)
        .compose(v -> failureOf(store.createSession(second)))
        .compose(error -> {
          ctx.verify(() -> assertThat(error).isInstanceOf(DuplicateJoinCodeException.class));
          return store.updateSession(finished(first));
        })
        .compose(v -> store.createSession(second))
        .compose(v -> store.findOpenSessionByJoinCode("Koffie"))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).map(SessionRecord::sessionId).contains("s2");
          ctx.completeNow();
        })));
  }

  @Test
  void joinCodesAreStoredUpperCaseAndFoundInAnyCase(VertxTestContext ctx) {
    store.createSession(session("s1", "ab12cd", T0))
        .compose(v -> store.createSession(finished(session("s2", "ZZ99ZZ", T0))))
        .compose(v -> Future.all(store.findOpenSessionByJoinCode("Ab12Cd"), store.findOpenSessionByJoinCode("NOPE"),
            store.findOpenSessionByJoinCode("zz99zz")))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.<java.util.Optional<SessionRecord>>resultAt(0))
              .hasValueSatisfying(s -> assertThat(s.joinCode()).isEqualTo("AB12CD"));
          assertThat(found.<java.util.Optional<SessionRecord>>resultAt(1)).isEmpty();
          assertThat(found.<java.util.Optional<SessionRecord>>resultAt(2)).as("finished session").isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void appendedEventsComeBackInSeqOrderWithTheExactJson(VertxTestContext ctx) {
    String json = "{\"b\": 1,  \"a\":[1, 2.50, {\"z\":null}],\n \"tekst\":\"Café \\\"de Hoek\\\" — \uD83C\uDF7A\\n\"}";
    StoredEvent one = new StoredEvent("s1", 1, "SessionStarted", json, T0);
    StoredEvent two = event("s1", 2);
    StoredEvent three = new StoredEvent("s1", 3, "RoundOpened", "[]", T0.plusSeconds(3));
    store.append(List.of(two, three))
        .compose(v -> store.append(List.of(one, event("other", 1))))
        .compose(v -> store.events("s1"))
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events).containsExactly(one, two, three);
          assertThat(events.get(0).json()).isEqualTo(json);
          ctx.completeNow();
        })));
  }

  @Test
  void eventsComeBackPageByPageAfterASeqAndOnlyThatSessions(VertxTestContext ctx) {
    List<StoredEvent> five = List.of(event("s1", 1), event("s1", 2), event("s1", 3), event("s1", 4), event("s1", 5));
    store.append(five)
        .compose(v -> store.append(List.of(event("other", 1), event("other", 2))))
        .compose(v -> Future.all(store.events("s1", 0, 2), store.events("s1", 2, 2), store.events("s1", 4, 2),
            store.events("s1", 5, 2)))
        .onComplete(ctx.succeeding(pages -> ctx.verify(() -> {
          assertThat(pages.<List<StoredEvent>>resultAt(0)).containsExactly(five.get(0), five.get(1));
          assertThat(pages.<List<StoredEvent>>resultAt(1)).containsExactly(five.get(2), five.get(3));
          assertThat(pages.<List<StoredEvent>>resultAt(2)).containsExactly(five.get(4));
          assertThat(pages.<List<StoredEvent>>resultAt(3)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aSeqConflictFailsOnlyItsOwnAppendAndStoresNoneOfItsEvents(VertxTestContext ctx) {
    StoredEvent original = event("s1", 1);
    StoredEvent rival = new StoredEvent("s1", 1, "VoteCast", "{\"rival\":true}", T0);
    StoredEvent winner = event("s4", 1);
    store.append(List.of(original))
        .compose(v -> {
          // Queued together, so they usually share one group transaction.
          Future<Void> s2 = store.append(List.of(event("s2", 1)));
          Future<Void> conflicting = store.append(List.of(event("s1", 2), rival));
          Future<Void> s3 = store.append(List.of(event("s3", 1), event("s3", 2)));
          Future<Void> first = store.append(List.of(winner));
          Future<Void> second = store.append(List.of(new StoredEvent("s4", 1, "VoteCast", "{\"late\":1}", T0)));
          return Future.join(s2, conflicting, s3, first, second).transform(ar -> {
            ctx.verify(() -> {
              assertThat(List.of(s2, s3, first)).as("appends without conflict")
                  .allSatisfy(f -> assertThat(f.succeeded()).as("%s", f).isTrue());
              assertThat(conflicting.cause()).isInstanceOf(SequenceConflictException.class)
                  .hasMessageContaining("s1");
              assertThat(second.cause()).isInstanceOf(SequenceConflictException.class);
            });
            return Future.all(store.events("s1"), store.events("s3"), store.events("s4"));
          });
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<List<StoredEvent>>resultAt(0)).containsExactly(original);
          assertThat(all.<List<StoredEvent>>resultAt(1)).containsExactly(event("s3", 1), event("s3", 2));
          assertThat(all.<List<StoredEvent>>resultAt(2)).containsExactly(winner);
          ctx.completeNow();
        })));
  }

  @Test
  void manyConcurrentAppendsFromManySessionsAllLandInFewerCommits(VertxTestContext ctx) {
    int sessions = 100;
    int perSession = 20;
    List<Future<Void>> appends = new ArrayList<>();
    for (int seq = 1; seq <= perSession; seq++) {
      for (int s = 0; s < sessions; s++) {
        appends.add(store.append(List.of(event("s" + s, seq))));
      }
    }
    Future.all(appends)
        .compose(v -> Future.all(IntStream.range(0, sessions).mapToObj(s -> store.events("s" + s)).toList()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int s = 0; s < sessions; s++) {
            assertThat(all.<List<StoredEvent>>resultAt(s)).extracting(StoredEvent::seq)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, perSession).asLongStream().boxed().toList());
          }
          StoreStats stats = store.stats();
          System.out.printf("%s: %d appends in %d commits, max batch %d, mean %.2f ms, max %.2f ms%n",
              store.kind(), appends.size(), stats.commits(), stats.maxBatch(), stats.meanWriteMillis(),
              stats.maxWriteMillis());
          assertThat(stats.events()).isEqualTo(sessions * perSession);
          assertThat(stats.commits()).isLessThan(appends.size());
          assertThat(stats.maxBatch()).isGreaterThan(1);
          ctx.completeNow();
        })));
  }

  @Test
  void openSessionsAreTheUnfinishedOnes(VertxTestContext ctx) {
    SessionRecord lobby = session("s1", "AAA111", T0);
    SessionRecord running = new SessionRecord("s2", "Loopt", "West", "BBB222", "f", "r", "running", 7,
        T0.plusSeconds(1), T0.plusSeconds(2), null);
    store.createSession(lobby)
        .compose(v -> store.createSession(running))
        .compose(v -> store.createSession(finished(session("s3", "CCC333", T0.plusSeconds(2)))))
        .compose(v -> store.openSessions())
        .onComplete(ctx.succeeding(open -> ctx.verify(() -> {
          assertThat(open).containsExactlyInAnyOrder(lobby, running);
          ctx.completeNow();
        })));
  }

  @Test
  void theBackgroundSweepFindsOnlyFinishedSessionsWithAStaleSummary(VertxTestContext ctx) {
    SessionRecord running = new SessionRecord("s1", "Loopt", "West", "AAA111", "f", "r", "running", 7,
        T0, T0.plusSeconds(1), null);
    SessionRecord done = finished(session("s2", "BBB222", T0.plusSeconds(1)));
    store.createSession(running)
        .compose(v -> store.createSession(done))
        .compose(v -> store.append(List.of(event("s1", 1), event("s2", 1))))
        .compose(v -> Future.all(store.sessionsWithStaleSummary("", 10), store.finishedSessionsWithStaleSummary("", 10)))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          List<SessionRecord> stale = both.resultAt(0);
          List<SessionRecord> finishedStale = both.resultAt(1);
          assertThat(stale).extracting(SessionRecord::sessionId).containsExactly("s1", "s2");
          assertThat(finishedStale).extracting(SessionRecord::sessionId).containsExactly("s2");
          ctx.completeNow();
        })));
  }

  @Test
  void listSessionsGivesTheNewestFirstOnePageAtATime(VertxTestContext ctx) {
    Future<Void> created = Future.succeededFuture();
    for (int i = 1; i <= 5; i++) {
      SessionRecord s = session("s" + i, "CODE0" + i, T0.plusSeconds(60L * i));
      created = created.compose(v -> store.createSession(s));
    }
    created
        .compose(v -> Future.all(store.listSessions(0, 2), store.listSessions(2, 2), store.listSessions(4, 2),
            store.countSessions()))
        .onComplete(ctx.succeeding(pages -> ctx.verify(() -> {
          assertThat(pages.<List<SessionRecord>>resultAt(0)).extracting(SessionRecord::sessionId)
              .containsExactly("s5", "s4");
          assertThat(pages.<List<SessionRecord>>resultAt(1)).extracting(SessionRecord::sessionId)
              .containsExactly("s3", "s2");
          assertThat(pages.<List<SessionRecord>>resultAt(2)).extracting(SessionRecord::sessionId)
              .containsExactly("s1");
          assertThat(pages.<Long>resultAt(3)).isEqualTo(5L);
          ctx.completeNow();
        })));
  }

  @Test
  void updateSessionChangesOnlyTheStatusColumnsAndTheJoinCode(VertxTestContext ctx) {
    SessionRecord created = session("s1", "UPD001", T0);
    SessionRecord changed = new SessionRecord("s1", "another title", "elsewhere", "OTHER1", "x", "y", "running", 42,
        T0.plusSeconds(99), T0.plusSeconds(60), null);
    store.createSession(created)
        .compose(v -> store.updateSession(changed))
        .compose(v -> failureOf(store.updateSession(session("unknown", "NONE01", T0))))
        .compose(error -> {
          ctx.verify(() -> assertThat(error).isInstanceOf(NoSuchElementException.class));
          return store.findSession("s1");
        })
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          // The join code follows newJoinCode, so any member can tell a moving session's code from a wrong one.
          assertThat(found).contains(new SessionRecord("s1", created.title(), created.neighbourhood(), "OTHER1",
              created.facilitatorTokenHash(), created.reviewTokenHash(), "running", 42, T0, T0.plusSeconds(60),
              null));
          ctx.completeNow();
        })));
  }

  @Test
  void sessionsAndEventsSurviveCloseAndReopen(Vertx vertx, VertxTestContext ctx) {
    SessionRecord s1 = session("s1", "DURE01", T0);
    List<StoredEvent> events = List.of(event("s1", 1), event("s1", 2), event("s1", 3));
    store.createSession(s1)
        .compose(v -> store.append(events))
        .compose(v -> store.close())
        .compose(v -> {
          store = openStore(vertx);
          return store.migrate();
        })
        .compose(v -> Future.all(store.findSession("s1"), store.events("s1"), store.openSessions()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<java.util.Optional<SessionRecord>>resultAt(0)).contains(s1);
          assertThat(all.<List<StoredEvent>>resultAt(1)).isEqualTo(events);
          assertThat(all.<List<SessionRecord>>resultAt(2)).containsExactly(s1);
          ctx.completeNow();
        })));
  }

  @Test
  void closeWaitsForQueuedAppendsAndThenRefusesEveryCall(Vertx vertx, VertxTestContext ctx) {
    List<Future<Void>> appends = new ArrayList<>();
    for (int seq = 1; seq <= 200; seq++) {
      appends.add(store.append(List.of(event("s1", seq))));
    }
    Future<Void> closed = store.close();
    Future.all(appends)
        .compose(v -> closed)
        .compose(v -> Future.all(failureOf(store.append(List.of(event("s1", 201)))), failureOf(store.events("s1")),
            failureOf(store.createSession(session("s9", "LATE01", T0)))))
        .compose(errors -> {
          ctx.verify(() -> assertThat(errors.<Throwable>list()).allSatisfy(
              error -> assertThat(error).isInstanceOf(StoreClosedException.class)));
          store = openStore(vertx);
          return store.migrate().compose(v -> store.events("s1"));
        })
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events).hasSize(200);
          ctx.completeNow();
        })));
  }

  @Test
  void pingSucceedsOnAWritableStoreAndAnEmptyAppendIsANoOp(VertxTestContext ctx) {
    store.ping()
        .compose(v -> store.append(List.of()))
        .compose(v -> store.countSessions())
        .onComplete(ctx.succeeding(count -> ctx.verify(() -> {
          assertThat(count).isZero();
          assertThat(store.kind()).isIn("sqlite", "postgresql");
          ctx.completeNow();
        })));
  }
}
