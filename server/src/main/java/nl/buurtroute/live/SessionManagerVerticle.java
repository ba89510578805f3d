package nl.buurtroute.live;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import nl.buurtroute.content.ContentVersions;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.ops.Metrics;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.DuplicateJoinCodeException;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.StoredEvent;

import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Brings session owners to life: a new one for each created session, and at start-up one for every
 * session the store holds that is not finished, rebuilt from its events (crash recovery).
 */
public final class SessionManagerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(SessionManagerVerticle.class.getName());
  private static final int JOIN_CODE_ATTEMPTS = 8;

  private final Store store;
  private final ContentVersions versions;
  private final LiveLimits limits;
  private final int maxOpenSessions;
  private int openSessions;

  public SessionManagerVerticle(Store store, ContentVersions versions, LiveLimits limits, int maxOpenSessions) {
    this.store = store;
    this.versions = versions;
    this.limits = limits;
    this.maxOpenSessions = maxOpenSessions;
  }

  @Override
  public Future<?> start() {
    Metrics.openSessions(() -> openSessions);
    return recoverOpenSessions()
        .compose(v -> vertx.eventBus().consumer(Bus.SESSION_ENDED, m -> openSessions--).completion())
        .compose(v -> vertx.eventBus().consumer(Bus.CREATE_SESSION, this::onCreate).completion());
  }

  private Future<Void> recoverOpenSessions() {
    return store.openSessions().compose(sessions -> {
      if (!sessions.isEmpty()) {
        LOG.info("crash recovery: rebuilding " + sessions.size() + " unfinished session(s) from the store");
      }
      return Future.all(sessions.stream().map(this::recover).toList()).mapEmpty();
    });
  }

  /** A session goes on with the content it was created with, even when the server now has newer content. */
  private Future<String> recover(Store.SessionRecord row) {
    String sessionId = row.sessionId();
    return Future.all(store.events(sessionId), versions.content(versions.versionOf(row.contentVersion())))
        .compose(both -> {
          List<StoredEvent> events = both.resultAt(0);
          List<SessionEvent> domain = events.stream().map(e -> EventJson.fromJson(e.type(), e.json())).toList();
          Session session = Session.reconstitute(sessionId, both.resultAt(1), domain);
          long lastSeq = events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
          return deployOwner(session, lastSeq);
        });
  }

  private void onCreate(Message<Bus.CreateSession> message) {
    if (openSessions >= maxOpenSessions) {
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
    List<StoredEvent> stored = new java.util.ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      SessionEvent event = events.get(i);
      stored.add(new StoredEvent(sessionId, i + 1, EventJson.typeOf(event), EventJson.toJson(event), now));
    }
    return store.createSession(row)
        .compose(v -> store.append(stored))
        .compose(v -> deployOwner(Session.reconstitute(sessionId, versions.current(), events), events.size()))
        .map(deployment -> {
          LOG.info("session " + sessionId + " created");
          return new Bus.SessionCreatedReply(sessionId, joinCode, facilitatorToken, reviewToken, viewerToken,
              joinSecret);
        })
        .recover(e -> e instanceof DuplicateJoinCodeException && attempt < JOIN_CODE_ATTEMPTS
            ? create(request, attempt + 1)
            : Future.failedFuture(e));
  }

  private Future<String> deployOwner(Session session, long lastSeq) {
    if (session.status() != nl.buurtroute.session.Status.FINISHED) {
      openSessions++;
    }
    return vertx.deployVerticle(new SessionOwnerVerticle(session, lastSeq, store, limits), new DeploymentOptions());
  }
}
