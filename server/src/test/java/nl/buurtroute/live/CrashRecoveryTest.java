package nl.buurtroute.live;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.loadgen.PostgresServer;
import nl.buurtroute.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's Durability paragraph: a server process killed with SIGKILL in the middle of a vote loses
 * nothing it acknowledged; a new process on the same store continues the session. Runs on both stores.
 */
class CrashRecoveryTest {

  @Test
  void a_kill_9_in_the_middle_of_a_vote_loses_no_acknowledged_vote_on_sqlite() throws Exception {
    String dataDir = Files.createTempDirectory("buurtroute-crash").toString();
    crashAndContinue(Map.of("BUURTROUTE_DATA", dataDir));
  }

  @Test
  void a_kill_9_in_the_middle_of_a_vote_loses_no_acknowledged_vote_on_postgresql() throws Exception {
    crashAndContinue(Map.of("BUURTROUTE_DB_URL", PostgresServer.get().newDatabase()));
  }

  private void crashAndContinue(Map<String, String> store) throws Exception {
    int port = freePort();
    String sessionId;
    String facilitatorToken;
    String vraag;
    List<String> resumeTokens = new ArrayList<>();
    List<String> votes = new ArrayList<>();
    ContentView content;
    String[] rollen = {"inwoner", "inwoner", "wijkprofessional", "beleidsambtenaar"};

    try (ServerProcess first = ServerProcess.start(port, store)) {
      content = new ContentView(new JsonObject(get(port, "/api/content")));
      JsonObject created = new JsonObject(post(port, "/api/sessions", "{\"title\":\"Crash\"}"));
      sessionId = created.getString("sessionId");
      facilitatorToken = created.getString("facilitatorToken");
      LiveClient facilitator = LiveClient.connect(port);
      facilitator.facilitate(sessionId, facilitatorToken);
      List<LiveClient> phones = new ArrayList<>();
      for (String rol : rollen) {
        LiveClient phone = LiveClient.connect(port);
        resumeTokens.add(phone.join(created.getString("joinCode"), "Deelnemer " + rol, rol).getString("resumeToken"));
        phones.add(phone);
      }
      facilitator.send(new JsonObject().put("type", "next"));
      vraag = facilitator.awaitState(s -> "question".equals(s.getString("stage"))).getString("vraagId");
      facilitator.send(new JsonObject().put("type", "openVoting"));
      facilitator.awaitState(s -> "voting".equals(s.getString("stage")));
      for (int i = 0; i < phones.size(); i++) {
        String choice = content.allowed(vraag, rollen[i]).get(i % 2);
        JsonObject voted = phones.get(i).vote(vraag, choice);
        assertThat(voted.getString("type")).as(voted.encode()).isEqualTo("voted");
        votes.add(choice);
      }
      // One more vote in flight that may or may not survive: it was never acknowledged.
      phones.get(0).send(new JsonObject().put("type", "vote").put("vraagId", vraag).put("antwoordId", votes.get(1)));
      first.kill();
      votes.set(0, null);
    }

    try (ServerProcess second = ServerProcess.start(port, store)) {
      assertThat(second.log()).contains("crash recovery");
      LiveClient facilitator = LiveClient.connect(port);
      JsonObject welcome = facilitator.facilitate(sessionId, facilitatorToken);
      JsonObject state = welcome.getJsonObject("state");
      assertThat(state.getString("stage")).isEqualTo("voting");
      assertThat(state.getString("vraagId")).isEqualTo(vraag);
      assertThat(state.getJsonObject("participants").getInteger("total")).isEqualTo(4);
      for (int i = 0; i < resumeTokens.size(); i++) {
        LiveClient phone = LiveClient.connect(port);
        JsonObject resumed = phone.resume(resumeTokens.get(i));
        assertThat(resumed.getString("type")).as(resumed.encode()).isEqualTo("welcome");
        String myVote = resumed.getJsonObject("myVote").getString("antwoordId");
        if (votes.get(i) != null) {
          assertThat(myVote).as("acknowledged vote of participant " + i).isEqualTo(votes.get(i));
        }
      }
      facilitator.send(new JsonObject().put("type", "closeVoting"));
      JsonObject closed = facilitator.awaitState(s -> "result".equals(s.getString("stage")));
      assertThat(closed.getJsonObject("votes").getInteger("voters")).isEqualTo(4);
      if (closed.getJsonObject("result") == null) {
        facilitator.send(new JsonObject().put("type", "decide").put("antwoordId", votes.get(1)));
        facilitator.awaitState(s -> s.getJsonObject("result") != null);
      }
      facilitator.send(new JsonObject().put("type", "next"));
      JsonObject after = facilitator.awaitState(s -> s.getJsonArray("route").size() == 1);
      assertThat(after.getJsonArray("route").getJsonObject(0).getInteger("voters")).isEqualTo(4);
    }
  }

