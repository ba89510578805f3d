package nl.buurtroute.session;

import nl.buurtroute.content.Content;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.SessionEvent.ParticipantJoined;
import nl.buurtroute.session.SessionEvent.ParticipantRemoved;
import nl.buurtroute.session.SessionEvent.ResultDecided;
import nl.buurtroute.session.SessionEvent.SessionCreated;
import nl.buurtroute.session.SessionEvent.SessionFinished;
import nl.buurtroute.session.SessionEvent.SessionStarted;
import nl.buurtroute.session.SessionEvent.Stepped;
import nl.buurtroute.session.SessionEvent.SteppedBack;
import nl.buurtroute.session.SessionEvent.TallyShown;
import nl.buurtroute.session.SessionEvent.VoteCast;
import nl.buurtroute.session.SessionEvent.VotingClosed;
import nl.buurtroute.session.SessionEvent.VotingOpened;
import nl.buurtroute.testing.TestContent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine as an event-sourced model: given the events so far, when a command runs, then it produces
 * exactly these events (or is refused with this code). The state a fold of events gives is checked
 * separately, under "Folding".
 */
class SessionTest {
  private static final Content CONTENT = TestContent.small();
  private static final SessionCreated CREATED = new SessionCreated("Avond", null, "ABCDEF", "fh", "rh");
  private static final ParticipantJoined ANS_JOINED = new ParticipantJoined("p1", "Ans", "inwoner", "h-ans");
  private static final ParticipantJoined BO_JOINED = new ParticipantJoined("p2", "Bo", "inwoner", "h-bo");
  private static final ParticipantJoined COR_JOINED = new ParticipantJoined("p3", "Cor", "beleidsambtenaar", "h-cor");
  private static final SessionStarted STARTED = new SessionStarted("start", "start1");
  private static final VotingOpened VOTING_OPENED = new VotingOpened("start1", null);

  /** A session rebuilt from CREATED and then these events, as the owner rebuilds it from the store. */
  private static Session given(SessionEvent... events) {
    List<SessionEvent> all = new ArrayList<>();
    all.add(CREATED);
    all.addAll(List.of(events));
    return Session.reconstitute("s1", CONTENT, all);
  }

  /** Runs a command and returns the events it produced; the session is left as it was. */
  private static List<SessionEvent> when(Session session, Function<Session, SessionEvent> command) {
    return List.of(command.apply(session));
  }

  private static void refused(Session session, Function<Session, SessionEvent> command, ErrorCode code) {
    assertThatThrownBy(() -> command.apply(session)).isInstanceOf(CommandRejected.class)
        .satisfies(e -> assertThat(((CommandRejected) e).code()).isEqualTo(code));
  }

  @Nested
  class Joining {
    @Test
    void a_participant_joins_with_a_trimmed_name_and_the_next_number() {
      assertThat(when(given(ANS_JOINED), s -> s.join("  Bo  ", "inwoner", "h")))
          .containsExactly(new ParticipantJoined("p2", "Bo", "inwoner", "h"));
    }

