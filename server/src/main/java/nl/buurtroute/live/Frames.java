package nl.buurtroute.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import nl.buurtroute.json.Json;
import nl.buurtroute.session.Counts;
import nl.buurtroute.session.ErrorCode;
import nl.buurtroute.session.Participant;
import nl.buurtroute.session.Remark;
import nl.buurtroute.session.Session;
import nl.buurtroute.session.Stage;
import nl.buurtroute.session.Step;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  record PersonView(String participantId, String name, String rol, boolean online,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Long joinedAt) {
  }

  record StateView(String sessionId, String title, String neighbourhood, String status, String fase, String vraagId,
                   String stage, ResultView result, ParticipantsView participants, List<StepView> route,
                   @JsonInclude(JsonInclude.Include.NON_NULL) ClosedVote votes,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String joinCode,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean tallyShown,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<PersonView> people,
                   Long votingEndsAt, ShownRemarkView shownRemark,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<RemarkView> remarks,
                   boolean locked,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String joinSecret) {
  }

  /** {@code serverTime}: the server's clock when the frame was made, so clients can count down from votingEndsAt. */
  record StateFrame(String type, long serverTime, StateView state) {
  }

  /** A step of the route as a phone shows it (the trail: which antwoord on which vraag), without its counts. */
  record RouteStep(String fase, String vraagId, String antwoordId) {
  }

  /**
   * The compact state, for phones that asked for it (PROTOCOL.md, "Compact state for phones"): what a phone
   * shows, and the route as a delta: its length now and its last step ({@code step}, absent when the route is
   * empty), so {@code next} appends and {@code back} truncates. After a rebuild or a change of owner it carries
   * the whole {@code route} instead of {@code step}. What the welcome said and never changes (session id, title,
   * neighbourhood) and what phones do not show (participant counts, lock, the beamer's remark) stay out.
   */
  record CompactState(String status, String fase, String vraagId, String stage, ResultView result, ClosedVote votes,
                      Long votingEndsAt, int routeLength,
                      @JsonInclude(JsonInclude.Include.NON_NULL) RouteStep step,
                      @JsonInclude(JsonInclude.Include.NON_NULL) List<RouteStep> route) {
  }

  record CompactStateFrame(String type, long serverTime, CompactState state) {
  }

  /** A state frame around a state already written as JSON. */
  record WrittenStateFrame(String type, long serverTime, @JsonRawValue String state) {
  }

  /**
   * The state frame for phones on the contract's whole state, and a digest of the state it carries (everything
   * but the time it was made): two frames with the same digest show a phone the same screen (see
   * {@link Bus.Outbound.PerAudience#phonesView}).
   */
  record PhoneState(String frame, long view) {
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

  private static final String ERROR_PREFIX = "{\"type\":\"error\",\"code\":\"";

  /** Whether a frame made by {@link #error} carries a code the client sends again later ({@link ErrorCode#retryable}). */
  static boolean isRetryableError(String frame) {
    if (frame == null || !frame.startsWith(ERROR_PREFIX)) {
      return false;
    }
    for (ErrorCode code : ErrorCode.values()) {
      if (code.retryable() && frame.startsWith(code.wire() + "\"", ERROR_PREFIX.length())) {
        return true;
      }
    }
    return false;
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

  record JoinCodeFrame(String type, String joinCode, String joinUrl, String joinSecret) {
  }

  record RemovedMany(String type, List<String> participantIds) {
  }

  /** The answer to a bulk {@code remove}: who was taken out (the state with the new counts follows). */
  static String removedMany(List<String> ids) {
    return Json.write(new RemovedMany("removedMany", ids));
  }

  record JoinRate(String type, int joins, long seconds, boolean locked, long at, long since) {
  }

  /** To facilitators: joins come in far faster than a room could (a script, not people). */
  static String joinRate(int joins, long seconds, boolean locked, long at, long since) {
    return Json.write(new JoinRate("joinRate", joins, seconds, locked, at, since));
  }

  record ViewerTokenFrame(String type, String viewerToken) {
  }

  record PeoplePage(String type, int total, int matched, int offset, int limit, List<PersonView> people) {
  }

  /** To facilitator connections after {@code newJoinCode}: the code, and the link with its secret. */
  static String joinCode(String code, String joinUrl, String secret) {
    return Json.write(new JoinCodeFrame("joinCode", code, joinUrl, secret));
  }

  static String viewerToken(String token) {
    return Json.write(new ViewerTokenFrame("viewerToken", token));
  }

  static String peoplePage(int total, int matched, int offset, int limit, List<PersonView> people) {
    return Json.write(new PeoplePage("people", total, matched, offset, limit, people));
  }

  static PersonView person(Session session, Participant p, PresenceBook presence) {
    return new PersonView(p.id(), p.name(), p.rol(), presence.isOnline(p.id()), session.joinedAt(p.id()));
  }

  /**
   * What a beamer shows: the facilitator's state without the people list (names stay off the wall) and
   * without the remarks waiting for moderation (only the one the facilitator shows reaches the wall).
   */
  static StateView viewerState(Session session, PresenceBook presence) {
    StateView full = facilitatorState(session, presence);
    return new StateView(full.sessionId(), full.title(), full.neighbourhood(), full.status(), full.fase(),
        full.vraagId(), full.stage(), full.result(), full.participants(), full.route(), full.votes(),
        full.joinCode(), full.tallyShown(), null, full.votingEndsAt(), full.shownRemark(), null, full.locked(),
        full.joinSecret());
  }

  static String viewerStateFrame(Session session, PresenceBook presence) {
    return Json.write(new StateFrame("state", System.currentTimeMillis(), viewerState(session, presence)));
  }

  static String viewerWelcome(Session session, PresenceBook presence) {
    return Json.write(new Welcome("welcome", "viewer", null, null, null, null, null,
        System.currentTimeMillis(), viewerState(session, presence)));
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

  static PhoneState participantStateFrame(Session session) {
    String state = Json.write(participantState(session));
    return new PhoneState(Json.write(new WrittenStateFrame("state", System.currentTimeMillis(), state)),
        digest(state));
  }

  /**
   * The first 64 bits of the text's SHA-256, never 0 (which means "no digest"). A cryptographic digest, so no
   * text a participant can influence (a remark on the beamer) is made to look like another.
   */
  static long digest(String text) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long digest = ByteBuffer.wrap(sha).getLong();
      return digest == 0 ? 1 : digest;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
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

  /** {@code wholeRoute}: the route in full (after a rebuild or a change of owner) instead of its last step. */
  static CompactState compactState(Session session, boolean wholeRoute) {
    ResultView result = result(session);
    ClosedVote votes = closedVote(session);
    List<Step> steps = session.route();
    RouteStep last = steps.isEmpty() || wholeRoute ? null : routeStep(steps.get(steps.size() - 1));
    List<RouteStep> route = wholeRoute ? steps.stream().map(Frames::routeStep).toList() : null;
    return new CompactState(session.status().wire(), session.fase(), session.vraagId(),
        session.stage() == null ? null : session.stage().wire(), result, votes, session.votingEndsAt(), steps.size(),
        last, route);
  }

  static String compactStateFrame(CompactState state) {
    return Json.write(new CompactStateFrame("state", System.currentTimeMillis(), state));
  }

  private static ResultView result(Session session) {
    return session.result() == null ? null
        : new ResultView(session.result().antwoordId(), session.result().decidedBy().wire());
  }

  /** The counts of the vote just closed (stage result), which every audience shows; null in other stages. */
  private static ClosedVote closedVote(Session session) {
    if (session.stage() != Stage.RESULT) {
      return null;
    }
    Counts counts = session.counts().orElseThrow();
    return new ClosedVote(counts.perAntwoord(), counts.voters());
  }

  private static RouteStep routeStep(Step step) {
    return new RouteStep(step.fase(), step.vraagId(), step.antwoordId());
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
          .map(p -> person(session, p, presence))
          .toList();
    }
    Map<String, Integer> onlinePerRol = new LinkedHashMap<>();
    session.activePerRol().keySet().forEach(rol -> onlinePerRol.put(rol, presence.onlineOfRol(rol)));
    ParticipantsView participants = new ParticipantsView(session.activeParticipants(), session.activePerRol(),
        presence.online(), onlinePerRol);
    List<RemarkView> remarks = session.vraagId() == null ? List.of() : session.remarksOn(session.vraagId()).stream()
        .map(r -> new RemarkView(null, r.remarkId(), r.vraagId(), r.rol(), r.text())).toList();
    StateView state = state(session, participants, session.joinCode(), session.tallyShown(), people, remarks);
    // The join link's secret is for the screens that show the QR code (console and beamer), never for phones.
    return new StateView(state.sessionId(), state.title(), state.neighbourhood(), state.status(), state.fase(),
        state.vraagId(), state.stage(), state.result(), state.participants(), state.route(), state.votes(),
        state.joinCode(), state.tallyShown(), state.people(), state.votingEndsAt(), state.shownRemark(),
        state.remarks(), state.locked(), session.joinSecret());
  }

  private static StateView state(Session session, ParticipantsView participants, String joinCode, Boolean tallyShown,
                                 List<PersonView> people, List<RemarkView> remarks) {
    ResultView result = result(session);
    ClosedVote votes = closedVote(session);
    List<StepView> route = session.route().stream().map(Frames::step).toList();
    return new StateView(session.sessionId(), session.title(), session.neighbourhood(), session.status().wire(),
        session.fase(), session.vraagId(), session.stage() == null ? null : session.stage().wire(), result,
        participants, route, votes, joinCode, tallyShown, people, session.votingEndsAt(),
        session.shownRemark().map(r -> new ShownRemarkView(r.remarkId(), r.rol(), r.text())).orElse(null), remarks,
        session.locked(), null);
  }

  static StepView step(Step step) {
    return new StepView(step.fase(), step.vraagId(), step.antwoordId(), step.decidedBy().wire(),
        step.counts().perAntwoord(), step.counts().voters());
  }
}
