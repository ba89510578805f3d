package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.cluster.Membership;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.ops.ClusterStatus;
import nl.buurtroute.ops.Metrics;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.DuplicateJoinCodeException;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.StoredEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Brings session owners to life: a new one for each session created through this server, and the ones this
 * server must run from the store. Alone, that is every session that is not finished, rebuilt from its events
 * at start-up (crash recovery); in a cluster, {@link ClusterOwnership} decides which sessions are this
 * member's. Its messages are local: each server creates the sessions asked of it, and counts its own.
 */
public final class SessionManagerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(SessionManagerVerticle.class.getName());
  private static final int JOIN_CODE_ATTEMPTS = 8;

  private final Store store;
  private final ContentVersions versions;
  private final LiveLimits limits;
  private final int maxOpenSessions;
  private final Membership membership;
  private Owners owners;
  private ClusterOwnership ownership;

  public SessionManagerVerticle(Store store, ContentVersions versions, LiveLimits limits, int maxOpenSessions,
                                Membership membership) {
    this.store = store;
    this.versions = versions;
    this.limits = limits;
    this.maxOpenSessions = maxOpenSessions;
    this.membership = membership;
  }

  @Override
  public Future<?> start() {
    OwnerDesk desk = membership.clustered() ? new OwnerDesk(membership.nodeId()) : null;
    owners = new Owners(vertx, store, versions, limits, desk);
    Metrics.openSessions(owners::open);
    Metrics.cluster(() -> new ClusterStatus(membership.nodeId(), membership.members(), owners.ids()));
    Future<Void> consumers = Future.all(
        vertx.eventBus().<String>localConsumer(Bus.SESSION_ENDED, m -> owners.finished(m.body())).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Bus.RELEASE_SESSION, this::onRelease).completion()).mapEmpty();
    Future<Void> sessions;
    if (membership.clustered()) {
      ownership = new ClusterOwnership(vertx, context, store, membership, owners);
      sessions = consumers
          .compose(v -> vertx.eventBus().consumer(Bus.desk(membership.nodeId()), desk::receive).completion())
          .compose(v -> vertx.deployVerticle(new HubDesk(membership.nodeId())))
          .compose(v -> ownership.start());
    } else {
      sessions = consumers.compose(v -> recoverOpenSessions());
    }
    return sessions.compose(v -> vertx.eventBus().localConsumer(Bus.CREATE_SESSION, this::onCreate).completion());
  }

  /** In a cluster, SIGTERM hands this member's sessions to the others before it leaves. */
  @Override
  public Future<?> stop() {
    return ownership == null ? Future.succeededFuture() : ownership.handOver();
  }

  private Future<Void> recoverOpenSessions() {
    return store.openSessions().compose(sessions -> {
      if (!sessions.isEmpty()) {
        LOG.info("crash recovery: rebuilding " + sessions.size() + " unfinished session(s) from the store");
      }
      // A few at a time, each read page by page: memory stays bounded however many sessions and events.
      return owners.rebuildAll(sessions, membership.nodeId());
    });
  }

  /** An owner stops running its session here: it finished long ago, or the store says another member has it. */
  private void onRelease(Message<JsonObject> message) {
    JsonObject body = message.body();
    owners.releaseIfCurrent(body.getString("sessionId"), body.getString("deploymentId"), body.getString("reason"));
  }

  private void onCreate(Message<Bus.CreateSession> message) {
    if (owners.open() >= maxOpenSessions) {
      LOG.warning("limit hit: " + maxOpenSessions + " open sessions");
      message.fail(503, "too many open sessions");
      return;
    }
    create(message.body(), 1)
        .onSuccess(message::reply)
        .onFailure(e -> message.fail(500, e.getMessage()));
  }

  private Future<Bus.SessionCreatedReply> create(Bus.CreateSession request, int attempt) {
    String sessionId = Tokens.newSessionId();
    String joinCode = Tokens.newJoinCode();
    String facilitatorToken = Tokens.newToken();
    String reviewToken = Tokens.newToken();
    SessionEvent.SessionCreated created = new SessionEvent.SessionCreated(request.title(), request.neighbourhood(),
        joinCode, Tokens.hash(facilitatorToken), Tokens.hash(reviewToken));
    Instant now = Instant.now();
    Store.SessionRecord row = new Store.SessionRecord(sessionId, request.title(), request.neighbourhood(), joinCode,
        created.facilitatorTokenHash(), created.reviewTokenHash(), "lobby", 0, now, null, null,
        versions.currentVersion());
    // The join link's secret and the beamer's token come as events of their own, the same ones that
    // newJoinCode and newViewerToken record later, so the created event stays as it always was.
    String joinSecret = Tokens.newJoinSecret();
    String viewerToken = Tokens.newToken();
    List<SessionEvent> events = List.of(created, new SessionEvent.JoinCodeChanged(joinCode, joinSecret),
        new SessionEvent.ViewerTokenIssued(Tokens.hash(viewerToken)));
    List<StoredEvent> stored = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      SessionEvent event = events.get(i);
      stored.add(new StoredEvent(sessionId, i + 1, EventJson.typeOf(event), EventJson.toJson(event), now));
    }
    return store.createSession(row)
        .compose(v -> store.append(stored))
        .compose(v -> {
          Session session = Session.reconstitute(sessionId, versions.current(), events);
          return ownership == null
              ? owners.deploy(session, events.size(), now, 0, membership.nodeId(), row)
              // In a cluster the creator claims the session first, so every member's store says who runs it;
              // the claim's fencing event follows the creation events, so the owner starts after it.
              : ownership.claimNew(sessionId, claim -> owners.deploy(session, claim.seq(), now, claim.epoch(),
                  claim.ownerNode(), row));
        })
        .map(deployed -> {
          LOG.info("session " + sessionId + " created");
          return new Bus.SessionCreatedReply(sessionId, joinCode, facilitatorToken, reviewToken, viewerToken,
              joinSecret);
        })
        .recover(e -> e instanceof DuplicateJoinCodeException && attempt < JOIN_CODE_ATTEMPTS
            ? create(request, attempt + 1)
            : Future.failedFuture(e));
  }
}
