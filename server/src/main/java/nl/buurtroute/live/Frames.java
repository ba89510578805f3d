package nl.buurtroute.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import nl.buurtroute.json.Json;
import nl.buurtroute.session.Counts;
import nl.buurtroute.session.ErrorCode;
import nl.buurtroute.session.Participant;
import nl.buurtroute.session.Remark;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.Stage;
import nl.buurtroute.session.Step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every frame the server sends, as records, and their JSON text. Each frame is serialised once and the
 * same text goes to every connection that should see it.
 */
final class Frames {
  /** Above this many participants the facilitator's state leaves out the list of names (counts stay). */
  static final int PEOPLE_LIST_LIMIT = 300;

  private Frames() {
  }

  record ResultView(String antwoordId, String decidedBy) {
  }

  /** The counts of a closed vote, for everyone, so a tie can be shown while the facilitator decides. */
  record ClosedVote(Map<String, Map<String, Integer>> counts, int voters) {
  }

  record ParticipantsView(int total, Map<String, Integer> perRol,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer online,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Integer> onlinePerRol) {
  }

  record StepView(String fase, String vraagId, String antwoordId, String decidedBy,
                  Map<String, Map<String, Integer>> counts, int voters) {
  }

  record PersonView(String participantId, String name, String rol, boolean online) {
  }

  record StateView(String sessionId, String title, String neighbourhood, String status, String fase, String vraagId,
                   String stage, ResultView result, ParticipantsView participants, List<StepView> route,
                   @JsonInclude(JsonInclude.Include.NON_NULL) ClosedVote votes,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String joinCode,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean tallyShown,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<PersonView> people,
                   Long votingEndsAt, ShownRemarkView shownRemark,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<RemarkView> remarks) {
  }

  /** {@code serverTime}: the server's clock when the frame was made, so clients can count down from votingEndsAt. */
  record StateFrame(String type, long serverTime, StateView state) {
  }

  /** The remark on the beamer: rol and text, never the name. */
  record ShownRemarkView(String remarkId, String rol, String text) {
  }

  /** A remark as facilitators see it, live ({@code type} "remark") and in their state's list. */
  record RemarkView(@JsonInclude(JsonInclude.Include.NON_NULL) String type, String remarkId, String vraagId,
                    String rol, String text) {
  }

  record Remarked(String type, String vraagId, String remarkId) {
  }

  record Welcome(String type, String as,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String participantId,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String resumeToken,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String rol,
                 @JsonInclude(JsonInclude.Include.NON_NULL) MyVote myVote,
                 long serverTime,
                 StateView state) {
  }

  record MyVote(String vraagId, String antwoordId) {
  }

  record Voted(String type, String vraagId, String antwoordId) {
  }

  record Presence(int present, int voted, int total) {
  }

  record TallyFrame(String type, String vraagId, Map<String, Map<String, Integer>> counts, int voters,
                    Map<String, Presence> presence) {
  }

  record Error(String type, String code, String message) {
  }

  record Removed(String type, String message) {
  }

  record Pong(String type, long serverTime) {
  }

  static String error(ErrorCode code, String message) {
    return Json.write(new Error("error", code.wire(), message));
  }

  static String pong() {
    return Json.write(new Pong("pong", System.currentTimeMillis()));
  }

  static String remarked(String vraagId, String remarkId) {
    return Json.write(new Remarked("remarked", vraagId, remarkId));
  }

  static String remark(Remark remark) {
    return Json.write(new RemarkView("remark", remark.remarkId(), remark.vraagId(), remark.rol(), remark.text()));
  }

  static String voted(String vraagId, String antwoordId) {
    return Json.write(new Voted("voted", vraagId, antwoordId));
  }

  static String removed() {
    return Json.write(new Removed("removed", "De begeleider heeft je uit deze sessie gehaald."));
  }

  static String participantWelcome(Session session, Participant participant, String resumeToken) {
    MyVote myVote = session.voteOf(participant.id()).map(a -> new MyVote(session.vraagId(), a)).orElse(null);
    return Json.write(new Welcome("welcome", "participant", participant.id(), resumeToken, participant.name(),
        participant.rol(), myVote, System.currentTimeMillis(), participantState(session)));
  }

  static String facilitatorWelcome(Session session, PresenceBook presence) {
    return Json.write(new Welcome("welcome", "facilitator", null, null, null, null, null,
        System.currentTimeMillis(), facilitatorState(session, presence)));
  }

  static String participantStateFrame(Session session) {
    return Json.write(new StateFrame("state", System.currentTimeMillis(), participantState(session)));
  }

  static String facilitatorStateFrame(Session session, PresenceBook presence) {
    return Json.write(new StateFrame("state", System.currentTimeMillis(), facilitatorState(session, presence)));
  }

  static String tally(Session session, PresenceBook presence) {
    Map<String, Presence> perRol = new LinkedHashMap<>();
    session.activePerRol().forEach((rol, total) ->
        perRol.put(rol, new Presence(presence.onlineOfRol(rol), session.votersOfRol(rol), total)));
    Counts counts = session.counts().orElseThrow();
    return Json.write(new TallyFrame("tally", session.vraagId(), counts.perAntwoord(), counts.voters(), perRol));
  }

  static StateView participantState(Session session) {
    return state(session, new ParticipantsView(session.activeParticipants(), session.activePerRol(), null, null),
        null, null, null, null);
  }

  static StateView facilitatorState(Session session, PresenceBook presence) {
    List<PersonView> people = null;
    if (session.activeParticipants() <= PEOPLE_LIST_LIMIT) {
      people = session.participants().stream()
          .filter(p -> !p.removed())
          .map(p -> new PersonView(p.id(), p.name(), p.rol(), presence.isOnline(p.id())))
          .toList();
    }
    Map<String, Integer> onlinePerRol = new LinkedHashMap<>();
    session.activePerRol().keySet().forEach(rol -> onlinePerRol.put(rol, presence.onlineOfRol(rol)));
    ParticipantsView participants = new ParticipantsView(session.activeParticipants(), session.activePerRol(),
        presence.online(), onlinePerRol);
    List<RemarkView> remarks = session.vraagId() == null ? List.of() : session.remarksOn(session.vraagId()).stream()
        .map(r -> new RemarkView(null, r.remarkId(), r.vraagId(), r.rol(), r.text())).toList();
    return state(session, participants, session.joinCode(), session.tallyShown(), people, remarks);
  }

  private static StateView state(Session session, ParticipantsView participants, String joinCode, Boolean tallyShown,
                                 List<PersonView> people, List<RemarkView> remarks) {
    ResultView result = session.result() == null ? null
        : new ResultView(session.result().antwoordId(), session.result().decidedBy().wire());
    ClosedVote votes = null;
    if (session.stage() == Stage.RESULT) {
      Counts counts = session.counts().orElseThrow();
      votes = new ClosedVote(counts.perAntwoord(), counts.voters());
    }
    List<StepView> route = session.route().stream().map(Frames::step).toList();
    return new StateView(session.sessionId(), session.title(), session.neighbourhood(), session.status().wire(),
        session.fase(), session.vraagId(), session.stage() == null ? null : session.stage().wire(), result,
        participants, route, votes, joinCode, tallyShown, people, session.votingEndsAt(),
        session.shownRemark().map(r -> new ShownRemarkView(r.remarkId(), r.rol(), r.text())).orElse(null), remarks);
  }

  static StepView step(Step step) {
    return new StepView(step.fase(), step.vraagId(), step.antwoordId(), step.decidedBy().wire(),
        step.counts().perAntwoord(), step.counts().voters());
  }
}
