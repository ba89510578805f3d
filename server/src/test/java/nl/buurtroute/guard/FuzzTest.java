package nl.buurtroute.guard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many thousands of random and mutated frames from many connections at once, while an honest session
 * walks all four fasen beside them. Afterwards the server must be healthy, the honest session finished
 * correctly, and every vote it acknowledged counted exactly as acknowledged.
 */
class FuzzTest {
  private static final int FUZZ_CONNECTIONS = 24;
  private static final int FRAMES_PER_CONNECTION = 800;
  private static final String[] ROLLEN = {"inwoner", "wijkprofessional", "beleidsambtenaar"};
  private static final List<String> TYPES = List.of("join", "resume", "facilitate", "vote", "openVoting",
      "closeVoting", "decide", "next", "back", "finish", "remove", "showTally", "ping", "dance", "", "remark",
      "showRemark", "withdrawRemark", "hideRemark", "view", "lock", "unlock", "newJoinCode", "newViewerToken", "people");

  @Test
  void random_frames_from_many_connections_harm_no_honest_session_and_change_no_acknowledged_vote() throws Exception {
    // Lift the per-connection and wrong-code limits, so the frames reach the parser and the engine.
    try (TestServer server = TestServer.start(Map.of("BUURTROUTE_MSG_BURST", "1000000",
        "BUURTROUTE_WRONG_CODES_PER_MINUTE", "1000000"))) {
      ContentView content = ContentView.of(server);
      CreatedSession target = server.createSession("Doelwit");
      CreatedSession honest = server.createSession("Eerlijk");
      Vertx vertx = Vertx.vertx();
      try {
        AtomicLong answers = new AtomicLong();
        CountDownLatch fuzzDone = new CountDownLatch(FUZZ_CONNECTIONS);
        for (int i = 0; i < FUZZ_CONNECTIONS; i++) {
          fuzz(vertx, server.port(), new Random(i), target, content, answers).onComplete(ar -> fuzzDone.countDown());
        }
        invalidUtf8(server.port());
        Map<Integer, Map<String, String>> acknowledged = walkHonestly(server, honest, content);
        assertThat(fuzzDone.await(60, TimeUnit.SECONDS)).as("fuzzers finished").isTrue();
        assertThat(answers.get()).as("the server kept answering the fuzzers").isPositive();

        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        try (LiveClient facilitator = server.connect()) {
          JsonObject state = facilitator.facilitate(honest.sessionId(), honest.facilitatorToken()).getJsonObject("state");
          assertThat(state.getString("status")).isEqualTo("finished");
          JsonArray route = state.getJsonArray("route");
          assertThat(route).hasSize(12);
          for (int step = 0; step < 12; step++) {
            JsonObject counts = route.getJsonObject(step).getJsonObject("counts");
            Map<String, Integer> expected = new HashMap<>();
            acknowledged.get(step).values().forEach(a -> expected.merge(a, 1, Integer::sum));
            for (String antwoord : counts.fieldNames()) {
              int total = counts.getJsonObject(antwoord).stream().mapToInt(e -> (Integer) e.getValue()).sum();
              assertThat(total).as("step " + step + " antwoord " + antwoord).isEqualTo(expected.getOrDefault(antwoord, 0));
            }
          }
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Six honest phones walk all 12 steps; returns, per step, each participant's acknowledged vote. */
  private static Map<Integer, Map<String, String>> walkHonestly(TestServer server, CreatedSession session,
                                                                 ContentView content) {
    Map<Integer, Map<String, String>> acknowledged = new HashMap<>();
    List<LiveClient> phones = new ArrayList<>();
    List<String> rollen = new ArrayList<>();
    try (LiveClient facilitator = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      for (int i = 0; i < 6; i++) {
        LiveClient phone = server.connect();
        phone.join(session.joinCode(), "Eerlijk " + i, ROLLEN[i % 3]);
        phones.add(phone);
        rollen.add(ROLLEN[i % 3]);
      }
      facilitator.send(new JsonObject().put("type", "next"));
      JsonObject state = facilitator.awaitState(s -> "question".equals(s.getString("stage")));
      for (int step = 0; step < 12; step++) {
        String vraag = state.getString("vraagId");
        facilitator.send(new JsonObject().put("type", "openVoting"));
        facilitator.awaitState(s -> "voting".equals(s.getString("stage")));
        Map<String, String> votes = new HashMap<>();
        for (int i = 0; i < phones.size(); i++) {
          List<String> allowed = content.allowed(vraag, rollen.get(i));
          String choice = allowed.get((step + i) % allowed.size());
          JsonObject voted = phones.get(i).vote(vraag, choice);
          assertThat(voted.getString("type")).as(voted.encode()).isEqualTo("voted");
          votes.put("p" + i, choice);
        }
        acknowledged.put(step, votes);
        facilitator.send(new JsonObject().put("type", "closeVoting"));
        JsonObject closed = facilitator.awaitState(s -> "result".equals(s.getString("stage")));
        if (closed.getJsonObject("result") == null) {
          facilitator.send(new JsonObject().put("type", "decide").put("antwoordId", votes.get("p0")));
          facilitator.awaitState(s -> s.getJsonObject("result") != null);
        }
        int length = step + 1;
        facilitator.send(new JsonObject().put("type", "next"));
        state = facilitator.awaitState(s -> s.getJsonArray("route").size() == length);
      }
      facilitator.send(new JsonObject().put("type", "finish"));
      facilitator.awaitState(s -> "finished".equals(s.getString("status")));
    } finally {
      phones.forEach(LiveClient::close);
    }
    return acknowledged;
  }

  private static Future<Void> fuzz(Vertx vertx, int port, Random random, CreatedSession target, ContentView content,
                                   AtomicLong answers) {
    WebSocketClient client = vertx.createWebSocketClient();
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .compose(socket -> {
          socket.handler(b -> answers.incrementAndGet());
          List<Future<Void>> writes = new ArrayList<>();
          for (int n = 0; n < FRAMES_PER_CONNECTION && !socket.isClosed(); n++) {
            writes.add(sendOne(socket, random, target, content));
          }
          return Future.join(writes).<Void>mapEmpty().eventually(() -> socket.close());
        })
        .recover(e -> Future.succeededFuture());
  }

  private static Future<Void> sendOne(WebSocket socket, Random random, CreatedSession target, ContentView content) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      return socket.writeBinaryMessage(Buffer.buffer(bytes));
    }
    if (kind == 1) {
      char[] chars = new char[random.nextInt(300)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) (32 + random.nextInt(0x2000));
      }
      return socket.writeTextMessage(new String(chars));
    }
    JsonObject message = new JsonObject().put("type", TYPES.get(random.nextInt(TYPES.size())));
    String vraag = content.eersteVraag(random.nextInt(4));
    Object[] values = {target.joinCode(), target.sessionId(), target.facilitatorToken(), "x", "", 42,
        1e308, -1, Long.MAX_VALUE, true, null, new JsonArray().add(1), new JsonObject().put("a", "b"),
        vraag, content.antwoorden(vraag).get(0).getString("id"), "p" + random.nextInt(20), "🙂".repeat(30),
        "<script>alert(1)</script>", ROLLEN[random.nextInt(3)], "9".repeat(400), "r" + random.nextInt(5), 10, 900,
        "x".repeat(281), target.joinSecret(), target.viewerToken(),
        new JsonArray().add("p1").add("p" + random.nextInt(20)), System.currentTimeMillis(), "A".repeat(22)};
    for (String field : List.of("joinCode", "name", "rol", "resumeToken", "sessionId", "facilitatorToken", "vraagId",
        "antwoordId", "participantId", "show", "text", "remarkId", "seconds", "joinSecret", "viewerToken",
        "participantIds", "joinedAfter", "offset", "limit", "search")) {
      if (random.nextInt(3) == 0) {
        message.put(field, values[random.nextInt(values.length)]);
      }
    }
    String text = message.encode();
    if (random.nextInt(6) == 0) {
      text = text.substring(0, random.nextInt(text.length()));
    }
    return socket.writeTextMessage(text);
  }

  /** Text frames whose UTF-8 is cut in the middle of a character: the protocol's own error, nothing more. */
  private static void invalidUtf8(int port) throws Exception {
    for (int i = 0; i < 5; i++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        byte[] payload = "{\"type\":\"join\",\"name\":\"é".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(payload, payload.length - 1);
        out.write(0x81);
        out.write(0x80 | truncated.length);
        byte[] mask = {7, 7, 7, 7};
        out.write(mask);
        for (int b = 0; b < truncated.length; b++) {
          out.write(truncated[b] ^ mask[b % 4]);
        }
        out.flush();
      }
    }
  }
}
