package nl.buurtroute.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact state for phones (PROTOCOL.md, "Compact state for phones"), over real WebSockets: a phone that
 * asks for it in its greeting gets small states whose route grows and shrinks by deltas, and ends with the
 * route everyone else sees; a phone that does not ask gets the contract's whole state as before.
 */
class CompactStateTest {
  static TestServer server;
  static ContentView content;

  CreatedSession session;
  LiveClient facilitator;
  LiveClient compact;
  LiveClient full;
  /** The compact phone's route as it builds it from the deltas. */
  final List<JsonObject> compactRoute = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    content = ContentView.of(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void room() {
    session = server.createSession("Wijkavond compact");
    facilitator = server.connect();
    assertThat(facilitator.facilitate(session.sessionId(), session.facilitatorToken()).getString("type"))
        .isEqualTo("welcome");
    compact = server.connect();
    compact.send(new JsonObject().put("type", "join").put("joinCode", session.joinCode()).put("name", "Ans")
        .put("rol", "inwoner").put("compactState", true));
    JsonObject welcome = compact.await("welcome");
    assertThat(welcome.getJsonObject("state").getJsonArray("route")).as("the welcome is the contract's whole state")
        .isEmpty();
    assertThat(welcome.getJsonObject("state").getString("title")).isEqualTo("Wijkavond compact");
    full = server.connect();
    assertThat(full.join(session.joinCode(), "Bo", "wijkprofessional").getString("type")).isEqualTo("welcome");
  }

  @AfterEach
  void close() {
    facilitator.close();
    compact.close();
    full.close();
  }

  @Test
  void an_opted_in_phone_follows_next_back_and_finish_by_deltas_and_ends_with_the_whole_route() {
    JsonObject state = begin();
    assertThat(compactState().getInteger("routeLength")).isZero();
    for (int step = 0; step < 5; step++) {
      String vraagId = state.getString("vraagId");
      decide(content.open(vraagId, step));
      assertThat(compactState().getJsonObject("result").getString("decidedBy")).isEqualTo("facilitator");
      state = next(step + 1);
      JsonObject small = compactState();
      assertThat(small.getInteger("routeLength")).isEqualTo(step + 1);
      assertThat(small.getJsonObject("step")).isEqualTo(projected(state.getJsonArray("route")).get(step));
      assertThat(small.getString("vraagId")).isEqualTo(state.getString("vraagId"));
    }
    // back twice: the route shrinks, and the phone is back at the vraag of the step taken off, in stage result.
    back(4);
    JsonObject afterBack = compactState();
    assertThat(afterBack.getInteger("routeLength")).isEqualTo(4);
    assertThat(afterBack.getString("stage")).isEqualTo("result");
    assertThat(afterBack.getJsonObject("votes")).as("the counts of that vraag, for the bars").isNotNull();
    state = back(3);
    assertThat(compactState().getInteger("routeLength")).isEqualTo(3);
    // A different antwoord this time: the route grows again with the new step, not the old one.
    String vraagId = state.getString("vraagId");
    String other = content.antwoorden(vraagId).get(content.antwoorden(vraagId).size() - 1).getString("id");
    decide(other);
    compactState();
    next(4);
    assertThat(compactState().getJsonObject("step").getString("antwoordId")).isEqualTo(other);
    state = finish();
    JsonObject finished = compactState();
    assertThat(finished.getString("status")).isEqualTo("finished");

    List<JsonObject> facilitatorRoute = projected(state.getJsonArray("route"));
    assertThat(compactRoute).isEqualTo(facilitatorRoute);
    JsonObject fullState = full.awaitState(s -> "finished".equals(s.getString("status")));
    assertThat(projected(fullState.getJsonArray("route"))).isEqualTo(facilitatorRoute);
  }

  @Test
  void the_compact_state_holds_only_what_a_phone_shows_and_the_full_state_keeps_the_contract() {
    JsonObject state = begin();
    compactState();
    decide(content.open(state.getString("vraagId"), 0));
    compactState();
    next(1);
    JsonObject small = compact.await("state");
    assertThat(small.getLong("serverTime")).isPositive();
    assertThat(small.getJsonObject("state").fieldNames()).containsExactlyInAnyOrder("status", "fase", "vraagId",
        "stage", "result", "votes", "votingEndsAt", "routeLength", "step");
    assertThat(small.getJsonObject("state").getJsonObject("step").fieldNames())
        .containsExactly("fase", "vraagId", "antwoordId");

    JsonObject whole = full.awaitState(s -> s.getJsonArray("route").size() == 1);
    assertThat(whole.fieldNames()).contains("sessionId", "title", "status", "fase", "vraagId", "stage", "result",
        "participants", "route");
    assertThat(whole.getJsonObject("participants").getInteger("total")).isEqualTo(2);
    assertThat(whole.getJsonArray("route").getJsonObject(0).fieldNames())
        .contains("fase", "vraagId", "antwoordId", "decidedBy", "counts", "voters");
    assertThat(small.encode().length()).isLessThan(full.seen().get(full.seen().size() - 1).encode().length());
  }

  @Test
  void a_change_a_phone_does_not_show_costs_the_opted_in_phone_no_frame() {
    begin();
    compactState();
    facilitator.send(new JsonObject().put("type", "lock"));
    facilitator.awaitState(s -> s.getBoolean("locked"));
    full.awaitState(s -> s.getBoolean("locked"));
    int before = compact.seen().size();
    compact.sync();
    assertThat(compact.seen().subList(before, compact.seen().size()))
        .as("only the pong: the lock changes nothing on a phone").extracting(f -> f.getString("type"))
        .containsExactly("pong");
  }

  @Test
  void a_phone_that_resumes_with_the_opt_in_starts_whole_and_goes_on_by_deltas() {
    JsonObject state = begin();
    compactState();
    for (int step = 0; step < 2; step++) {
      decide(content.open(state.getString("vraagId"), step));
      compactState();
      state = next(step + 1);
      compactState();
    }
    String resumeToken = compact.seen().stream().filter(f -> "welcome".equals(f.getString("type"))).findFirst()
        .orElseThrow().getString("resumeToken");
    compact.close();
    compact = server.connect();
    compact.send(new JsonObject().put("type", "resume").put("resumeToken", resumeToken).put("compactState", true));
    JsonObject welcome = compact.await("welcome");
    compactRoute.clear();
    compactRoute.addAll(projected(welcome.getJsonObject("state").getJsonArray("route")));
    assertThat(compactRoute).hasSize(2);
    decide(content.open(state.getString("vraagId"), 2));
    compactState();
    state = next(3);
    assertThat(compactState().getInteger("routeLength")).isEqualTo(3);
    assertThat(compactRoute).isEqualTo(projected(state.getJsonArray("route")));
  }

  @Test
  void a_state_change_and_a_tally_are_each_one_bus_message_with_a_frame_per_audience() throws Exception {
    java.util.concurrent.BlockingQueue<Bus.Outbound> out = new java.util.concurrent.LinkedBlockingQueue<>();
    for (String address : List.of(Bus.out(session.sessionId()), Bus.tallies(session.sessionId()))) {
      server.server().vertx().eventBus().<Bus.Outbound>consumer(address, m -> out.add(m.body()))
          .completion().toCompletionStage().toCompletableFuture().get(LiveClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    JsonObject state = begin();
    compactState();
    command(new JsonObject().put("type", "openVoting"), s -> "voting".equals(s.getString("stage")));
    compactState();
    String vraagId = state.getString("vraagId");
    assertThat(compact.vote(vraagId, content.open(vraagId, 0)).getString("type")).isEqualTo("voted");

    List<Bus.Outbound> seen = new ArrayList<>();
    while (seen.stream().noneMatch(o -> o.room() != null && o.room().facilitators() != null
        && o.room().facilitators().startsWith("{\"type\":\"tally\""))) {
      Bus.Outbound next = out.poll(LiveClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(next).as("a tally on the bus; seen " + seen).isNotNull();
      seen.add(next);
    }
    assertThat(seen).as("every broadcast is one message for all its audiences").allMatch(
        o -> o.audience() == Bus.Audience.ROOM);
    List<Bus.Outbound.PerAudience> states = seen.stream().map(Bus.Outbound::room)
        .filter(r -> r.participants() != null).toList();
    assertThat(states).as("next, then openVoting: one message each").hasSize(2);
    assertThat(states).allMatch(r -> r.compactParticipants() != null && r.facilitators() != null
        && r.viewers() != null);
    Bus.Outbound.PerAudience tally = seen.get(seen.size() - 1).room();
    assertThat(tally.participants()).isNull();
    assertThat(tally.compactParticipants()).isNull();
    assertThat(tally.viewers()).isEqualTo(tally.facilitators());
  }

  @Test
  void a_compact_state_that_is_not_a_boolean_is_refused() {
    LiveClient phone = server.connect();
    phone.send(new JsonObject().put("type", "join").put("joinCode", session.joinCode()).put("name", "Cor")
        .put("rol", "inwoner").put("compactState", "yes"));
    assertThat(phone.awaitError("bad_request").getString("message")).contains("compactState");
    phone.close();
  }

  // ---- helpers ----

  private JsonObject begin() {
    return command(new JsonObject().put("type", "next"), s -> "question".equals(s.getString("stage"))
        && s.getJsonArray("route").isEmpty());
  }

  private JsonObject decide(String antwoordId) {
    return command(new JsonObject().put("type", "decide").put("antwoordId", antwoordId),
        s -> s.getJsonObject("result") != null && antwoordId.equals(s.getJsonObject("result").getString("antwoordId"))
            && "facilitator".equals(s.getJsonObject("result").getString("decidedBy")));
  }

  private JsonObject next(int routeLength) {
    return command(new JsonObject().put("type", "next"), s -> s.getJsonArray("route").size() == routeLength
        && "question".equals(s.getString("stage")));
  }

  private JsonObject back(int routeLength) {
    return command(new JsonObject().put("type", "back"), s -> s.getJsonArray("route").size() == routeLength
        && "result".equals(s.getString("stage")));
  }

  private JsonObject finish() {
    return command(new JsonObject().put("type", "finish"), s -> "finished".equals(s.getString("status")));
  }

  /** The facilitator's state after the command (membership states that come in between are skipped). */
  private JsonObject command(JsonObject message, java.util.function.Predicate<JsonObject> after) {
    facilitator.send(message);
    JsonObject answer = facilitator.await(f -> "error".equals(f.getString("type"))
        || "state".equals(f.getString("type")) && after.test(f.getJsonObject("state")), "the state after " + message);
    assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("state");
    return answer.getJsonObject("state");
  }

  /** The opted-in phone's next state, checked to be compact, with its route delta applied. */
  private JsonObject compactState() {
    JsonObject state = compact.await("state").getJsonObject("state");
    assertThat(state.containsKey("participants")).as("compact: no participant counts").isFalse();
    assertThat(state.containsKey("title")).isFalse();
    assertThat(state.containsKey("route")).as("compact: the route comes as a delta").isFalse();
    int length = state.getInteger("routeLength");
    while (compactRoute.size() > length) {
      compactRoute.remove(compactRoute.size() - 1);
    }
    JsonObject step = state.getJsonObject("step");
    if (length == 0) {
      assertThat(step).isNull();
    } else {
      assertThat(compactRoute.size()).as("a delta never skips a step").isGreaterThanOrEqualTo(length - 1);
      if (compactRoute.size() == length) {
        compactRoute.set(length - 1, step);
      } else {
        compactRoute.add(step);
      }
    }
    return state;
  }

  /** A route's steps as a phone shows them: fase, vraag and antwoord. */
  private static List<JsonObject> projected(JsonArray route) {
    List<JsonObject> steps = new ArrayList<>();
    for (int i = 0; i < route.size(); i++) {
      JsonObject s = route.getJsonObject(i);
      steps.add(new JsonObject().put("fase", s.getString("fase")).put("vraagId", s.getString("vraagId"))
          .put("antwoordId", s.getString("antwoordId")));
    }
    return steps;
  }
}