    @Test
    void a_name_of_40_characters_is_fine_but_an_empty_or_longer_one_is_refused() {
      assertThat(when(given(), s -> s.join("é".repeat(40), "inwoner", "h")))
          .containsExactly(new ParticipantJoined("p1", "é".repeat(40), "inwoner", "h"));
      refused(given(), s -> s.join("   ", "inwoner", "h"), ErrorCode.BAD_REQUEST);
      refused(given(), s -> s.join("x".repeat(41), "inwoner", "h"), ErrorCode.BAD_REQUEST);
      refused(given(), s -> s.join("A\u0000b", "inwoner", "h"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void a_rol_that_is_not_in_the_content_is_refused() {
      refused(given(), s -> s.join("Ans", "burgemeester", "h"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void nobody_joins_a_finished_session() {
      refused(given(new SessionFinished()), s -> s.join("Ans", "inwoner", "h"), ErrorCode.SESSION_FINISHED);
    }
  }

  @Nested
  class Starting {
    @Test
    void next_in_the_lobby_starts_the_first_fase_at_its_first_vraag() {
      assertThat(when(given(), Session::next)).containsExactly(STARTED);
    }

    @Test
    void voting_cannot_open_before_the_start() {
      refused(given(), Session::openVoting, ErrorCode.WRONG_STAGE);
      refused(given(), Session::back, ErrorCode.WRONG_STAGE);
    }
  }

  @Nested
  class Voting {
    @Test
    void opening_a_vote_on_the_current_vraag() {
      assertThat(when(given(STARTED), Session::openVoting)).containsExactly(VOTING_OPENED);
      refused(given(STARTED, VOTING_OPENED), Session::openVoting, ErrorCode.WRONG_STAGE);
    }

    @Test
    void a_participant_votes_on_the_open_vraag() {
      assertThat(when(given(ANS_JOINED, STARTED, VOTING_OPENED), s -> s.vote("p1", "start1", "start1-a")))
          .containsExactly(new VoteCast("p1", "start1", "start1-a"));
    }

    @Test
    void a_vote_outside_an_open_vote_or_on_another_vraag_is_refused() {
      refused(given(ANS_JOINED, STARTED), s -> s.vote("p1", "start1", "start1-a"), ErrorCode.VOTING_CLOSED);
      refused(given(ANS_JOINED, STARTED, VOTING_OPENED), s -> s.vote("p1", "start2a", "start2a-a"),
          ErrorCode.VOTING_CLOSED);
      refused(given(ANS_JOINED, STARTED, VOTING_OPENED), s -> s.vote("p1", "start1", "start2a-a"),
          ErrorCode.BAD_REQUEST);
    }

    @Test
    void an_antwoord_for_another_rol_is_refused() {
      refused(given(ANS_JOINED, STARTED, VOTING_OPENED), s -> s.vote("p1", "start1", "start1-c"),
          ErrorCode.ROL_NOT_ALLOWED);
    }

    @Test
    void a_removed_participant_cannot_vote() {
      refused(given(ANS_JOINED, STARTED, VOTING_OPENED, new ParticipantRemoved("p1")),
          s -> s.vote("p1", "start1", "start1-a"), ErrorCode.REMOVED);
    }
  }

  @Nested
  class Closing {
    @Test
    void closing_makes_the_strict_majority_the_result() {
      assertThat(when(given(ANS_JOINED, BO_JOINED, COR_JOINED, STARTED, VOTING_OPENED,
          new VoteCast("p1", "start1", "start1-b"), new VoteCast("p2", "start1", "start1-b"),
          new VoteCast("p3", "start1", "start1-a")), Session::closeVoting))
          .containsExactly(new VotingClosed("start1", "start1-b"));
    }

    @Test
    void a_tie_or_no_votes_closes_without_a_result() {
      assertThat(when(given(ANS_JOINED, COR_JOINED, STARTED, VOTING_OPENED,
          new VoteCast("p1", "start1", "start1-a"), new VoteCast("p3", "start1", "start1-c")), Session::closeVoting))
          .containsExactly(new VotingClosed("start1", null));
      assertThat(when(given(STARTED, VOTING_OPENED), Session::closeVoting))
          .containsExactly(new VotingClosed("start1", null));
    }

    @Test
    void a_later_vote_replaces_the_earlier_one() {
      assertThat(when(given(ANS_JOINED, BO_JOINED, STARTED, VOTING_OPENED,
          new VoteCast("p1", "start1", "start1-a"), new VoteCast("p2", "start1", "start1-b"),
          new VoteCast("p1", "start1", "start1-b")), Session::closeVoting))
          .containsExactly(new VotingClosed("start1", "start1-b"));
    }

    @Test
    void a_removed_participants_vote_no_longer_counts() {
      assertThat(when(given(ANS_JOINED, BO_JOINED, STARTED, VOTING_OPENED,
          new VoteCast("p1", "start1", "start1-a"), new VoteCast("p2", "start1", "start1-b"),
          new ParticipantRemoved("p2")), Session::closeVoting))
          .containsExactly(new VotingClosed("start1", "start1-a"));
    }

    @Test
    void there_is_nothing_to_close_without_an_open_vote() {
      refused(given(STARTED), Session::closeVoting, ErrorCode.WRONG_STAGE);
    }
  }

  @Nested
  class Deciding {
    @Test
    void the_facilitator_decides_after_a_tie_or_overrides_a_majority() {
      assertThat(when(given(STARTED, VOTING_OPENED, new VotingClosed("start1", null)), s -> s.decide("start1-c")))
          .containsExactly(new ResultDecided("start1", "start1-c"));
      assertThat(when(given(STARTED, VOTING_OPENED, new VotingClosed("start1", "start1-a")),
          s -> s.decide("start1-b"))).containsExactly(new ResultDecided("start1", "start1-b"));
    }

    @Test
    void deciding_while_voting_or_for_a_foreign_antwoord_is_refused() {
      refused(given(STARTED, VOTING_OPENED), s -> s.decide("start1-a"), ErrorCode.WRONG_STAGE);
      refused(given(STARTED), s -> s.decide("nope"), ErrorCode.BAD_REQUEST);
    }
  }

  @Nested
  class Stepping {
    @Test
    void next_takes_the_result_onto_the_route_and_follows_its_branch() {
      assertThat(when(given(STARTED, new ResultDecided("start1", "start1-b")), Session::next))
          .containsExactly(new Stepped("start1", "start1-b", "start", "start2b"));
    }

    @Test
    void the_last_vraag_of_a_fase_leads_to_the_next_fase_and_the_last_fase_to_no_vraag() {
      assertThat(when(given(new SessionStarted("start", "start3"), new ResultDecided("start3", "start3-a")),
          Session::next)).containsExactly(new Stepped("start3", "start3-a", "richt", "richt1"));
      assertThat(when(given(new SessionStarted("evaluatie", "evaluatie3"),
          new ResultDecided("evaluatie3", "evaluatie3-a")), Session::next))
          .containsExactly(new Stepped("evaluatie3", "evaluatie3-a", null, null));
    }

    @Test
    void next_without_a_result_asks_for_a_decision() {
      refused(given(STARTED), Session::next, ErrorCode.DECISION_NEEDED);
      refused(given(STARTED, VOTING_OPENED), Session::next, ErrorCode.DECISION_NEEDED);
      refused(given(STARTED, VOTING_OPENED, new VotingClosed("start1", null)), Session::next,
          ErrorCode.DECISION_NEEDED);
    }

    @Test
    void after_the_last_fase_only_back_and_finish_remain() {
      Session done = given(new SessionStarted("evaluatie", "evaluatie3"),
          new ResultDecided("evaluatie3", "evaluatie3-a"), new Stepped("evaluatie3", "evaluatie3-a", null, null));
      refused(done, Session::next, ErrorCode.WRONG_STAGE);
      refused(done, Session::openVoting, ErrorCode.WRONG_STAGE);
      assertThat(when(done, Session::back)).containsExactly(new SteppedBack("evaluatie3"));
      assertThat(when(done, Session::finish)).containsExactly(new SessionFinished());
    }

    @Test
    void back_returns_to_the_last_steps_vraag_but_not_while_voting_or_without_a_step() {
      Session stepped = given(STARTED, new ResultDecided("start1", "start1-a"),
          new Stepped("start1", "start1-a", "start", "start2a"));
      assertThat(when(stepped, Session::back)).containsExactly(new SteppedBack("start1"));
      refused(given(STARTED), Session::back, ErrorCode.WRONG_STAGE);
      refused(given(STARTED, new ResultDecided("start1", "start1-a"),
          new Stepped("start1", "start1-a", "start", "start2a"), new VotingOpened("start2a", null)), Session::back,
          ErrorCode.WRONG_STAGE);
    }
  }

  @Nested
  class FacilitatorControls {
    @Test
    void the_facilitator_removes_a_participant_once() {
      assertThat(when(given(ANS_JOINED), s -> s.remove("p1"))).containsExactly(new ParticipantRemoved("p1"));
      refused(given(ANS_JOINED, new ParticipantRemoved("p1")), s -> s.remove("p1"), ErrorCode.BAD_REQUEST);
      refused(given(), s -> s.remove("p9"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void the_tally_is_shown_or_hidden_on_the_beamer() {
      assertThat(when(given(STARTED), s -> s.showTally(true))).containsExactly(new TallyShown(true));
      assertThat(when(given(STARTED), s -> s.showTally(false))).containsExactly(new TallyShown(false));
    }

    @Test
    void a_finished_session_refuses_every_command() {
      Session finished = given(STARTED, new SessionFinished());
      for (Function<Session, SessionEvent> command : List.<Function<Session, SessionEvent>>of(Session::next,
          Session::openVoting, Session::closeVoting, s -> s.decide("start1-a"), Session::back, Session::finish,
          s -> s.showTally(true))) {
        refused(finished, command, ErrorCode.SESSION_FINISHED);
      }
    }
  }

  @Nested
  class Folding {
    @Test
    void participants_are_counted_per_rol_and_removed_ones_leave_the_count() {
      Session session = given(ANS_JOINED, BO_JOINED, COR_JOINED, new ParticipantRemoved("p2"));
      assertThat(session.activePerRol()).containsEntry("inwoner", 1).containsEntry("beleidsambtenaar", 1)
          .containsEntry("wijkprofessional", 0);
      assertThat(session.activeParticipants()).isEqualTo(2);
    }

    @Test
    void a_step_keeps_the_counts_of_its_vote() {
      Session session = given(ANS_JOINED, BO_JOINED, COR_JOINED, STARTED, VOTING_OPENED,
          new VoteCast("p1", "start1", "start1-b"), new VoteCast("p2", "start1", "start1-b"),
          new VoteCast("p3", "start1", "start1-a"), new VotingClosed("start1", "start1-b"),
          new Stepped("start1", "start1-b", "start", "start2b"));
      Step step = session.route().get(0);
      assertThat(step.decidedBy()).isEqualTo(DecidedBy.MAJORITY);
      assertThat(step.counts().count("start1-b", "inwoner")).isEqualTo(2);
      assertThat(step.counts().count("start1-a", "beleidsambtenaar")).isEqualTo(1);
      assertThat(step.counts().voters()).isEqualTo(3);
      assertThat(session.vraagId()).isEqualTo("start2b");
      assertThat(session.stage()).isEqualTo(Stage.QUESTION);
    }

    @Test
    void stepping_back_restores_the_steps_result_and_counts() {
      Session session = given(ANS_JOINED, STARTED, VOTING_OPENED, new VoteCast("p1", "start1", "start1-a"),
          new VotingClosed("start1", "start1-a"), new Stepped("start1", "start1-a", "start", "start2a"),
          new SteppedBack("start1"));
      assertThat(session.vraagId()).isEqualTo("start1");
      assertThat(session.stage()).isEqualTo(Stage.RESULT);
      assertThat(session.result()).isEqualTo(new Result("start1-a", DecidedBy.MAJORITY));
      assertThat(session.counts().orElseThrow().total("start1-a")).isEqualTo(1);
      assertThat(session.route()).isEmpty();
    }

    @Test
    void replaying_the_stored_events_gives_back_the_same_session() {
      List<SessionEvent> history = List.of(CREATED, ANS_JOINED, COR_JOINED, STARTED, VOTING_OPENED,
          new VoteCast("p1", "start1", "start1-b"), new VoteCast("p3", "start1", "start1-c"),
          new VotingClosed("start1", null), new ResultDecided("start1", "start1-c"),
          new Stepped("start1", "start1-c", "start", "start2b"), new VotingOpened("start2b", null),
          new VoteCast("p3", "start2b", "start2b-a"), new ParticipantRemoved("p1"), new TallyShown(true));
      List<SessionEvent> stored = history.stream()
          .map(e -> EventJson.fromJson(EventJson.typeOf(e), EventJson.toJson(e))).toList();
      assertThat(stored).isEqualTo(history);
      Session original = Session.reconstitute("s1", CONTENT, history);
      Session replayed = Session.reconstitute("s1", CONTENT, stored);
      assertThat(replayed.route()).isEqualTo(original.route());
      assertThat(replayed.vraagId()).isEqualTo("start2b");
      assertThat(replayed.counts()).isEqualTo(original.counts());
      assertThat(replayed.voteOf("p3")).contains("start2b-a");
      assertThat(replayed.tallyShown()).isTrue();
    }
  }
}
