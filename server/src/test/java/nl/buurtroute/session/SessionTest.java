package nl.buurtroute.session;

import nl.buurtroute.content.Content;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.SessionEvent.ParticipantJoined;
import nl.buurtroute.session.SessionEvent.SessionCreated;
import nl.buurtroute.testing.TestContent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTest {
  private final Content content = TestContent.small();
  private Session session;
  private final List<SessionEvent> history = new ArrayList<>();

  @BeforeEach
  void create() {
    SessionCreated created = new SessionCreated("Avond", null, "ABCDEF", "fh", "rh");
    session = Session.create("s1", content, created);
    history.add(created);
  }

  private SessionEvent run(SessionEvent event) {
    session.apply(event);
    history.add(event);
    return event;
  }

  private String join(String name, String rol) {
    return ((ParticipantJoined) run(session.join(name, rol, "hash-" + name))).participantId();
  }

  private void rejects(Runnable command, ErrorCode code) {
    assertThatThrownBy(command::run).isInstanceOf(CommandRejected.class)
        .satisfies(e -> assertThat(((CommandRejected) e).code()).isEqualTo(code));
  }

  @Nested
  class Joining {
    @Test
    void a_name_is_trimmed_and_must_be_1_to_40_characters() {
      assertThat(session.join("  Ans  ", "inwoner", "h").name()).isEqualTo("Ans");
      rejects(() -> session.join("   ", "inwoner", "h"), ErrorCode.BAD_REQUEST);
      rejects(() -> session.join("x".repeat(41), "inwoner", "h"), ErrorCode.BAD_REQUEST);
      assertThat(session.join("é".repeat(40), "inwoner", "h").name()).hasSize(40);
    }

    @Test
    void the_rol_must_exist_in_the_content() {
      rejects(() -> session.join("Ans", "burgemeester", "h"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void participants_are_counted_per_rol() {
      join("Ans", "inwoner");
      join("Bo", "inwoner");
      join("Cor", "beleidsambtenaar");
      assertThat(session.activePerRol()).containsEntry("inwoner", 2).containsEntry("beleidsambtenaar", 1)
          .containsEntry("wijkprofessional", 0);
    }
  }

  @Nested
  class Flow {
    @Test
    void next_in_the_lobby_starts_the_first_fase_at_its_first_vraag() {
      run(session.next());
      assertThat(session.status()).isEqualTo(Status.RUNNING);
      assertThat(session.fase()).isEqualTo("start");
      assertThat(session.vraagId()).isEqualTo("start1");
      assertThat(session.stage()).isEqualTo(Stage.QUESTION);
    }

    @Test
    void voting_needs_a_started_session_and_an_open_vote() {
      rejects(session::openVoting, ErrorCode.WRONG_STAGE);
      run(session.next());
      rejects(session::closeVoting, ErrorCode.WRONG_STAGE);
      String ans = join("Ans", "inwoner");
      rejects(() -> session.vote(ans, "start1", "start1-a"), ErrorCode.VOTING_CLOSED);
      run(session.openVoting());
      rejects(session::openVoting, ErrorCode.WRONG_STAGE);
      run(session.vote(ans, "start1", "start1-a"));
      assertThat(session.voters()).isEqualTo(1);
    }

    @Test
    void the_majority_becomes_the_result_and_next_follows_its_branch() {
      run(session.next());
      String a = join("Ans", "inwoner");
      String b = join("Bo", "inwoner");
      String c = join("Cor", "wijkprofessional");
      run(session.openVoting());
      run(session.vote(a, "start1", "start1-b"));
      run(session.vote(b, "start1", "start1-b"));
      run(session.vote(c, "start1", "start1-a"));
      run(session.closeVoting());
      assertThat(session.result()).isEqualTo(new Result("start1-b", DecidedBy.MAJORITY));
      run(session.next());
      assertThat(session.vraagId()).isEqualTo("start2b");
      assertThat(session.route()).hasSize(1);
      Step step = session.route().get(0);
      assertThat(step.counts().count("start1-b", "inwoner")).isEqualTo(2);
      assertThat(step.counts().count("start1-a", "wijkprofessional")).isEqualTo(1);
      assertThat(step.counts().voters()).isEqualTo(3);
    }

    @Test
    void a_tie_or_no_votes_leaves_the_result_open_until_the_facilitator_decides() {
      run(session.next());
      String a = join("Ans", "inwoner");
      String c = join("Cor", "wijkprofessional");
      run(session.openVoting());
      run(session.vote(a, "start1", "start1-a"));
      run(session.vote(c, "start1", "start1-b".replace("b", "a")));
      run(session.vote(a, "start1", "start1-b"));
      run(session.closeVoting());
      assertThat(session.result()).isNull();
      rejects(session::next, ErrorCode.DECISION_NEEDED);
      rejects(() -> session.decide("nope"), ErrorCode.BAD_REQUEST);
      run(session.decide("start1-c"));
      assertThat(session.result()).isEqualTo(new Result("start1-c", DecidedBy.FACILITATOR));
      run(session.next());
      Step step = session.route().get(0);
      assertThat(step.decidedBy()).isEqualTo(DecidedBy.FACILITATOR);
      assertThat(step.counts().total("start1-a")).isEqualTo(1);
      assertThat(step.counts().total("start1-b")).isEqualTo(1);
    }

    @Test
    void a_vote_is_replaced_by_a_later_one() {
      run(session.next());
      String a = join("Ans", "inwoner");
      run(session.openVoting());
      run(session.vote(a, "start1", "start1-a"));
      run(session.vote(a, "start1", "start1-b"));
      assertThat(session.voters()).isEqualTo(1);
      assertThat(session.counts().orElseThrow().total("start1-a")).isZero();
      assertThat(session.voteOf(a)).contains("start1-b");
    }

    @Test
    void only_antwoorden_of_the_participants_rol_count() {
      run(session.next());
      String a = join("Ans", "inwoner");
      run(session.openVoting());
      rejects(() -> session.vote(a, "start1", "start1-c"), ErrorCode.ROL_NOT_ALLOWED);
      rejects(() -> session.vote(a, "start2a", "start2a-a"), ErrorCode.VOTING_CLOSED);
      rejects(() -> session.vote(a, "start1", "start2a-a"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void back_returns_to_the_last_steps_vraag_with_its_result_and_counts() {
      run(session.next());
      String a = join("Ans", "inwoner");
      run(session.openVoting());
      run(session.vote(a, "start1", "start1-a"));
      run(session.closeVoting());
      run(session.next());
      assertThat(session.vraagId()).isEqualTo("start2a");
      run(session.back());
      assertThat(session.vraagId()).isEqualTo("start1");
      assertThat(session.stage()).isEqualTo(Stage.RESULT);
      assertThat(session.result()).isEqualTo(new Result("start1-a", DecidedBy.MAJORITY));
      assertThat(session.counts().orElseThrow().total("start1-a")).isEqualTo(1);
      assertThat(session.route()).isEmpty();
      rejects(session::back, ErrorCode.WRONG_STAGE);
    }

    @Test
    void the_last_step_of_a_fase_leads_to_the_next_fase_and_after_the_last_fase_to_no_vraag() {
      run(session.next());
      for (String fase : List.of("start", "richt", "actie", "evaluatie")) {
        for (String vraag : List.of(fase + "1", fase + "2a", fase + "3")) {
          assertThat(session.vraagId()).isEqualTo(vraag);
          run(session.decide(vraag + "-a"));
          run(session.next());
        }
      }
      assertThat(session.status()).isEqualTo(Status.RUNNING);
      assertThat(session.vraagId()).isNull();
      assertThat(session.route()).hasSize(12);
      rejects(session::next, ErrorCode.WRONG_STAGE);
      run(session.finish());
      assertThat(session.status()).isEqualTo(Status.FINISHED);
      rejects(session::finish, ErrorCode.SESSION_FINISHED);
    }

    @Test
    void a_removed_participants_vote_no_longer_counts_and_they_cannot_vote_again() {
      run(session.next());
      String a = join("Ans", "inwoner");
      run(session.openVoting());
      run(session.vote(a, "start1", "start1-a"));
      run(session.remove(a));
      assertThat(session.voters()).isZero();
      assertThat(session.activeParticipants()).isZero();
      rejects(() -> session.vote(a, "start1", "start1-a"), ErrorCode.REMOVED);
      rejects(() -> session.remove(a), ErrorCode.BAD_REQUEST);
    }
  }

  @Test
  void replaying_the_stored_events_gives_back_the_same_session() {
    run(session.next());
    String a = join("Ans", "inwoner");
    String c = join("Cor", "beleidsambtenaar");
    run(session.openVoting());
    run(session.vote(a, "start1", "start1-b"));
    run(session.vote(c, "start1", "start1-c"));
    run(session.closeVoting());
    run(session.decide("start1-c"));
    run(session.next());
    run(session.openVoting());
    run(session.vote(c, "start2b", "start2b-a"));
    run(session.remove(a));
    List<SessionEvent> stored = history.stream()
        .map(e -> EventJson.fromJson(EventJson.typeOf(e), EventJson.toJson(e))).toList();
    assertThat(stored).isEqualTo(history);
    Session replayed = Session.reconstitute("s1", content, stored);
    assertThat(replayed.route()).isEqualTo(session.route());
    assertThat(replayed.vraagId()).isEqualTo(session.vraagId());
    assertThat(replayed.stage()).isEqualTo(session.stage());
    assertThat(replayed.counts()).isEqualTo(session.counts());
    assertThat(replayed.activePerRol()).isEqualTo(session.activePerRol());
    assertThat(replayed.voteOf(c)).contains("start2b-a");
  }
}
