package nl.buurtroute.cluster;

import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's cluster paragraph, the hard part: the owner of running sessions is killed, stopped or frozen
 * in the middle of a vote, and the evening goes on through the other members with every acknowledged vote.
 */
class ClusterFailoverTest {
  private static final Duration TAKEOVER = Duration.ofSeconds(10);

  @Test
  void kill_9_of_the_owner_mid_vote_moves_its_sessions_to_the_survivors_within_10_seconds() {
    try (TestCluster cluster = new TestCluster(3).start(0, 1)) {
      Evening evening = new Evening(cluster, 0);
      List<String> others = createSessions(cluster, 0, 9);
      assertThat(cluster.ownerOf(evening.sessionId, 0, 1)).isEqualTo(0);

      // A member that starts while sessions run joins and serves them.
      cluster.start(2);
      assertThat(cluster.cluster(2).getInteger("members")).isEqualTo(3);
      evening.facilitateOn(2);
      String[] rollen = {"inwoner", "wijkprofessional", "beleidsambtenaar"};
      for (int member = 0; member < 3; member++) {
        for (int i = 0; i < 2; i++) {
          evening.join(member, rollen[(member + i) % 3]);
        }
      }
      evening.openVote();
      for (int i = 0; i < evening.phones.size() - 1; i++) {
        Evening.Phone phone = evening.phones.get(i);
        evening.vote(phone, evening.choice(phone, i));
      }
      // The last phone's vote is in flight when its owner dies: never acknowledged, so it may be lost.
      Evening.Phone last = evening.phones.get(evening.phones.size() - 1);
      last.client.send(new JsonObject().put("type", "vote").put("vraagId", evening.vraag)
          .put("antwoordId", evening.choice(last, 0)));

      long killed = System.nanoTime();
      cluster.member(0).kill();
      int newOwner = cluster.awaitLine(TAKEOVER, line -> line.contains("session " + evening.sessionId
          + " moves to this member"), 1, 2);
      // Phones on the survivors kept their connection; a changed vote reaches the new owner.
      Evening.Phone survivor = evening.phones.stream().filter(p -> p.member == 1).findFirst().orElseThrow();
      evening.vote(survivor, evening.choice(survivor, 1));
      assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("takeover").isLessThan(TAKEOVER);
      assertThat(survivor.client.closeCode()).isNull();

      // Phones of the lost member resume through the others and find their acknowledged vote.
      for (Evening.Phone phone : evening.phones) {
        if (phone.member == 0) {
          String before = phone.acknowledged;
          JsonObject welcome = evening.reconnect(phone, phone == last ? 1 : 2);
          if (before != null) {
            assertThat(welcome.getJsonObject("myVote").getString("antwoordId")).isEqualTo(before);
          }
        }
      }
      evening.vote(last, evening.choice(last, 0));

      // The lost member's other sessions spread over both survivors.
      for (String id : others) {
        cluster.awaitLine(TAKEOVER, line -> line.contains("session " + id + " moves to this member"), 1, 2);
      }
      List<Object> on1 = cluster.cluster(1).getJsonArray("ownedSessionIds").getList();
      List<Object> on2 = cluster.cluster(2).getJsonArray("ownedSessionIds").getList();
      List<Object> all = new ArrayList<>(on1);
      all.addAll(on2);
      assertThat(all).containsAll(others).contains(evening.sessionId).doesNotHaveDuplicates();
      assertSpreadBetweenSurvivors(cluster, others);
      assertThat(cluster.cluster(newOwner).getJsonArray("ownedSessionIds").getList()).contains(evening.sessionId);

      evening.finishStepAndCheckRoute(2);
      assertThat(evening.facilitator.closeCode()).as("the facilitator on a survivor stayed connected").isNull();
    }
  }

  @Test
  void sigterm_of_the_owner_hands_its_sessions_over_and_closes_no_socket_of_the_others() {
    try (TestCluster cluster = new TestCluster(3).start(0, 1, 2)) {
      Evening evening = new Evening(cluster, 0);
      List<String> others = createSessions(cluster, 0, 9);
      evening.facilitateOn(1);
      Evening.Phone onOwner = evening.join(0, "inwoner");
      evening.join(1, "wijkprofessional");
      evening.join(2, "beleidsambtenaar");
      evening.join(2, "inwoner");
      evening.openVote();
      for (int i = 0; i < evening.phones.size(); i++) {
        evening.vote(evening.phones.get(i), evening.choice(evening.phones.get(i), i));
      }
      Evening.Phone onSurvivor = evening.phones.get(1);
      // Everything this phone got before the hand-over, so the states after it can be told apart.
      int seenBefore = onSurvivor.client.sync().seen().size();

      assertThat(cluster.member(0).terminate(30)).as("exited after SIGTERM").isNotEqualTo(-1);
      // Handed over before it left, not found orphaned afterwards.
      for (String id : others) {
        cluster.awaitLine(TAKEOVER, line -> line.contains("session " + id + " moves to this member")
            && line.contains("stops and handed it over"), 1, 2);
      }
      cluster.awaitLine(TAKEOVER, line -> line.contains("session " + evening.sessionId + " moves to this member")
          && line.contains("stops and handed it over"), 1, 2);
      assertSpreadBetweenSurvivors(cluster, others);

      // The phone on the stopped member was told to come back; it resumes elsewhere with its vote.
      assertThat(onOwner.client.awaitClosed()).isTrue();
      JsonObject welcome = evening.reconnect(onOwner, 2);
      assertThat(welcome.getJsonObject("myVote").getString("antwoordId")).isEqualTo(onOwner.acknowledged);
      evening.vote(onSurvivor, evening.choice(onSurvivor, 1));

      evening.finishStepAndCheckRoute(1);
      // The new owner's first state is the one this phone has: it is not sent again (a thousand rooms' worth of
      // such copies made a takeover seconds slower). The first state it gets is the closed vote's.
      List<JsonObject> states = onSurvivor.client.sync().seen().subList(seenBefore, onSurvivor.client.seen().size())
          .stream().filter(frame -> "state".equals(frame.getString("type"))).toList();
      assertThat(states).isNotEmpty();
      assertThat(states.get(0).getJsonObject("state").getString("stage")).isNotEqualTo("voting");
      for (Evening.Phone phone : evening.phones) {
        assertThat(phone.client.closeCode()).as("no socket of the other members was closed").isNull();
      }
      assertThat(evening.facilitator.closeCode()).isNull();
    }
  }

