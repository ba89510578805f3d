package nl.buurtroute.cluster;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One evening on a test cluster: a session, its facilitator and phones on chosen members, and every vote the
 * server acknowledged, so a test can compare the saved route with them after members were killed or frozen.
 */
final class Evening {
  /** Answers that mean "not now, try again": the session is moving, or its old owner does not answer. */
  private static final Set<String> RETRYABLE = Set.of("store_unavailable", "server_busy");
  /** How long a session may stay on the move before a test gives up on it (a takeover takes about 10 s). */
  private static final Duration RETRY_FOR = Duration.ofSeconds(60);
  /**
   * The pause before trying again, as a person taps again or the web client backs off. There is no event that
   * says a move is over, and trying at machine speed spends the socket's message budget (60, then 20 a second)
   * within a second: the server then answers rate_limited, also to the ping that {@link LiveClient#sync} waits on.
   */
  private static final Duration RETRY_PAUSE = Duration.ofMillis(150);

  final TestCluster cluster;
  final ContentView content;
  final String sessionId;
  final JsonObject created;
  final List<Phone> phones = new ArrayList<>();
  LiveClient facilitator;
  int facilitatorMember;
  String vraag;

  static final class Phone {
    final String rol;
    final String resumeToken;
    int member;
    LiveClient client;
    /** The last vote the server acknowledged with 'voted'. */
    String acknowledged;

    Phone(String rol, String resumeToken, int member, LiveClient client) {
      this.rol = rol;
      this.resumeToken = resumeToken;
      this.member = member;
      this.client = client;
    }
  }

  Evening(TestCluster cluster, int createVia) {
    this.cluster = cluster;
    this.content = new ContentView(new JsonObject(cluster.get(createVia, "/api/content")));
    this.created = cluster.post(createVia, "/api/sessions", new JsonObject().put("title", "Avond"));
    this.sessionId = created.getString("sessionId");
  }

  Evening facilitateOn(int member) {
    facilitatorMember = member;
    facilitator = LiveClient.connect(cluster.port(member));
    JsonObject welcome = facilitator.facilitate(sessionId, created.getString("facilitatorToken"));
    assertThat(welcome.getString("type")).as(welcome.encode()).isEqualTo("welcome");
    return this;
  }

  Phone join(int member, String rol) {
    LiveClient client = LiveClient.connect(cluster.port(member));
    JsonObject welcome = client.join(created.getString("joinCode"), "Deelnemer " + (phones.size() + 1), rol);
    assertThat(welcome.getString("type")).as(welcome.encode()).isEqualTo("welcome");
    Phone phone = new Phone(rol, welcome.getString("resumeToken"), member, client);
    phones.add(phone);
    return phone;
  }

  /** Leaves the lobby and opens the vote on the first vraag. */
  Evening openVote() {
    facilitator.send(new JsonObject().put("type", "next"));
    vraag = facilitator.awaitState(s -> "question".equals(s.getString("stage"))).getString("vraagId");
    facilitator.send(new JsonObject().put("type", "openVoting"));
    facilitator.awaitState(s -> "voting".equals(s.getString("stage")));
    return this;
  }

  String choice(Phone phone, int index) {
    List<String> allowed = content.allowed(vraag, phone.rol);
    return allowed.get(index % allowed.size());
  }

  /** Votes until the server acknowledges it, retrying while the session moves. */
  void vote(Phone phone, String antwoord) {
    for (long deadline = deadline(); ; ) {
      JsonObject answer = phone.client.vote(vraag, antwoord);
      if ("voted".equals(answer.getString("type"))) {
        phone.acknowledged = antwoord;
        return;
      }
      pauseBeforeRetry(answer, deadline, "vote");
      phone.client.sync();
    }
  }

  /** The phone lost its server: it connects to another member and resumes, as the web client does. */
  JsonObject reconnect(Phone phone, int member) {
    phone.client.close();
    phone.member = member;
    for (long deadline = deadline(); ; ) {
      phone.client = LiveClient.connect(cluster.port(member));
      JsonObject answer = phone.client.resume(phone.resumeToken);
      if ("welcome".equals(answer.getString("type"))) {
        return answer;
      }
      phone.client.close();
      pauseBeforeRetry(answer, deadline, "resume");
    }
  }

  void reconnectFacilitator(int member) {
    facilitator.close();
    for (long deadline = deadline(); ; ) {
      facilitatorMember = member;
      facilitator = LiveClient.connect(cluster.port(member));
      JsonObject answer = facilitator.facilitate(sessionId, created.getString("facilitatorToken"));
      if ("welcome".equals(answer.getString("type"))) {
        return;
      }
      facilitator.close();
      pauseBeforeRetry(answer, deadline, "facilitate");
    }
  }

  /** Sends a facilitator command until a state shows it done, retrying while the session moves. */
  JsonObject command(JsonObject message, java.util.function.Predicate<JsonObject> done) {
    for (long deadline = deadline(); ; ) {
      facilitator.send(message);
      JsonObject answer = facilitator.await(f -> "error".equals(f.getString("type"))
          || ("state".equals(f.getString("type")) && done.test(f.getJsonObject("state"))), "done or error");
      if ("state".equals(answer.getString("type"))) {
        return answer.getJsonObject("state");
      }
      pauseBeforeRetry(answer, deadline, message.getString("type"));
      facilitator.sync();
    }
  }

  private static long deadline() {
    return System.nanoTime() + RETRY_FOR.toNanos();
  }

  /** An answer that says "not now" is tried again after a pause, until the session has moved for too long. */
  private static void pauseBeforeRetry(JsonObject answer, long deadline, String what) {
    assertThat(answer.getString("code")).as(answer.encode()).isIn(RETRYABLE);
    if (System.nanoTime() - deadline > 0) {
      throw new AssertionError(what + " still refused after " + RETRY_FOR.toSeconds() + " s: " + answer.encode());
    }
    LockSupport.parkNanos(RETRY_PAUSE.toNanos());
  }

  /** Closes the vote, settles a tie, steps on, and checks that the saved route holds exactly the acknowledged votes. */
  void finishStepAndCheckRoute(int readVia) {
    JsonObject result = command(new JsonObject().put("type", "closeVoting"), s -> "result".equals(s.getString("stage")));
    if (result.getJsonObject("result") == null) {
      command(new JsonObject().put("type", "decide").put("antwoordId", phones.get(0).acknowledged),
          s -> s.getJsonObject("result") != null);
    }
    command(new JsonObject().put("type", "next"), s -> s.getJsonArray("route").size() == 1);
    JsonObject route = cluster.route(readVia, sessionId, created.getString("reviewToken"));
    JsonObject step = route.getJsonArray("steps").getJsonObject(0);
    assertThat(step.getString("vraagId")).isEqualTo(vraag);
    Map<String, Integer> expected = new HashMap<>();
    for (Phone phone : phones) {
      if (phone.acknowledged != null) {
        expected.merge(phone.acknowledged + "/" + phone.rol, 1, Integer::sum);
      }
    }
    Map<String, Integer> actual = new HashMap<>();
    JsonObject counts = step.getJsonObject("counts");
    for (String antwoord : counts.fieldNames()) {
      JsonObject perRol = counts.getJsonObject(antwoord);
      for (String rol : perRol.fieldNames()) {
        if (perRol.getInteger(rol) > 0) {
          actual.put(antwoord + "/" + rol, perRol.getInteger(rol));
        }
      }
    }
    assertThat(actual).as("the route's votes are the acknowledged votes").isEqualTo(expected);
    assertThat(step.getInteger("voters")).isEqualTo(phones.stream().filter(p -> p.acknowledged != null).count());
  }
}
