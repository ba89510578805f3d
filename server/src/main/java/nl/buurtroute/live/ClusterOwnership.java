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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

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
  static final int CLAIM_BATCH = 200;

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
        owners.memberLeft(nodeId);
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
    if (!membership.settled()) {
      // Membership logged why; the sweep after it has settled claims what is still without an owner.
      return;
    }
    Instant newborn = Instant.now().minus(NEWBORN);
    List<ToClaim> orphans = new ArrayList<>();
    for (Ownership row : rows) {
      String id = row.sessionId();
      if (owners.runs(id) || claiming.contains(id) || broken.contains(id)) {
        continue;
      }
      boolean orphan = row.ownerNode() == null
          ? row.createdAt() == null || row.createdAt().isBefore(newborn)
          : !members.contains(row.ownerNode()) || row.ownerNode().equals(me);
      if (orphan && me.equals(Rendezvous.choose(id, members))) {
        orphans.add(new ToClaim(id, row.epoch(), row.ownerNode() == null ? "it had no owner"
            : row.ownerNode().equals(me) ? "this member claimed it but did not run it"
            : "its owner " + row.ownerNode() + " is not in the cluster (" + reason + ")"));
      }
    }
    takeOver(orphans, reason);
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
      } else if (row.epoch() > owned.epoch()) {
        // Only a later claim counts: a row read before this member's own claim (a session it just created or
        // took over while the read was on its way) has a lower epoch, and giving that session up would leave it
        // ownerless until the next check.
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

  /** A session to claim at the epoch this member last read, and why it moves here (its fencing event says so). */
  private record ToClaim(String sessionId, long epoch, String why) {
  }

  private Store.WantedClaim wanted(ToClaim orphan) {
    SessionEvent.OwnerChanged event = new SessionEvent.OwnerChanged(membership.nodeId(), orphan.epoch() + 1,
        orphan.why());
    return new Store.WantedClaim(orphan.sessionId(), orphan.epoch(), EventJson.typeOf(event), EventJson.toJson(event));
  }

  /**
   * Claims sessions and runs them here; completes (never fails) with how many it claimed, when all are running
   * or given up, with the reasons logged. Claims go to the store {@value #CLAIM_BATCH} per statement: a member
   * that left may leave hundreds of sessions, and one round trip with one commit each made their takeover wait
   * for seconds of claims before the first rebuild.
   */
  private Future<Integer> takeOver(List<ToClaim> sessions, String reason) {
    if (sessions.isEmpty()) {
      return Future.succeededFuture(0);
    }
    long startedAt = System.nanoTime();
    sessions.forEach(w -> claiming.add(w.sessionId()));
    if (sessions.size() > 1) {
      LOG.info("cluster: taking " + sessions.size() + " sessions over (" + reason + ")");
    }
    Map<String, String> why = sessions.stream().collect(Collectors.toMap(ToClaim::sessionId, ToClaim::why));
    List<Future<Integer>> batches = new ArrayList<>();
    long[] claimedAt = {startedAt};
    for (int from = 0; from < sessions.size(); from += CLAIM_BATCH) {
      List<Store.WantedClaim> batch = sessions.subList(from, Math.min(sessions.size(), from + CLAIM_BATCH)).stream()
          .map(this::wanted).toList();
      batches.add(store.claimAll(batch, membership.nodeId())
          .transform(ar -> {
            claimedAt[0] = System.nanoTime();
            Set<String> claimed = new HashSet<>();
            if (ar.failed()) {
              LOG.log(Level.WARNING, "cluster: cannot claim " + batch.size() + " sessions; the next check tries again",
                  ar.cause());
            } else {
              ar.result().forEach(c -> claimed.add(c.sessionId()));
            }
            batch.stream().filter(w -> !claimed.contains(w.sessionId())).forEach(w -> claiming.remove(w.sessionId()));
            return Future.join(ar.succeeded() ? ar.result().stream()
                    .map(c -> run(c, why.get(c.sessionId()))).toList() : List.<Future<Void>>of())
                .transform(done -> Future.succeededFuture(claimed.size()));
          }));
    }
    return Future.join(batches).map(done -> {
      int claimed = batches.stream().mapToInt(Future::result).sum();
      if (sessions.size() > 1) {
        LOG.info(String.format(Locale.ROOT, "cluster: took %d of %d sessions over in %.2f s (claimed after %.2f s)",
            claimed, sessions.size(), (System.nanoTime() - startedAt) / 1e9, (claimedAt[0] - startedAt) / 1e9));
      }
      return claimed;
    });
  }

  /** Runs a session this member just claimed, rebuilt from the store; never fails, the reason is logged. */
  private Future<Void> run(Store.Claim claim, String why) {
    String sessionId = claim.sessionId();
    return owners.rebuild(sessionId, claim.epoch(), claim.ownerNode())
        .onSuccess(v -> LOG.info("session " + sessionId + " moves to this member (claim " + claim.epoch() + "): "
            + why))
        .transform(ar -> {
          claiming.remove(sessionId);
          if (ar.failed()) {
            Throwable e = ar.cause();
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof ContentVersions.UnknownContentVersion) {
              broken.add(sessionId);
            }
            LOG.log(Level.SEVERE, "cluster: cannot take session " + sessionId + " over", e);
          }
          return Future.<Void>succeededFuture();
        });
  }

  private Future<Optional<Store.Claim>> claim(String sessionId, long epoch, String why) {
    Store.WantedClaim claim = wanted(new ToClaim(sessionId, epoch, why));
    return store.claim(sessionId, membership.nodeId(), epoch, claim.type(), claim.json());
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
    List<ToClaim> sessions = new ArrayList<>();
    for (Object item : message.body().getJsonArray("sessions")) {
      JsonObject session = (JsonObject) item;
      String id = session.getString("sessionId");
      if (!owners.runs(id) && !claiming.contains(id)) {
        sessions.add(new ToClaim(id, session.getLong("epoch"), "member " + from + " stops and handed it over"));
      }
    }
    takeOver(sessions, "member " + from + " stops").onComplete(ar -> message.reply(
        new JsonObject().put("claimed", ar.result())));
  }
}