  @Test
  void the_phones_of_a_killed_member_that_ran_no_owner_count_once_when_back_and_not_at_all_once_gone() {
    try (TestCluster cluster = new TestCluster(3).start(0, 1, 2)) {
      Evening evening = new Evening(cluster, 0);
      assertThat(cluster.ownerOf(evening.sessionId, 0, 1, 2)).isEqualTo(0);
      evening.facilitateOn(0);
      Evening.Phone lost = evening.join(2, "inwoner");
      evening.join(1, "wijkprofessional");
      evening.facilitator.awaitState(state -> online(state) == 2);

      // Its hub cannot say that its phones left: the owner counts again once the member is gone.
      cluster.member(2).kill();
      evening.reconnect(lost, 1);
      evening.facilitator.awaitState(state -> online(state) == 2);
      lost.client.close();
      evening.facilitator.awaitState(state -> online(state) == 1);
    }
  }

  private static int online(JsonObject state) {
    return state.getJsonObject("participants").getInteger("online", -1);
  }

  @Test
  void a_frozen_owner_is_replaced_and_commits_nothing_after_it_wakes_up() {
    try (TestCluster cluster = new TestCluster(3).start(0, 1, 2)) {
      Evening evening = new Evening(cluster, 0).facilitateOn(1);
      Evening.Phone onOwner = evening.join(0, "inwoner");
      evening.join(1, "wijkprofessional");
      evening.join(2, "beleidsambtenaar");
      evening.openVote();
      for (int i = 0; i < evening.phones.size(); i++) {
        evening.vote(evening.phones.get(i), evening.choice(evening.phones.get(i), i));
      }

      cluster.member(0).pause();
      // Hazelcast removes a member silent for 3 s (the test's setting); a survivor then claims the session.
      cluster.awaitLine(TAKEOVER.plusSeconds(5), line -> line.contains("session " + evening.sessionId
          + " moves to this member"), 1, 2);
      Evening.Phone onSurvivor = evening.phones.get(2);
      evening.vote(onSurvivor, evening.choice(onSurvivor, 1));

      cluster.member(0).unpause();
      // Waking, it still lists some of the members it had: it must not take the session back meanwhile.
      cluster.awaitLine(TAKEOVER, line -> line.contains("this member stood still"), 0);
      // The phone on the frozen member still talks to its stale owner; whatever it sends, the stale owner
      // commits nothing (the store refuses its write) and sends the phone away to reconnect.
      String unanswered = evening.choice(onOwner, 1);
      onOwner.client.send(new JsonObject().put("type", "vote").put("vraagId", evening.vraag)
          .put("antwoordId", unanswered));
      assertThat(onOwner.client.awaitClosed()).as("the stale member sends its phone away").isTrue();
      cluster.awaitLine(TAKEOVER, line -> line.contains("session " + evening.sessionId)
          && (line.contains("giving it up") || line.contains("leaves this server")), 0);
      // That vote either died with the stale owner or, when the member had already learnt of the move, found
      // the new owner by the lookup (a message no owner took is sent once more), at any moment, also after the
      // phone's welcome. So the welcome shows one of the two, and the phone does what the web client does with
      // a vote that got no 'voted': it sends it again when its welcome does not show it.
      JsonObject welcome = evening.reconnect(onOwner, 2);
      assertThat(welcome.getJsonObject("myVote").getString("antwoordId")).isIn(onOwner.acknowledged, unanswered);
      evening.vote(onOwner, unanswered);

      evening.finishStepAndCheckRoute(2);
      assertThat(cluster.member(0).log()).as("the member that woke up took no session over")
          .doesNotContain("session " + evening.sessionId + " moves to this member");
    }
  }

  private static List<String> createSessions(TestCluster cluster, int via, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(cluster.post(via, "/api/sessions", new JsonObject().put("title", "Avond " + i)).getString("sessionId"));
    }
    return ids;
  }

  /**
   * Each session went to the survivor that rendezvous hashing picks for it, as every member computes it alone.
   * (Asserting that both survivors got some would fail once in about 500 runs: ten sessions can all hash to one.)
   */
  private static void assertSpreadBetweenSurvivors(TestCluster cluster, List<String> sessions) {
    String node1 = cluster.cluster(1).getString("nodeId");
    String node2 = cluster.cluster(2).getString("nodeId");
    List<Object> on1 = cluster.cluster(1).getJsonArray("ownedSessionIds").getList();
    List<Object> on2 = cluster.cluster(2).getJsonArray("ownedSessionIds").getList();
    for (String id : sessions) {
      boolean toFirst = Rendezvous.choose(id, List.of(node1, node2)).equals(node1);
      assertThat(toFirst ? on1 : on2).as("session " + id + " on the survivor rendezvous picks").contains(id);
    }
  }
}
