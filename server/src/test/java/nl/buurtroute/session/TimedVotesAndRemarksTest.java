package nl.buurtroute.session;

import nl.buurtroute.content.Content;
import nl.buurtroute.json.EventJson;
import nl.buurtroute.session.SessionEvent.ParticipantJoined;
import nl.buurtroute.session.SessionEvent.ParticipantRemoved;
import nl.buurtroute.session.SessionEvent.RemarkHidden;
import nl.buurtroute.session.SessionEvent.RemarkMade;
import nl.buurtroute.session.SessionEvent.RemarkShown;
import nl.buurtroute.session.SessionEvent.RemarkWithdrawn;
import nl.buurtroute.session.SessionEvent.SessionCreated;
import nl.buurtroute.session.SessionEvent.SessionFinished;
import nl.buurtroute.session.SessionEvent.SessionStarted;
import nl.buurtroute.session.SessionEvent.Stepped;
import nl.buurtroute.session.SessionEvent.SteppedBack;
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

/** Issue 15 in the engine, in SessionTest's style: given events, when a command, then events or a refusal. */
class TimedVotesAndRemarksTest {
  private static final Content CONTENT = TestContent.small();
  private static final long NOW = 1_700_000_000_000L;
  private static final SessionCreated CREATED = new SessionCreated("Avond", null, "ABCDEF", "fh", "rh");
  private static final ParticipantJoined ANS = new ParticipantJoined("p1", "Ans", "inwoner", "h-ans");
  private static final ParticipantJoined COR = new ParticipantJoined("p2", "Cor", "beleidsambtenaar", "h-cor");
  private static final SessionStarted STARTED = new SessionStarted("start", "start1");
  private static final VotingOpened TIMED = new VotingOpened("start1", NOW + 120_000);
  private static final RemarkMade ANS_SAYS = new RemarkMade("r1", "p1", "start1", "Te weinig bankjes");

  private static Session given(SessionEvent... events) {
    List<SessionEvent> all = new ArrayList<>();
    all.add(CREATED);
    all.addAll(List.of(events));
    return Session.reconstitute("s1", CONTENT, all);
  }

  private static List<SessionEvent> when(Session session, Function<Session, SessionEvent> command) {
    return List.of(command.apply(session));
  }

  private static void refused(Session session, Function<Session, SessionEvent> command, ErrorCode code) {
    assertThatThrownBy(() -> command.apply(session)).isInstanceOf(CommandRejected.class)
        .satisfies(e -> assertThat(((CommandRejected) e).code()).isEqualTo(code));
  }

  @Nested
  class TimedVotes {
    @Test
    void opening_with_seconds_records_the_moment_the_vote_ends() {
      assertThat(when(given(STARTED), s -> s.openVoting(120, NOW))).containsExactly(TIMED);
      assertThat(when(given(STARTED), s -> s.openVoting(null, NOW)))
          .containsExactly(new VotingOpened("start1", null));
    }

    @Test
    void seconds_from_10_to_900_are_fine_and_others_refused() {
      assertThat(when(given(STARTED), s -> s.openVoting(10, NOW))).hasSize(1);
      assertThat(when(given(STARTED), s -> s.openVoting(900, NOW))).hasSize(1);
      refused(given(STARTED), s -> s.openVoting(9, NOW), ErrorCode.BAD_REQUEST);
      refused(given(STARTED), s -> s.openVoting(901, NOW), ErrorCode.BAD_REQUEST);
    }

    @Test
    void the_vote_has_expired_from_its_moment_on_and_only_while_it_is_open() {
      Session session = given(STARTED, TIMED);
      assertThat(session.votingEndsAt()).isEqualTo(NOW + 120_000);
      assertThat(session.votingExpired(NOW + 119_999)).isFalse();
      assertThat(session.votingExpired(NOW + 120_000)).isTrue();
      assertThat(when(session, Session::closeVoting)).containsExactly(new VotingClosed("start1", null));
      Session closed = given(STARTED, TIMED, new VotingClosed("start1", null));
      assertThat(closed.votingEndsAt()).isNull();
      assertThat(closed.votingExpired(NOW + 500_000)).isFalse();
    }

