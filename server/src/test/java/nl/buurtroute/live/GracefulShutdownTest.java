package nl.buurtroute.live;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM: clients are told the server restarts, the store is flushed, the process exits within 10 s. */
class GracefulShutdownTest {

  @Test
  void sigterm_tells_clients_to_come_back_loses_nothing_and_exits_within_10_seconds() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = Map.of("BUURTROUTE_DATA", Files.createTempDirectory("buurtroute-term").toString());
    String sessionId;
    String token;
    String resumeToken;
    String vraag;
    String choice;
    try (ServerProcess server = ServerProcess.start(port, env)) {
      HttpClient http = HttpClient.newHttpClient();
      ContentView content = new ContentView(new JsonObject(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/content")).build(), HttpResponse.BodyHandlers.ofString()).body()));
      JsonObject created = new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sessions"))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Stoppen\"}")).build(), HttpResponse.BodyHandlers.ofString()).body());
      sessionId = created.getString("sessionId");
      token = created.getString("facilitatorToken");
      LiveClient facilitator = LiveClient.connect(port);
      facilitator.facilitate(sessionId, token);
      LiveClient phone = LiveClient.connect(port);
      resumeToken = phone.join(created.getString("joinCode"), "Ans", "inwoner").getString("resumeToken");
      facilitator.send(new JsonObject().put("type", "next"));
      vraag = facilitator.awaitState(s -> "question".equals(s.getString("stage"))).getString("vraagId");
      facilitator.send(new JsonObject().put("type", "openVoting"));
      facilitator.awaitState(s -> "voting".equals(s.getString("stage")));
      choice = content.open(vraag, 0);
      assertThat(phone.vote(vraag, choice).getString("type")).isEqualTo("voted");

      long start = System.nanoTime();
      int exit = server.terminate(15);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(exit).as("exit code; log:\n" + server.log()).isNotEqualTo(-1);
      assertThat(millis).as("shutdown time").isLessThan(10_000);
      assertThat(phone.awaitClosed()).isTrue();
      assertThat(phone.closeCode()).isEqualTo((short) 1012);
      assertThat(facilitator.awaitClosed()).isTrue();
    }
    try (ServerProcess again = ServerProcess.start(port, env)) {
      LiveClient phone = LiveClient.connect(port);
      JsonObject welcome = phone.resume(resumeToken);
      assertThat(welcome.getJsonObject("myVote").getString("antwoordId")).isEqualTo(choice);
      assertThat(welcome.getJsonObject("state").getString("stage")).isEqualTo("voting");
    }
  }
}
