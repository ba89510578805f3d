package nl.buurtroute.route;

import nl.buurtroute.route.Route.RouteStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RouteProjectionTest {
  private Sessions play;
  private String ans;
  private String bo;
  private String cor;
  private String dirk;

  @BeforeEach
  void room() {
    play = new Sessions("Wijkavond Oost");
    ans = play.join("Ans", "inwoner");
    bo = play.join("Bo", "inwoner");
    cor = play.join("Cor", "wijkprofessional");
    dirk = play.join("Dirk", "beleidsambtenaar");
  }

  /**
   * start1: majority start1-b, but every rol its own antwoord (disagreement). start2b: a tie the facilitator
   * decides for a, then back, and b instead. start3: decided without a vote. richt1: the facilitator overrides a
   * unanimous vote. Then Dirk leaves; the session stands at richt2b.
   */
  private void walk() {
    play.next().open().vote(ans, "start1-b").vote(bo, "start1-b").vote(cor, "start1-a").vote(dirk, "start1-c")
        .close().next();
    play.open().vote(ans, "start2b-a").vote(cor, "start2b-b").close().decide("start2b-a").next();
    play.back().decide("start2b-b").next();
    play.decide("start3-a").next();
    play.open().vote(ans, "richt1-a").vote(bo, "richt1-a").vote(cor, "richt1-a").close().decide("richt1-b").next();
    play.remove(dirk);
  }

  @Nested
  class Steps {
    @Test
    void carry_the_live_step_fields_and_the_texts_of_the_content() {
      walk();
      RouteStep first = play.route().steps().get(0);
      assertThat(first.index()).isZero();
      assertThat(first.fase()).isEqualTo("start");
      assertThat(first.faseNaam()).isEqualTo("start");
      assertThat(first.vraagId()).isEqualTo("start1");
      assertThat(first.vraagTekst()).isEqualTo("Vraag 1 van start");
      assertThat(first.antwoordId()).isEqualTo("start1-b");
      assertThat(first.antwoordTekst()).isEqualTo("start1-b");
      assertThat(first.decidedBy()).isEqualTo("majority");
      assertThat(first.decisionReason()).isNull();
      assertThat(first.voters()).isEqualTo(4);
      assertThat(first.counts().get("start1-b")).containsExactly(entry("inwoner", 2), entry("wijkprofessional", 0),
          entry("beleidsambtenaar", 0));
      assertThat(first.perRol()).containsExactly(entry("inwoner", 2), entry("wijkprofessional", 1),
          entry("beleidsambtenaar", 1));
      assertThat(first.reflectie()).isEqualTo("reflectie");
      assertThat(first.werkzameElementen()).containsExactly(new Route.ElementRef(1, "element 1"));
      assertThat(first.interventies()).containsExactly(new Route.InterventieRef("abcd", "ABCD"));
      assertThat(first.at()).isEqualTo(Sessions.at(13));
    }

    @Test
    void say_per_rol_which_antwoord_it_preferred_and_whether_the_rollen_disagreed() {
      walk();
      List<RouteStep> steps = play.route().steps();
      assertThat(steps.get(0).majorityPerRol()).containsExactly(entry("inwoner", "start1-b"),
          entry("wijkprofessional", "start1-a"), entry("beleidsambtenaar", "start1-c"));
      assertThat(steps.get(0).rollenDisagree()).isTrue();
      assertThat(steps.get(3).majorityPerRol()).containsExactly(entry("inwoner", "richt1-a"),
          entry("wijkprofessional", "richt1-a"));
      assertThat(steps.get(3).rollenDisagree()).isFalse();
      assertThat(steps.get(2).majorityPerRol()).isEmpty();
    }

    @Test
    void a_tie_inside_one_rol_is_no_majority_of_that_rol() {
      play.next().open().vote(ans, "start1-a").vote(bo, "start1-b").vote(cor, "start1-a").close().next();
      RouteStep step = play.route().steps().get(0);
      assertThat(step.majorityPerRol()).containsEntry("inwoner", null).containsEntry("wijkprofessional", "start1-a");
      assertThat(step.rollenDisagree()).isFalse();
    }

    @Test
    void say_why_the_facilitator_decided() {
      walk();
      List<RouteStep> steps = play.route().steps();
      assertThat(steps).extracting(RouteStep::decidedBy)
          .containsExactly("majority", "facilitator", "facilitator", "facilitator");
      assertThat(steps).extracting(RouteStep::decisionReason).containsExactly(null, "tie", "noVotes", "override");
    }

    @Test
    void keep_the_antwoord_a_vraag_had_before_the_group_went_back() {
      walk();
      RouteStep second = play.route().steps().get(1);
      assertThat(second.antwoordId()).isEqualTo("start2b-b");
      assertThat(second.earlierAntwoordIds()).containsExactly("start2b-a");
      assertThat(second.counts().get("start2b-a").get("inwoner")).isEqualTo(1);
    }
  }

  @Nested
  class Summary {
    @Test
    void counts_the_werkzame_elementen_touched_and_lists_the_ones_never_touched() {
      walk();
      Route.WerkzameElementen elements = play.route().summary().werkzameElementen();
      assertThat(elements.touched()).containsExactly(new Route.ElementCount(1, "element 1", 4));
      assertThat(elements.untouched()).extracting(Route.ElementRef::nummer).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(play.route().summary().interventies()).containsExactly(new Route.InterventieCount("abcd", "ABCD", 4));
    }

    @Test
    void counts_participants_active_at_the_end_and_everyone_who_ever_joined() {
      walk();
      Route.Participants participants = play.route().summary().participants();
      assertThat(participants.total()).isEqualTo(3);
      assertThat(participants.perRol()).isEqualTo(Map.of("inwoner", 2, "wijkprofessional", 1, "beleidsambtenaar", 0));
      assertThat(participants.joined()).isEqualTo(4);
      assertThat(participants.joinedPerRol()).containsEntry("beleidsambtenaar", 1);
      assertThat(participants.removed()).isEqualTo(1);
    }

    @Test
    void lists_disagreements_facilitator_decisions_and_backs() {
      walk();
      Route.Summary summary = play.route().summary();
      assertThat(summary.disagreements()).extracting(Route.Disagreement::index).containsExactly(0, 1);
      assertThat(summary.decidedByFacilitator()).extracting(Route.FacilitatorDecision::vraagId, Route.FacilitatorDecision::reason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("start2b", "tie"),
              org.assertj.core.groups.Tuple.tuple("start3", "noVotes"),
              org.assertj.core.groups.Tuple.tuple("richt1", "override"));
      assertThat(summary.backs()).containsExactly(new Route.Back("start", "start2b", "Vraag 2b", "start2b-a", "start2b-a",
          "start2b-b", "start2b-b", true, Sessions.at(20)));
    }

    @Test
    void a_back_taken_again_with_the_same_antwoord_is_no_change() {
      play.next().decide("start1-a").next().back().next();
      assertThat(play.route().summary().backs()).singleElement()
          .satisfies(b -> {
            assertThat(b.changed()).isFalse();
            assertThat(b.antwoordIdAfter()).isEqualTo("start1-a");
          });
    }

    @Test
    void a_vraag_that_left_the_route_after_a_back_has_no_after() {
      play.next().decide("start1-a").next().back().decide("start1-b").next();
      Route.Back back = play.route().summary().backs().get(0);
      assertThat(back.antwoordIdAfter()).isEqualTo("start1-b");
      play.decide("start2b-a").next().back().back().decide("start1-a").next();
      List<Route.Back> backs = play.route().summary().backs();
      assertThat(backs).hasSize(3);
      assertThat(backs.get(1).vraagId()).isEqualTo("start2b");
      assertThat(backs.get(1).antwoordIdAfter()).isNull();
      assertThat(backs.get(1).changed()).isTrue();
      assertThat(play.route().steps()).extracting(RouteStep::vraagId).containsExactly("start1");
    }
  }

  @Nested
  class Status {
    @Test
    void a_session_in_the_lobby_has_no_steps_and_no_dates() {
      Route route = play.route();
      assertThat(route.status()).isEqualTo("lobby");
      assertThat(route.startedAt()).isNull();
      assertThat(route.finishedAt()).isNull();
      assertThat(route.current()).isNull();
      assertThat(route.steps()).isEmpty();
      assertThat(route.createdAt()).isEqualTo(Sessions.T0);
    }

    @Test
    void a_running_session_shows_the_steps_so_far_and_where_it_is() {
      walk();
      Route route = play.route();
      assertThat(route.status()).isEqualTo("running");
      assertThat(route.startedAt()).isEqualTo(Sessions.at(6));
      assertThat(route.finishedAt()).isNull();
      assertThat(route.current()).isEqualTo(new Route.Position("richt", "richt2b", "question"));
      assertThat(route.steps()).hasSize(4);
      assertThat(route.title()).isEqualTo("Wijkavond Oost");
      assertThat(route.neighbourhood()).isEqualTo("Oost");
    }

    @Test
    void a_finished_session_has_its_finish_time_and_no_position() {
      walk();
      play.finish();
      Route route = play.route();
      assertThat(route.status()).isEqualTo("finished");
      assertThat(route.finishedAt()).isEqualTo(play.stored.get(play.stored.size() - 1).at());
      assertThat(route.current()).isNull();
    }
  }
}