    @Test
    void an_untimed_vote_never_expires() {
      assertThat(given(STARTED, new VotingOpened("start1", null)).votingExpired(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void a_reopened_vote_follows_its_new_moment() {
      Session session = given(STARTED, TIMED, new VotingClosed("start1", null),
          new VotingOpened("start1", NOW + 900_000));
      assertThat(session.votingEndsAt()).isEqualTo(NOW + 900_000);
      assertThat(session.votingExpired(NOW + 120_000)).isFalse();
    }

    @Test
    void the_moment_survives_the_store_as_json() {
      String json = EventJson.toJson(TIMED);
      assertThat(EventJson.fromJson("votingOpened", json)).isEqualTo(TIMED);
      assertThat(EventJson.fromJson("votingOpened", "{\"vraagId\":\"start1\"}"))
          .isEqualTo(new VotingOpened("start1", null));
    }
  }

  @Nested
  class Remarking {
    @Test
    void a_participant_remarks_on_the_current_vraag_trimmed_and_on_one_line() {
      assertThat(when(given(ANS, STARTED), s -> s.remark("p1", "start1", "  Te weinig\n\tbankjes  ")))
          .containsExactly(new RemarkMade("r1", "p1", "start1", "Te weinig bankjes"));
      assertThat(when(given(ANS, COR, STARTED, ANS_SAYS), s -> s.remark("p2", "start1", "Eens")))
          .containsExactly(new RemarkMade("r2", "p2", "start1", "Eens"));
    }

    @Test
    void a_remark_of_280_characters_is_fine_but_an_empty_or_longer_one_is_refused() {
      assertThat(when(given(ANS, STARTED), s -> s.remark("p1", "start1", "é".repeat(280)))).hasSize(1);
      refused(given(ANS, STARTED), s -> s.remark("p1", "start1", "x".repeat(281)), ErrorCode.REMARK_TOO_LONG);
      refused(given(ANS, STARTED), s -> s.remark("p1", "start1", " \n "), ErrorCode.BAD_REQUEST);
      refused(given(ANS, STARTED), s -> s.remark("p1", "start1", "a\u0000b"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void only_on_the_current_vraag_of_a_running_session() {
      refused(given(ANS), s -> s.remark("p1", "start1", "Vroeg"), ErrorCode.NOT_CURRENT_VRAAG);
      refused(given(ANS, STARTED), s -> s.remark("p1", "start2a", "Later"), ErrorCode.NOT_CURRENT_VRAAG);
      refused(given(ANS, STARTED, new SessionFinished()), s -> s.remark("p1", "start1", "Te laat"),
          ErrorCode.SESSION_FINISHED);
      refused(given(ANS, STARTED, new ParticipantRemoved("p1")), s -> s.remark("p1", "start1", "Weg"),
          ErrorCode.REMOVED);
    }

    @Test
    void at_most_five_per_participant_per_vraag() {
      List<SessionEvent> events = new ArrayList<>(List.of(ANS, COR, STARTED));
      for (int i = 1; i <= 5; i++) {
        events.add(new RemarkMade("r" + i, "p1", "start1", "nummer " + i));
      }
      Session session = given(events.toArray(SessionEvent[]::new));
      refused(session, s -> s.remark("p1", "start1", "zes"), ErrorCode.TOO_MANY_REMARKS);
      assertThat(when(session, s -> s.remark("p2", "start1", "Cor mag nog")))
          .containsExactly(new RemarkMade("r6", "p2", "start1", "Cor mag nog"));
    }
  }

  @Nested
  class TheWall {
    @Test
    void the_facilitator_shows_a_remark_then_withdraws_it_and_it_stays() {
      assertThat(when(given(ANS, STARTED, ANS_SAYS), s -> s.showRemark("r1")))
          .containsExactly(new RemarkShown("r1"));
      Session shown = given(ANS, STARTED, ANS_SAYS, new RemarkShown("r1"));
      assertThat(shown.shownRemark()).map(Remark::text).contains("Te weinig bankjes");
      assertThat(when(shown, Session::withdrawRemark)).containsExactly(new RemarkWithdrawn());
      Session withdrawn = given(ANS, STARTED, ANS_SAYS, new RemarkShown("r1"), new RemarkWithdrawn());
      assertThat(withdrawn.shownRemark()).isEmpty();
      assertThat(withdrawn.remarksOn("start1")).extracting(Remark::text).containsExactly("Te weinig bankjes");
      refused(withdrawn, Session::withdrawRemark, ErrorCode.WRONG_STAGE);
    }

    @Test
    void hiding_a_shown_remark_takes_it_off_the_wall_and_out_of_the_vraag_for_good() {
      assertThat(when(given(ANS, STARTED, ANS_SAYS, new RemarkShown("r1")), s -> s.hideRemark("r1")))
          .containsExactly(new RemarkHidden("r1"));
      Session hidden = given(ANS, STARTED, ANS_SAYS, new RemarkShown("r1"), new RemarkHidden("r1"));
      assertThat(hidden.shownRemark()).isEmpty();
      assertThat(hidden.remarksOn("start1")).isEmpty();
      assertThat(hidden.remarks()).singleElement().satisfies(r -> assertThat(r.hidden()).isTrue());
      refused(hidden, s -> s.showRemark("r1"), ErrorCode.BAD_REQUEST);
      refused(hidden, s -> s.hideRemark("r1"), ErrorCode.BAD_REQUEST);
      refused(hidden, s -> s.showRemark("r9"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void only_a_remark_on_the_current_vraag_goes_on_the_wall_and_it_leaves_with_its_vraag() {
      Session moved = given(ANS, STARTED, ANS_SAYS, new RemarkShown("r1"), new VotingOpened("start1", null),
          new VotingClosed("start1", null), new SessionEvent.ResultDecided("start1", "start1-a"),
          new Stepped("start1", "start1-a", "start", "start2a"));
      assertThat(moved.shownRemark()).isEmpty();
      refused(moved, s -> s.showRemark("r1"), ErrorCode.NOT_CURRENT_VRAAG);
      Session back = given(ANS, STARTED, new SessionEvent.ResultDecided("start1", "start1-a"),
          new Stepped("start1", "start1-a", "start", "start2a"),
          new RemarkMade("r1", "p1", "start2a", "Hier"), new RemarkShown("r1"), new SteppedBack("start1"));
      assertThat(back.shownRemark()).isEmpty();
    }
  }
}