  @Test
  void a_timed_vote_whose_moment_passes_while_the_server_is_down_closes_at_once_on_recovery() throws Exception {
    String dataDir = Files.createTempDirectory("buurtroute-crash-clock").toString();
    Map<String, String> store = Map.of("BUURTROUTE_DATA", dataDir);
    int port = freePort();
    String sessionId;
    String facilitatorToken;
    String choice;
    long endsAt;
    try (ServerProcess first = ServerProcess.start(port, store)) {
      ContentView content = new ContentView(new JsonObject(get(port, "/api/content")));
      JsonObject created = new JsonObject(post(port, "/api/sessions", "{\"title\":\"Klok\"}"));
      sessionId = created.getString("sessionId");
      facilitatorToken = created.getString("facilitatorToken");
      LiveClient facilitator = LiveClient.connect(port);
      facilitator.facilitate(sessionId, facilitatorToken);
      LiveClient phone = LiveClient.connect(port);
      phone.join(created.getString("joinCode"), "Ans", "inwoner");
      facilitator.send(new JsonObject().put("type", "next"));
      String vraag = facilitator.awaitState(s -> "question".equals(s.getString("stage"))).getString("vraagId");
      facilitator.send(new JsonObject().put("type", "openVoting").put("seconds", 10));
      endsAt = facilitator.awaitState(s -> "voting".equals(s.getString("stage"))).getLong("votingEndsAt");
      choice = content.allowed(vraag, "inwoner").get(0);
      assertThat(phone.vote(vraag, choice).getString("type")).isEqualTo("voted");
      phone.send(new JsonObject().put("type", "remark").put("vraagId", vraag).put("text", "Bewaard na de crash"));
      assertThat(phone.await("remarked").getString("remarkId")).isNotNull();
      first.kill();
    }
    // The point of this test is a moment on the clock that passes while no server runs: wait for that moment
    // (the server and this test share the machine's clock), not for an event.
    long left = endsAt - System.currentTimeMillis();
    if (left > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(left + 200));
    }
    assertThat(System.currentTimeMillis()).isGreaterThan(endsAt);

    try (ServerProcess second = ServerProcess.start(port, store)) {
      LiveClient facilitator = LiveClient.connect(port);
      JsonObject welcome = facilitator.facilitate(sessionId, facilitatorToken);
      JsonObject state = "result".equals(welcome.getJsonObject("state").getString("stage"))
          ? welcome.getJsonObject("state")
          : facilitator.awaitState(s -> "result".equals(s.getString("stage")));
      assertThat(state.getJsonObject("result").getString("antwoordId")).isEqualTo(choice);
      assertThat(state.getJsonObject("result").getString("decidedBy")).isEqualTo("majority");
      assertThat(state.getValue("votingEndsAt")).isNull();
      assertThat(state.getJsonArray("remarks").getJsonObject(0).getString("text")).isEqualTo("Bewaard na de crash");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String post(int port, String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
