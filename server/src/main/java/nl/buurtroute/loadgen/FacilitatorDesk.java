package nl.buurtroute.loadgen;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A facilitator's connection to one session: sends the coordinator's commands and keeps the latest state and
 * every tally it is shown. Few frames each, so it parses them.
 */
final class FacilitatorDesk implements Handler<Buffer> {
  /** A tally as received: when, and its counts as {@code "antwoord|rol" → n} (zeros left out). */
  record Tally(long at, Map<String, Integer> counts) {
  }

  final int index;
  final GeneratorLoop loop;
  final String sessionId;
  final String joinCode;
  private final String token;
  private final RunCounters counters;
  private WebSocket socket;
  volatile JsonObject state;
  volatile long nextSentAt;
  String vraagId;
  final AtomicLong lastVoteSent = new AtomicLong();
  final List<Tally> tallies = Collections.synchronizedList(new ArrayList<>());

  FacilitatorDesk(int index, GeneratorLoop loop, Http.CreatedSession created, RunCounters counters) {
    this.index = index;
    this.loop = loop;
    this.sessionId = created.sessionId();
    this.joinCode = created.joinCode();
    this.token = created.facilitatorToken();
    this.counters = counters;
  }

  void connect() {
    loop.ctx().runOnContext(v -> loop.client.connect(loop.where()).onComplete(ar -> {
      if (ar.failed()) {
        counters.error("begeleider " + index + " kon niet verbinden: " + ar.cause());
        return;
      }
      socket = ar.result();
      socket.handler(this);
      socket.closeHandler(c -> {
        if (!counters.closing) {
          counters.error("verbinding van begeleider " + index + " gesloten: " + socket.closeStatusCode());
        }
      });
      socket.writeTextMessage(greeting());
    }));
  }

  private String greeting() {
    return new JsonObject().put("type", "facilitate").put("sessionId", sessionId).put("facilitatorToken", token)
        .encode();
  }

  void send(String frame, boolean isNext) {
    loop.ctx().runOnContext(v -> {
      if (isNext) {
        nextSentAt = System.nanoTime();
      }
      socket.writeTextMessage(frame);
    });
  }

  @Override
  public void handle(Buffer buffer) {
    long now = System.nanoTime();
    counters.frameIn(buffer.length());
    JsonObject frame = new JsonObject(buffer);
    switch (frame.getString("type", "")) {
      case "welcome", "state" -> state = frame.getJsonObject("state");
      case "tally" -> tallies.add(new Tally(now, normalise(frame.getJsonObject("counts"))));
      case "error" -> {
        // Before the welcome a retryable error is tried again, as the console does (web/lib/live.js RETRY_CODES).
        if (state == null && Phone.isRetryable(buffer.toString())) {
          loop.ctx().owner().setTimer(200, id -> socket.writeTextMessage(greeting()));
        } else {
          counters.error("fout aan begeleider " + index + ": " + frame.encode());
        }
      }
      default -> {
      }
    }
  }

  int participantsTotal() {
    return state == null ? -1 : state.getJsonObject("participants").getInteger("total");
  }

  String tieBreak(ContentModel model) {
    JsonObject counts = state.getJsonObject("votes") == null ? null
        : state.getJsonObject("votes").getJsonObject("counts");
    String best = model.antwoorden(state.getString("vraagId")).get(0).id();
    int bestVotes = -1;
    if (counts != null) {
      for (String antwoord : counts.fieldNames()) {
        int n = counts.getJsonObject(antwoord).stream().mapToInt(e -> ((Number) e.getValue()).intValue()).sum();
        if (n > bestVotes) {
          best = antwoord;
          bestVotes = n;
        }
      }
    }
    return best;
  }

  List<String> fasenOfRoute() {
    List<String> fasen = new ArrayList<>();
    for (Object step : state.getJsonArray("route")) {
      String fase = ((JsonObject) step).getString("fase");
      if (fasen.isEmpty() || !fasen.get(fasen.size() - 1).equals(fase)) {
        fasen.add(fase);
      }
    }
    return fasen;
  }

  /** The route as phones hold it: a step as "fase|vraagId|antwoordId" (see {@link Phone#key}). */
  List<String> routeKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < state.getJsonArray("route").size(); i++) {
      keys.add(Phone.key(state.getJsonArray("route").getJsonObject(i)));
    }
    return keys;
  }

  static Map<String, Integer> normalise(JsonObject counts) {
    Map<String, Integer> out = new TreeMap<>();
    if (counts != null) {
      for (String antwoord : counts.fieldNames()) {
        JsonObject perRol = counts.getJsonObject(antwoord);
        for (String rol : perRol.fieldNames()) {
          int n = perRol.getInteger(rol);
          if (n > 0) {
            out.put(antwoord + "|" + rol, n);
          }
        }
      }
    }
    return out;
  }
}
