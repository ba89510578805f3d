package nl.buurtroute.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RendezvousTest {
  private static final List<String> SESSIONS = IntStream.range(0, 3000).mapToObj(i -> "session-" + i).toList();

  @Test
  void every_member_picks_the_same_owner_whatever_the_order_of_its_list() {
    List<String> members = List.of("a", "b", "c");
    List<String> reversed = List.of("c", "b", "a");
    for (String session : SESSIONS) {
      assertThat(Rendezvous.choose(session, members)).isEqualTo(Rendezvous.choose(session, reversed));
    }
  }

  @Test
  void the_sessions_of_a_lost_member_spread_over_the_survivors_and_no_other_session_moves() {
    List<String> before = List.of("a", "b", "c", "d");
    List<String> after = List.of("a", "b", "d");
    Map<String, Integer> orphansPerSurvivor = new HashMap<>();
    for (String session : SESSIONS) {
      String owner = Rendezvous.choose(session, before);
      String successor = Rendezvous.choose(session, after);
      if (owner.equals("c")) {
        orphansPerSurvivor.merge(successor, 1, Integer::sum);
      } else {
        assertThat(successor).as(session).isEqualTo(owner);
      }
    }
    int orphans = orphansPerSurvivor.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(orphansPerSurvivor).containsOnlyKeys("a", "b", "d");
    for (int share : new ArrayList<>(orphansPerSurvivor.values())) {
      assertThat(share).as("each survivor's share of " + orphans).isBetween(orphans / 5, orphans / 2);
    }
  }

  @Test
  void no_members_means_no_owner() {
    assertThat(Rendezvous.choose("s", List.of())).isNull();
  }
}
