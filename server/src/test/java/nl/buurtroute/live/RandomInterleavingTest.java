package nl.buurtroute.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import nl.buurtroute.testing.TestServer.CreatedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random commands from a facilitator and many participants, good and bad, in random order; after each
 * the invariants must hold: the route follows the tree, the counts of a closed vote equal the latest
 * acknowledged vote of every participant still in the session, and nobody's vote counts outside their rol.
 */
class RandomInterleavingTest {
  private static final String[] ROLLEN = {"inwoner", "wijkprofessional", "beleidsambtenaar"};
  private static TestServer server;
  private static ContentView content;

  @BeforeAll
  static void start() {
    // A script drives this faster than any person; lift the per-connection message limit.
    server = TestServer.start(java.util.Map.of("BUURTROUTE_MSG_BURST", "100000"));
    content = ContentView.of(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static final class Phone {
    final String rol;
    String participantId;
    String resumeToken;
    LiveClient client;
    boolean removed;

    Phone(String rol) {
      this.rol = rol;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void invariants_hold_under_random_interleavings(long seed) {
    Random random = new Random(seed);
    CreatedSession session = server.createSession("Willekeurig " + seed);
    LiveClient facilitator = server.connect();
    JsonObject state = facilitator.facilitate(session.sessionId(), session.facilitatorToken()).getJsonObject("state");
    List<Phone> phones = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Phone phone = new Phone(ROLLEN[i % 3]);
      phone.client = server.connect();
      JsonObject welcome = phone.client.join(session.joinCode(), "P" + i, phone.rol);
      phone.participantId = welcome.getString("participantId");
      phone.resumeToken = welcome.getString("resumeToken");
      phones.add(phone);
    }
    Map<String, String> acknowledged = new HashMap<>();
    Map<String, String> rolOf = new HashMap<>();
    Map<String, Integer> remarksPer = new HashMap<>();
    List<String> remarkIds = new ArrayList<>();
    Map<String, String> remarkVraag = new HashMap<>();
    phones.forEach(p -> rolOf.put(p.participantId, p.rol));

    for (int action = 0; action < 250; action++) {
      int pick = random.nextInt(100);
      if (pick < 45) {
        Phone phone = phones.get(random.nextInt(phones.size()));
        if (phone.removed) {
          continue;
        }
        String vraag = state.getString("vraagId") != null && random.nextInt(10) > 0
            ? state.getString("vraagId") : content.eersteVraag(random.nextInt(4));
        List<JsonObject> antwoorden = content.antwoorden(vraag);
        String antwoord = random.nextInt(15) == 0 ? "bestaat-niet"
            : antwoorden.get(random.nextInt(antwoorden.size())).getString("id");
        JsonObject answer = phone.client.vote(vraag, antwoord);
        boolean open = "voting".equals(state.getString("stage")) && vraag.equals(state.getString("vraagId"));
        if ("voted".equals(answer.getString("type"))) {
          assertThat(open).as("a vote was acknowledged outside an open vote").isTrue();
          assertThat(content.allowed(vraag, phone.rol)).as("vote outside the rol").contains(antwoord);
          acknowledged.put(phone.participantId, antwoord);
        } else if (!open) {
          assertThat(answer.getString("code")).isEqualTo("voting_closed");
        } else {
          assertThat(answer.getString("code")).isIn("rol_not_allowed", "bad_request");
        }
      } else if (pick < 50) {
        Phone phone = phones.get(random.nextInt(phones.size()));
        if (phone.removed) {
          continue;
        }
        phone.client.close();
        phone.client = server.connect();
        JsonObject welcome = phone.client.resume(phone.resumeToken);
        assertThat(welcome.getString("participantId")).isEqualTo(phone.participantId);
        String mine = acknowledged.get(phone.participantId);
        if (mine != null && "voting".equals(state.getString("stage"))) {
          assertThat(welcome.getJsonObject("myVote").getString("antwoordId")).isEqualTo(mine);
        }
      } else if (pick < 53) {
        Phone phone = phones.get(random.nextInt(phones.size()));
        if (phone.removed || phones.stream().filter(p -> !p.removed).count() < 4) {
          continue;
        }
        facilitator.send(new JsonObject().put("type", "remove").put("participantId", phone.participantId));
        state = facilitator.awaitState(s -> s.getJsonObject("participants").getInteger("total")
            == phones.stream().filter(p -> !p.removed).count() - 1);
        phone.removed = true;
        acknowledged.remove(phone.participantId);
        phone.client.awaitClosed();
      } else if (pick >= 56 && pick < 62) {
        Phone phone = phones.get(random.nextInt(phones.size()));
        if (phone.removed) {
          continue;
        }
        String vraag = state.getString("vraagId") != null && random.nextInt(6) > 0
            ? state.getString("vraagId") : content.eersteVraag(random.nextInt(4));
        String text = random.nextInt(8) == 0 ? "x".repeat(281) : "<i>opmerking</i> " + action;
        phone.client.send(new JsonObject().put("type", "remark").put("vraagId", vraag).put("text", text));
        JsonObject answer = phone.client.await(f -> "remarked".equals(f.getString("type"))
            || "error".equals(f.getString("type")), "remarked or error");
        boolean current = "running".equals(state.getString("status")) && vraag.equals(state.getString("vraagId"));
        String key = phone.participantId + "/" + vraag;
        if ("remarked".equals(answer.getString("type"))) {
          assertThat(current).as("a remark acknowledged off the current vraag").isTrue();
          assertThat(text.length()).isLessThanOrEqualTo(280);
          assertThat(remarksPer.merge(key, 1, Integer::sum)).isLessThanOrEqualTo(5);
          remarkIds.add(answer.getString("remarkId"));
          facilitator.await(f -> "remark".equals(f.getString("type"))
              && answer.getString("remarkId").equals(f.getString("remarkId")), "the remark on the console");
          remarkVraag.put(answer.getString("remarkId"), vraag);
        } else if (!current) {
          assertThat(answer.getString("code")).isEqualTo("not_current_vraag");
        } else {
          assertThat(answer.getString("code")).isIn("remark_too_long", "too_many_remarks");
          if (answer.getString("code").equals("too_many_remarks")) {
            assertThat(remarksPer.get(key)).isEqualTo(5);
          }
        }
      } else if (pick >= 62 && pick < 66) {
        // Only remarks of the current vraag, which the facilitator's state lists, so the answer can be told apart.
        String current = state.getString("vraagId");
        List<String> onVraag = remarkIds.stream().filter(id -> remarkVraag.get(id).equals(current)).toList();
        String command = random.nextBoolean() ? "showRemark" : "hideRemark";
        JsonObject shownNow = state.getJsonObject("shownRemark");
        if (onVraag.isEmpty()) {
          continue;
        }
        String remarkId = onVraag.get(random.nextInt(onVraag.size()));
        if (command.equals("showRemark") && shownNow != null && remarkId.equals(shownNow.getString("remarkId"))) {
          continue;
        }
        facilitator.send(new JsonObject().put("type", command).put("remarkId", remarkId));
        JsonObject answer = facilitator.await(f -> "error".equals(f.getString("type"))
            || "state".equals(f.getString("type")) && (command.equals("showRemark")
                ? f.getJsonObject("state").getJsonObject("shownRemark") != null
                  && remarkId.equals(f.getJsonObject("state").getJsonObject("shownRemark").getString("remarkId"))
                : !f.getJsonObject("state").getJsonArray("remarks").encode().contains("\"" + remarkId + "\"")),
            command);
        if ("state".equals(answer.getString("type"))) {
          state = answer.getJsonObject("state");
        } else {
          assertThat(answer.getString("code")).isIn("bad_request", "not_current_vraag");
        }
        if (command.equals("hideRemark") && "state".equals(answer.getString("type"))) {
          remarkIds.remove(remarkId);
        }
      } else if (pick < 56) {
        String junk = List.of("{", "{\"type\":1}", "{\"type\":\"next\"}", "null", "{\"type\":\"vote\"}").get(random.nextInt(5));
        Phone phone = phones.get(random.nextInt(phones.size()));
        if (!phone.removed) {
          phone.client.sendRaw(junk);
          assertThat(phone.client.await("error").getString("code"))
              .isIn("bad_json", "bad_request", "not_facilitator", "unknown_type");
        }
      } else {
        String command = List.of("openVoting", "closeVoting", "decide", "next", "next", "back", "openVoting", "closeVoting")
            .get(random.nextInt(8));
        JsonObject message = new JsonObject().put("type", command);
        if (command.equals("decide") && state.getString("vraagId") != null) {
          List<JsonObject> antwoorden = content.antwoorden(state.getString("vraagId"));
          message.put("antwoordId", antwoorden.get(random.nextInt(antwoorden.size())).getString("id"));
        } else if (command.equals("decide")) {
          message.put("antwoordId", "x");
        }
        JsonObject before = state;
        facilitator.send(message);
        // Membership states arrive on their own timer; one that already looks like the answer must not be
        // taken for it, or the real answer (say, an error) would be read as the next command's.
        boolean alreadyLooksDone = changedBy(command, before, before) && !command.equals("decide");
        JsonObject answer = facilitator.await(f -> "error".equals(f.getString("type"))
            || !alreadyLooksDone && "state".equals(f.getString("type")) && changedBy(command, before, f.getJsonObject("state")),
            command);
        if ("state".equals(answer.getString("type"))) {
          state = answer.getJsonObject("state");
          if (command.equals("openVoting")) {
            acknowledged.clear();
          }
          if (command.equals("closeVoting")) {
            assertCountsMatch(state.getJsonObject("votes"), acknowledged, rolOf);
          }
          if (command.equals("next") && "result".equals(before.getString("stage")) || command.equals("back")) {
            acknowledged.clear();
          }
        }
      }
      assertRouteFollowsTheTree(state.getJsonArray("route"));
    }
    facilitator.close();
    phones.forEach(p -> p.client.close());
  }

  private static boolean changedBy(String command, JsonObject before, JsonObject after) {
    return switch (command) {
      case "openVoting" -> "voting".equals(after.getString("stage"));
      case "closeVoting" -> "result".equals(after.getString("stage"));
      case "decide" -> after.getJsonObject("result") != null && "facilitator".equals(after.getJsonObject("result").getString("decidedBy"));
      case "back" -> after.getJsonArray("route").size() == before.getJsonArray("route").size() - 1;
      default -> !after.getJsonArray("route").equals(before.getJsonArray("route"))
          || !"lobby".equals(after.getString("status")) && "lobby".equals(before.getString("status"));
    };
  }

  private static void assertCountsMatch(JsonObject votes, Map<String, String> acknowledged, Map<String, String> rolOf) {
    Map<String, Map<String, Integer>> expected = new HashMap<>();
    acknowledged.forEach((pid, antwoord) ->
        expected.computeIfAbsent(antwoord, a -> new HashMap<>()).merge(rolOf.get(pid), 1, Integer::sum));
    assertThat(votes.getInteger("voters")).isEqualTo(acknowledged.size());
    JsonObject counts = votes.getJsonObject("counts");
    for (String antwoord : counts.fieldNames()) {
      for (String rol : ROLLEN) {
        int n = counts.getJsonObject(antwoord).getInteger(rol, 0);
        assertThat(n).as(antwoord + "/" + rol)
            .isEqualTo(expected.getOrDefault(antwoord, Map.of()).getOrDefault(rol, 0));
      }
    }
  }

  private static void assertRouteFollowsTheTree(JsonArray route) {
    String expected = content.eersteVraag(0);
    int fase = 0;
    for (int i = 0; i < route.size(); i++) {
      JsonObject step = route.getJsonObject(i);
      assertThat(step.getString("vraagId")).as("step " + i).isEqualTo(expected);
      JsonObject counts = step.getJsonObject("counts");
      for (String antwoord : counts.fieldNames()) {
        for (String rol : ROLLEN) {
          if (counts.getJsonObject(antwoord).getInteger(rol, 0) > 0) {
            assertThat(content.allowed(step.getString("vraagId"), rol)).contains(antwoord);
          }
        }
      }
      expected = content.volgende(step.getString("vraagId"), step.getString("antwoordId"));
      if (expected == null && ++fase < 4) {
        expected = content.eersteVraag(fase);
      }
    }
  }
}
