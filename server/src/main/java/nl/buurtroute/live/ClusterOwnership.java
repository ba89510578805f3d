package nl.buurtroute.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.cluster.Membership;
import nl.buurtroute.cluster.Rendezvous;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.Ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which member of a cluster runs which session. Hazelcast says who the members are; PostgreSQL says who owns
 * what: every session row names its owner and an epoch, and a claim is a compare-and-set on that epoch that
 * also appends a fencing event (see {@link Store#claim}). So there is no home-made membership or consensus
 * here, only these rules, applied on the session manager's context:
 * <ul>
 *   <li>a session whose owner is not a member (it was killed, or stopped) is claimed by the member that
 *   rendezvous hashing over the current members picks, so the sessions of a lost member spread over the
 *   survivors; a member looks when a member leaves, when it starts, and every {@value #SWEEP_MILLIS} ms;</li>
 *   <li>only a member that sees a majority of the configured members claims: one cut off from the others
 *   must not take sessions back from them;</li>
 *   <li>a member gives a session up at once when the store says another member claimed it (its owner's next
 *   write would be refused anyway);</li>
 *   <li>a member that stops (SIGTERM) lets its owners finish their writes, then hands each session to its
 *   successor, which claims it before this member leaves the cluster.</li>
 * </ul>
 */
final class ClusterOwnership {
  private static final Logger LOG = Logger.getLogger(ClusterOwnership.class.getName());
  static final long SWEEP_MILLIS = 2_000;
  /** A session row this young without an owner is being created by some member right now: not an orphan. */
  private static final Duration NEWBORN = Duration.ofSeconds(30);
  private static final long HANDOVER_TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  private final Context context;
  private final Store store;
  private final Membership membership;
  private final Owners owners;
  private final Set<String> claiming = new HashSet<>();
  /**
   * Sessions that cannot be rebuilt (a bug, bad data, or a content version missing from the store): logged once,
   * not claimed over and over.
   */
  private final Set<String> broken = new HashSet<>();
  private boolean sweeping;
  private String sweepAgain;
  private boolean stopping;
  private boolean warnedNoQuorum;

  ClusterOwnership(Vertx vertx, Context context, Store store, Membership membership, Owners owners) {
    this.vertx = vertx;
    this.context = context;
    this.store = store;
    this.membership = membership;
    this.owners = owners;
  }

  Future<Void> start() {
    membership.listen((nodeId, left) -> context.runOnContext(v -> {
      if (left) {
        sweep("member " + nodeId + " left the cluster");
      }
    }));
    vertx.setPeriodic(SWEEP_MILLIS, id -> sweep("found by the regular check"));
    return vertx.eventBus().consumer(Bus.handover(membership.nodeId()), this::onHandover).completion()
        .onSuccess(v -> sweep("found when this member started"));
  }

  /**
   * A session this member just created: it claims it first (claim 1), then {@code run} deploys its owner. The
   * session counts as being claimed until its owner runs, so no sweep in between takes it for an orphan.
   */
  Future<Void> claimNew(String sessionId, Function<Store.Claim, Future<Void>> run) {
    claiming.add(sessionId);
    return claim(sessionId, 0, "created here")
        .compose(claim -> claim.map(run).orElseGet(() -> Future.failedFuture(
            new IllegalStateException("session " + sessionId + " was claimed by another member while being created"))))
        .onComplete(ar -> claiming.remove(sessionId));
  }

  // ---- finding sessions without a living owner ----

  private void sweep(String reason) {
    if (stopping) {
      return;
    }
    if (sweeping) {
      // The first reason is the one worth logging: a member that left, not the regular check after it.
      sweepAgain = sweepAgain == null ? reason : sweepAgain;
      return;
    }
    sweeping = true;
    store.openOwnerships().onComplete(ar -> {
      sweeping = false;
      if (ar.succeeded()) {
        act(ar.result(), reason);
      } else {
        LOG.log(Level.WARNING, "cluster: cannot read who owns which session; trying again", ar.cause());
      }
      if (sweepAgain != null) {
        String again = sweepAgain;
        sweepAgain = null;
        sweep(again);
      }
    });
  }

  private void act(List<Ownership> rows, String reason) {
    if (stopping) {
      return;
    }
    String me = membership.nodeId();
    List<String> members = membership.members();
    Map<String, Ownership> byId = new HashMap<>();
    rows.forEach(row -> byId.put(row.sessionId(), row));
    giveUpWhatMovedAway(me, byId);
    if (!membership.hasQuorum()) {
      if (!warnedNoQuorum) {
        warnedNoQuorum = true;
        LOG.warning("cluster: this member sees " + members.size() + " member(s), fewer than half of those configured;"
            + " it takes no sessions over until it sees more");
      }
      return;
    }
    warnedNoQuorum = false;
    Instant newborn = Instant.now().minus(NEWBORN);
    for (Ownership row : rows) {
      String id = row.sessionId();
      if (owners.runs(id) || claiming.contains(id) || broken.contains(id)) {
        continue;
      }
      boolean orphan = row.ownerNode() == null
          ? row.createdAt() == null || row.createdAt().isBefore(newborn)
          : !members.contains(row.ownerNode()) || row.ownerNode().equals(me);
      if (orphan && me.equals(Rendezvous.choose(id, members))) {
        takeOver(id, row.epoch(), row.ownerNode() == null ? "it had no owner"
            : row.ownerNode().equals(me) ? "this member claimed it but did not run it"
            : "its owner " + row.ownerNode() + " is not in the cluster (" + reason + ")");
      }
    }
  }

  /** The store is the truth: a session another member claimed is not run here any more. */
  private void giveUpWhatMovedAway(String me, Map<String, Ownership> byId) {
    for (Owners.Owned owned : owners.all()) {
      Ownership row = byId.get(owned.sessionId());
      if (row == null || owners.isFinished(owned.sessionId())) {
        continue;
      }
      if (!me.equals(owned.nodeId())) {
        movedAway(owned.sessionId(), "this member was cut off from the cluster and came back as a new member");
      } else if (row.epoch() != owned.epoch() || !me.equals(row.ownerNode())) {
        movedAway(owned.sessionId(), "member " + row.ownerNode() + " claimed it (claim " + row.epoch() + ")");
      }
    }
  }

  /** Stops running a session another member has; this server's sockets of it reconnect and find the new owner. */
  private void movedAway(String sessionId, String why) {
    vertx.eventBus().publish(Bus.out(sessionId), new Bus.Outbound(Bus.Audience.EVERYONE, null, null, true),
        new DeliveryOptions().setLocalOnly(true));
    owners.release(sessionId, why);
  }

  /** Claims a session and runs it here; completes (never fails) when done or given up, with the reason logged. */
  private Future<Void> takeOver(String sessionId, long epoch, String why) {
    claiming.add(sessionId);
    return claim(sessionId, epoch, why)
        .compose(claim -> claim.isEmpty() ? Future.<Void>succeededFuture()
            : owners.rebuild(sessionId, claim.get().epoch(), claim.get().ownerNode())
                .onSuccess(v -> LOG.info("session " + sessionId + " moves to this member (claim " + claim.get().epoch()
                    + "): " + why))
                .onFailure(e -> {
                  if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                      || e instanceof ContentVersions.UnknownContentVersion) {
                    broken.add(sessionId);
                  }
                }))
        .transform(ar -> {
          claiming.remove(sessionId);
          if (ar.failed()) {
            LOG.log(Level.SEVERE, "cluster: cannot take session " + sessionId + " over", ar.cause());
          }
          return Future.<Void>succeededFuture();
        });
  }

  private Future<Optional<Store.Claim>> claim(String sessionId, long epoch, String why) {
    String me = membership.nodeId();
    SessionEvent.OwnerChanged event = new SessionEvent.OwnerChanged(me, epoch + 1, why);
    return store.claim(sessionId, me, epoch, EventJson.typeOf(event), EventJson.toJson(event));
  }

  // ---- handing over at SIGTERM ----

  /**
   * Stops every owner here (each finishes its pending write) and asks each session's successor among the other
   * members to claim it now. Completes when the successors answered, or after a few seconds.
   */
  Future<Void> handOver() {
    stopping = true;
    String me = membership.nodeId();
    List<String> others = new ArrayList<>(membership.members());
    others.remove(me);
    List<Owners.Owned> all = owners.all();
    List<Owners.Owned> open = all.stream().filter(o -> !owners.isFinished(o.sessionId())).toList();
    String why = others.isEmpty() ? "this member stops; no other member to hand it to"
        : "this member stops and hands it over";
    return Future.join(all.stream().map(o -> owners.release(o.sessionId(), why)).toList())
        .transform(ignored -> {
          if (others.isEmpty() || open.isEmpty()) {
            return Future.<Void>succeededFuture();
          }
          Map<String, JsonArray> bySuccessor = new LinkedHashMap<>();
          for (Owners.Owned owned : open) {
            bySuccessor.computeIfAbsent(Rendezvous.choose(owned.sessionId(), others), k -> new JsonArray())
                .add(new JsonObject().put("sessionId", owned.sessionId()).put("epoch", owned.epoch()));
          }
          DeliveryOptions options = new DeliveryOptions().setSendTimeout(HANDOVER_TIMEOUT_MILLIS);
          return Future.join(bySuccessor.entrySet().stream().map(e -> vertx.eventBus()
                  .request(Bus.handover(e.getKey()), new JsonObject().put("from", me).put("sessions", e.getValue()),
                      options)
                  .onFailure(err -> LOG.warning("cluster: member " + e.getKey() + " did not confirm the hand-over ("
                      + err.getMessage() + "); the others will claim those sessions"))).toList())
              .<Void>mapEmpty()
              .recover(err -> Future.succeededFuture());
        });
  }

  private void onHandover(Message<JsonObject> message) {
    String from = message.body().getString("from");
    List<Future<Void>> claims = new ArrayList<>();
    for (Object item : message.body().getJsonArray("sessions")) {
      JsonObject session = (JsonObject) item;
      String id = session.getString("sessionId");
      if (owners.runs(id) || claiming.contains(id)) {
        continue;
      }
      claims.add(takeOver(id, session.getLong("epoch"), "member " + from + " stops and handed it over"));
    }
    Future.join(claims).onComplete(ar -> message.reply(new JsonObject().put("claimed", claims.size())));
  }
}
