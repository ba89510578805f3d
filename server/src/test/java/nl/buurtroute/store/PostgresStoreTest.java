package nl.buurtroute.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import nl.buurtroute.store.Store.Ownership;
import nl.buurtroute.store.Store.StoredEvent;
import nl.buurtroute.loadgen.PostgresServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store suite on a real PostgreSQL server (Debian's package, started by {@link PostgresServer}), and what
 * only the shared store does: who owns a session in a cluster, claimed by compare-and-set and fenced by the
 * event sequence.
 */
class PostgresStoreTest extends AbstractStoreTest {

  private String url;

  @Override
  void useFreshDatabase() {
    url = PostgresServer.get().newDatabase();
  }

  @Override
  Store openStore(Vertx vertx) {
    return Stores.open(vertx, url, null);
  }

  @Test
  void aClaimIsACompareAndSetThatAppendsItsFencingEventAfterTheLastEvent(VertxTestContext ctx) {
    store.createSession(session("s1", "AAAAAA", T0))
        .compose(v -> store.append(List.of(event("s1", 1), event("s1", 2))))
        .compose(v -> store.claim("s1", "node-a", 0, "ownerChanged", "{\"ownerNode\":\"node-a\"}"))
        .compose(first -> {
          ctx.verify(() -> assertThat(first).contains(new Store.Claim("s1", "node-a", 1, 3)));
          // node-b read the row before node-a's claim: its compare-and-set finds epoch 1, not 0.
          return store.claim("s1", "node-b", 0, "ownerChanged", "{\"ownerNode\":\"node-b\"}");
        })
        .compose(stale -> {
          ctx.verify(() -> assertThat(stale).isEmpty());
          return Future.all(store.openOwnerships(), store.events("s1"));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<Ownership> owners = all.resultAt(0);
          assertThat(owners).extracting(Ownership::sessionId, Ownership::ownerNode, Ownership::epoch)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", "node-a", 1L));
          List<StoredEvent> events = all.resultAt(1);
          assertThat(events).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
          assertThat(events.get(2).type()).isEqualTo("ownerChanged");
          assertThat(events.get(2).json()).isEqualTo("{\"ownerNode\":\"node-a\"}");
          ctx.completeNow();
        })));
  }

  @Test
  void aPreviousOwnerThatWakesUpAfterAClaimCannotWriteItsNextEvent(VertxTestContext ctx) {
    store.createSession(session("s1", "AAAAAA", T0))
        .compose(v -> store.append(List.of(event("s1", 1))))
        .compose(v -> store.claim("s1", "node-a", 0, "ownerChanged", "{}"))
        // node-a owns it up to seq 2 and writes seq 3; then node-b takes it over (seq 4) while node-a sleeps.
        .compose(v -> store.append(List.of(event("s1", 3))))
        .compose(v -> store.claim("s1", "node-b", 1, "ownerChanged", "{}"))
        .compose(claim -> {
          ctx.verify(() -> assertThat(claim.map(Store.Claim::seq)).isEqualTo(Optional.of(4L)));
          return failureOf(store.append(List.of(event("s1", 4), event("s1", 5))));
        })
        .compose(refused -> {
          ctx.verify(() -> assertThat(refused).isInstanceOf(SequenceConflictException.class));
          return store.events("s1");
        })
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events).extracting(StoredEvent::type)
              .containsExactly("VoteCast", "ownerChanged", "VoteCast", "ownerChanged");
          ctx.completeNow();
        })));
  }

  @Test
  void aFinishedSessionIsNeitherListedNorClaimed(VertxTestContext ctx) {
    store.createSession(session("s1", "AAAAAA", T0))
        .compose(v -> store.updateSession(finished(session("s1", "AAAAAA", T0))))
        .compose(v -> store.claim("s1", "node-a", 0, "ownerChanged", "{}"))
        .compose(claim -> {
          ctx.verify(() -> assertThat(claim).isEmpty());
          return store.openOwnerships();
        })
        .onComplete(ctx.succeeding(owners -> ctx.verify(() -> {
          assertThat(owners).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void manyClaimsGoInOneStatementAndLeaveOutWhatMovedOrFinished(VertxTestContext ctx) {
    store.createSession(session("s1", "AAAAAA", T0))
        .compose(v -> store.createSession(session("s2", "BBBBBB", T0)))
        .compose(v -> store.createSession(session("s3", "CCCCCC", T0)))
        .compose(v -> store.createSession(session("s4", "DDDDDD", T0)))
        .compose(v -> store.append(List.of(event("s1", 1), event("s1", 2), event("s2", 1))))
        // s3 moved on since it was read (epoch 1, not 0); s4 finished.
        .compose(v -> store.claim("s3", "node-a", 0, "ownerChanged", "{}"))
        .compose(v -> store.updateSession(finished(session("s4", "DDDDDD", T0))))
        .compose(v -> store.claimAll(List.of(
            new Store.WantedClaim("s1", 0, "ownerChanged", "{\"ownerNode\":\"node-b\",\"n\":1}"),
            new Store.WantedClaim("s2", 0, "ownerChanged", "{\"ownerNode\":\"node-b\",\"n\":2}"),
            new Store.WantedClaim("s3", 0, "ownerChanged", "{}"),
            new Store.WantedClaim("s4", 0, "ownerChanged", "{}")), "node-b"))
        .compose(claims -> {
          ctx.verify(() -> assertThat(claims).containsExactlyInAnyOrder(
              new Store.Claim("s1", "node-b", 1, 3), new Store.Claim("s2", "node-b", 1, 2)));
          // The fencing event holds: an owner from before the claims cannot write its next event.
          return failureOf(store.append(List.of(event("s1", 3))));
        })
        .compose(refused -> {
          ctx.verify(() -> assertThat(refused).isInstanceOf(SequenceConflictException.class));
          return Future.all(store.openOwnerships(), store.events("s1"), store.events("s2"));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<Ownership> owners = all.resultAt(0);
          assertThat(owners).extracting(Ownership::sessionId, Ownership::ownerNode, Ownership::epoch)
              .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("s1", "node-b", 1L),
                  org.assertj.core.groups.Tuple.tuple("s2", "node-b", 1L),
                  org.assertj.core.groups.Tuple.tuple("s3", "node-a", 1L));
          List<StoredEvent> s1 = all.resultAt(1);
          assertThat(s1).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
          assertThat(s1.get(2).json()).isEqualTo("{\"ownerNode\":\"node-b\",\"n\":1}");
          List<StoredEvent> s2 = all.resultAt(2);
          assertThat(s2).extracting(StoredEvent::type).containsExactly("VoteCast", "ownerChanged");
          ctx.completeNow();
        })));
  }
}
