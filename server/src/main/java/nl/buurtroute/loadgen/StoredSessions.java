package nl.buurtroute.loadgen;

import io.vertx.core.Future;
import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.Rol;
import nl.buurtroute.content.Vraag;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.SessionEvent;
import nl.buurtroute.session.Tokens;
import nl.buurtroute.store.DuplicateJoinCodeException;
import nl.buurtroute.store.Store;
import nl.buurtroute.store.Store.StoredEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes running sessions straight into a store, as a server would have stored them, for a restart to rebuild:
 * the restart benchmark's store of a thousand rooms and one hall, and tests of what a restart does with old
 * sessions. Every event comes from the engine's own commands, so the history is one the server could have
 * written; all events carry the given time.
 */
public final class StoredSessions {
  /** Events per append; the store commits each as one transaction. */
  private static final int BATCH = 5_000;

  private final Store store;
  private final Content content;
  private final String contentVersion;

  /** A session written: what a client needs to speak to it after the restart. */
  public record Written(String sessionId, String joinCode, String facilitatorToken, String resumeToken, long events) {
  }

  public StoredSessions(Store store, Content content, String contentVersion) {
    this.store = store;
    this.content = content;
    this.contentVersion = contentVersion;
  }

  /**
   * A running session with {@code participants} people who vote, round after round on the first vraag, until
   * it holds about {@code events} events (at least the joins and the start). {@code resumeToken} is the first
   * participant's.
   */
  public Future<Written> write(String title, int participants, long events, Instant at) {
    String sessionId = Tokens.newSessionId();
    String joinCode = Tokens.newJoinCode();
    String facilitatorToken = Tokens.newToken();
    SessionEvent.SessionCreated created = new SessionEvent.SessionCreated(title, null, joinCode,
        Tokens.hash(facilitatorToken), Tokens.hash(Tokens.newToken()));
    Store.SessionRecord row = new Store.SessionRecord(sessionId, title, null, joinCode, created.facilitatorTokenHash(),
        created.reviewTokenHash(), "running", participants, at, at, null, contentVersion);
    return store.createSession(row).compose(v -> {
          History history = new History(sessionId, Session.create(sessionId, content, created), at);
          history.add(created);
          String resumeToken = null;
          List<Rol> rollen = content.rollen();
          for (int i = 0; i < participants; i++) {
            String token = Tokens.newResumeToken(sessionId);
            resumeToken = resumeToken == null ? token : resumeToken;
            history.record(history.session.join("Deelnemer " + (i + 1), rollen.get(i % rollen.size()).id(),
                Tokens.hash(token)));
          }
          history.record(history.session.next());
          int round = 0;
          while (history.count < events) {
            history.record(history.session.openVoting());
            Vraag vraag = history.session.currentVraag();
            for (int i = 0; i < participants && history.count < events - 1; i++) {
              String participantId = "p" + (i + 1);
              String rol = rollen.get(i % rollen.size()).id();
              List<Antwoord> allowed = vraag.antwoorden().stream().filter(a -> a.allows(rol)).toList();
              history.record(history.session.vote(participantId, vraag.id(),
                  allowed.get((i + round) % allowed.size()).id()));
            }
            history.record(history.session.closeVoting());
            round++;
          }
          String firstResume = resumeToken;
          return history.flushAll().map(n -> new Written(sessionId, joinCode, facilitatorToken, firstResume, n));
        }, e -> e instanceof DuplicateJoinCodeException ? write(title, participants, events, at) : Future.failedFuture(e));
  }

  /** The events of one session on their way to the store, appended in batches as they are made. */
  private final class History {
    final String sessionId;
    final Session session;
    final Instant at;
    final List<Future<Void>> appends = new ArrayList<>();
    List<StoredEvent> batch = new ArrayList<>();
    long count;

    History(String sessionId, Session session, Instant at) {
      this.sessionId = sessionId;
      this.session = session;
      this.at = at;
    }

    void record(SessionEvent event) {
      session.apply(event);
      add(event);
    }

    void add(SessionEvent event) {
      count++;
      batch.add(new StoredEvent(sessionId, count, EventJson.typeOf(event), EventJson.toJson(event), at));
      if (batch.size() >= BATCH) {
        appends.add(store.append(batch));
        batch = new ArrayList<>();
      }
    }

    Future<Long> flushAll() {
      if (!batch.isEmpty()) {
        appends.add(store.append(batch));
        batch = new ArrayList<>();
      }
      return Future.all(appends).map(v -> count);
    }
  }
}
