package nl.buurtroute.session;

import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Content;
import nl.buurtroute.content.Fase;
import nl.buurtroute.content.Rol;
import nl.buurtroute.content.Vraag;
import nl.buurtroute.session.SessionEvent.JoinCodeChanged;
import nl.buurtroute.session.SessionEvent.ParticipantJoined;
import nl.buurtroute.session.SessionEvent.ParticipantRemoved;
import nl.buurtroute.session.SessionEvent.RemarkHidden;
import nl.buurtroute.session.SessionEvent.RemarkMade;
import nl.buurtroute.session.SessionEvent.RemarkShown;
import nl.buurtroute.session.SessionEvent.RemarkWithdrawn;
import nl.buurtroute.session.SessionEvent.ResultDecided;
import nl.buurtroute.session.SessionEvent.RoomLocked;
import nl.buurtroute.session.SessionEvent.SessionCreated;
import nl.buurtroute.session.SessionEvent.SessionFinished;
import nl.buurtroute.session.SessionEvent.SessionStarted;
import nl.buurtroute.session.SessionEvent.Stepped;
import nl.buurtroute.session.SessionEvent.SteppedBack;
import nl.buurtroute.session.SessionEvent.TallyShown;
import nl.buurtroute.session.SessionEvent.VoteCast;
import nl.buurtroute.session.SessionEvent.VotingClosed;
import nl.buurtroute.session.SessionEvent.ViewerTokenIssued;
import nl.buurtroute.session.SessionEvent.VotingOpened;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One workshop session as a fold over its events. Commands check the rules of the contract's Flow and
 * return the event that would record them, or throw {@link CommandRejected}; only {@link #apply} changes
 * state. The caller (the session's single owner) applies the event and stores it, so replaying the stored
 * events with {@link #reconstitute} gives back exactly the same session.
 *
 * <p>Not thread-safe by design: exactly one owner touches a session, on one thread at a time.
 */
public final class Session {
  public static final int MAX_NAME_LENGTH = 40;
  public static final int MIN_VOTING_SECONDS = 10;
  public static final int MAX_VOTING_SECONDS = 900;

  private final String sessionId;
  private final Content content;

  private String title;
  private String neighbourhood;
  private String joinCode;
  private String facilitatorTokenHash;
  private String reviewTokenHash;
  private Status status = Status.LOBBY;
  private String fase;
  private String vraagId;
  private Stage stage;
  private Result result;
  private Tally tally;
  private boolean tallyShown;
  private Long votingEndsAt;
  private final Remarks remarks = new Remarks();
  private final List<Step> route = new ArrayList<>();
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private final Map<String, Integer> activePerRol = new LinkedHashMap<>();
  private final Map<String, String> votes = new HashMap<>();
  /** Votes each participant cast while this vote is open (the first and every change), for the change limit. */
  private final Map<String, Integer> votesCast = new HashMap<>();
  private int activeParticipants;
  private boolean locked;
  private String joinSecret;
  /**
   * The viewer tokens a beamer may use, newest last. A new token is added, not swapped in: a second console
   * that asks for one must not shut out the beamer the first console opened, at its next reconnect.
   */
  private final ArrayDeque<String> viewerTokenHashes = new ArrayDeque<>();
  /** Enough for every screen of one evening; the oldest goes when a session asks for more. */
  public static final int VIEWER_TOKENS_KEPT = 5;

  private Session(String sessionId, Content content) {
    this.sessionId = sessionId;
    this.content = content;
    content.rollen().forEach(r -> activePerRol.put(r.id(), 0));
  }

  /** A new session; the caller stores the returned session's first event, {@link SessionCreated}. */
  public static Session create(String sessionId, Content content, SessionCreated created) {
    Session session = new Session(sessionId, content);
    session.apply(created);
    return session;
  }

  /** Rebuilds a session from its stored events, oldest first. */
  public static Session reconstitute(String sessionId, Content content, List<SessionEvent> events) {
    if (events.isEmpty() || !(events.get(0) instanceof SessionCreated)) {
      throw new IllegalArgumentException("session " + sessionId + " does not start with a created event");
    }
    Session session = new Session(sessionId, content);
    events.forEach(session::apply);
    return session;
  }

  // ---- commands: check, then return the event; never change state ----

  public ParticipantJoined join(String rawName, String rolId, String resumeTokenHash) {
    return join(rawName, rolId, resumeTokenHash, null);
  }

  /** {@code nowMillis}: the server's clock at the join, kept so facilitators can remove by join time. */
  public ParticipantJoined join(String rawName, String rolId, String resumeTokenHash, Long nowMillis) {
    requireNotFinished();
    if (locked) {
      throw new CommandRejected(ErrorCode.SESSION_LOCKED,
          "De begeleider heeft de sessie op slot gedaan. Vraag de begeleider om hulp.");
    }
    String name = rawName == null ? "" : rawName.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > MAX_NAME_LENGTH) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Vul een naam in van 1 tot " + MAX_NAME_LENGTH + " tekens.");
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Je naam mag geen onzichtbare tekens bevatten.");
    }
    if (rolId == null || content.rol(rolId).isEmpty()) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Kies een rol: " + rolNames() + ".");
    }
    return new ParticipantJoined("p" + (participants.size() + 1), name, rolId, resumeTokenHash, nowMillis);
  }

  public VoteCast vote(String participantId, String vraag, String antwoordId) {
    Participant participant = activeParticipant(participantId);
    requireNotFinished();
    if (stage != Stage.VOTING || vraag == null || !vraag.equals(vraagId)) {
      throw new CommandRejected(ErrorCode.VOTING_CLOSED, "Er kan nu niet gestemd worden op deze vraag.");
    }
    Antwoord antwoord = currentVraag().antwoord(antwoordId == null ? "" : antwoordId)
        .orElseThrow(() -> new CommandRejected(ErrorCode.BAD_REQUEST, "Dit antwoord hoort niet bij deze vraag."));
    if (!antwoord.allows(participant.rol())) {
      throw new CommandRejected(ErrorCode.ROL_NOT_ALLOWED,
          "Dit antwoord kan alleen gegeven worden als " + rolNames(antwoord.rollen()) + ".");
    }
    return new VoteCast(participantId, vraagId, antwoordId);
  }

  /**
   * A vote with the change limit: empty when the participant already holds this antwoord (nothing to store;
   * a phone may resend after a reconnect), {@code rate_limited} once they changed their vote
   * {@code maxChanges} times while this vote is open, else the event as {@link #vote}.
   */
  public Optional<VoteCast> voteWithin(String participantId, String vraag, String antwoordId, int maxChanges) {
    VoteCast vote = vote(participantId, vraag, antwoordId);
    if (antwoordId.equals(votes.get(participantId))) {
      return Optional.empty();
    }
    if (votesCast.getOrDefault(participantId, 0) > maxChanges) {
      throw new CommandRejected(ErrorCode.RATE_LIMITED,
          "Je hebt je stem al heel vaak gewisseld. Je laatste keuze blijft staan.");
    }
    return Optional.of(vote);
  }

  public SessionStarted start() {
    Fase first = content.fasen().get(0);
    return new SessionStarted(first.id(), first.eersteVraag());
  }

  public VotingOpened openVoting() {
    return openVoting(null, 0);
  }

  /**
   * Opens a vote; with {@code seconds} (10–900) the vote closes by itself at {@code nowMillis + seconds}, a
   * moment kept in the event, so any owner that rebuilds the session knows it.
   */
  public VotingOpened openVoting(Integer seconds, long nowMillis) {
    requireOnVraag();
    if (stage == Stage.VOTING) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "De stemming is al open.");
    }
    if (seconds != null && (seconds < MIN_VOTING_SECONDS || seconds > MAX_VOTING_SECONDS)) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST,
          "Kies een tijd van " + MIN_VOTING_SECONDS + " tot " + MAX_VOTING_SECONDS + " seconden, of geen tijd.");
    }
    return new VotingOpened(vraagId, seconds == null ? null : nowMillis + seconds * 1000L);
  }

  /** True when a timed vote is open and its moment has come: the owner then closes it as closeVoting would. */
  public boolean votingExpired(long nowMillis) {
    return stage == Stage.VOTING && votingEndsAt != null && nowMillis >= votingEndsAt;
  }

  public VotingClosed closeVoting() {
    requireOnVraag();
    if (stage != Stage.VOTING) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "Er is geen stemming open om te sluiten.");
    }
    return new VotingClosed(vraagId, tally.majority());
  }

  public ResultDecided decide(String antwoordId) {
    requireOnVraag();
    if (stage == Stage.VOTING) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "Sluit eerst de stemming, kies daarna een antwoord.");
    }
    currentVraag().antwoord(antwoordId == null ? "" : antwoordId)
        .orElseThrow(() -> new CommandRejected(ErrorCode.BAD_REQUEST, "Kies een antwoord dat bij deze vraag hoort."));
    return new ResultDecided(vraagId, antwoordId);
  }

  /** {@code next}: starts the session from the lobby, or takes the current result onto the route. */
  public SessionEvent next() {
    requireNotFinished();
    if (status == Status.LOBBY) {
      return start();
    }
    if (vraagId == null) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "Alle fasen zijn doorlopen. Rond de sessie af.");
    }
    if (result == null) {
      throw new CommandRejected(ErrorCode.DECISION_NEEDED, stage == Stage.VOTING
          ? "Sluit eerst de stemming en kies dan een antwoord."
          : "Er is nog geen antwoord gekozen. Laat stemmen of kies zelf een antwoord.");
    }
    Antwoord chosen = currentVraag().antwoord(result.antwoordId()).orElseThrow();
    if (chosen.volgende() != null) {
      return new Stepped(vraagId, chosen.id(), fase, chosen.volgende());
    }
    Optional<Fase> nextFase = content.faseAfter(fase);
    return new Stepped(vraagId, chosen.id(), nextFase.map(Fase::id).orElse(null),
        nextFase.map(Fase::eersteVraag).orElse(null));
  }

  public SteppedBack back() {
    requireNotFinished();
    if (status == Status.LOBBY || route.isEmpty()) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "Er is nog geen stap om naar terug te gaan.");
    }
    if (stage == Stage.VOTING) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "Sluit eerst de stemming voordat je teruggaat.");
    }
    return new SteppedBack(route.get(route.size() - 1).vraagId());
  }

  public SessionFinished finish() {
    requireNotFinished();
    return new SessionFinished();
  }

  /** Ends a session nobody used for a long time; the route stays as it stood. */
  public SessionFinished finishIdle() {
    requireNotFinished();
    return new SessionFinished(SessionFinished.IDLE);
  }

  public ParticipantRemoved remove(String participantId) {
    requireNotFinished();
    Participant participant = participantId == null ? null : participants.get(participantId);
    if (participant == null || participant.removed()) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Deze deelnemer is niet (meer) in de sessie.");
    }
    return new ParticipantRemoved(participantId);
  }

  public RoomLocked lock(boolean lock) {
    requireNotFinished();
    return new RoomLocked(lock);
  }

  public JoinCodeChanged newJoinCode(String code, String secret) {
    requireNotFinished();
    return new JoinCodeChanged(code, secret);
  }

  public ViewerTokenIssued newViewerToken(String tokenHash) {
    requireNotFinished();
    return new ViewerTokenIssued(tokenHash);
  }

  /**
   * The participants a bulk removal names: the given ids (each must be in the session) plus, with
   * {@code joinedAfter}, everyone still in the session who joined after that moment (milliseconds since
   * the epoch; participants whose join time was not recorded are never matched). Duplicates count once.
   */
  public List<ParticipantRemoved> removeMany(List<String> participantIds, Long joinedAfter) {
    requireNotFinished();
    Map<String, ParticipantRemoved> chosen = new LinkedHashMap<>();
    for (String id : participantIds == null ? List.<String>of() : participantIds) {
      chosen.putIfAbsent(id, remove(id));
    }
    if (joinedAfter != null) {
      participants.values().stream()
          .filter(p -> !p.removed())
          .filter(p -> p.joinedAt() != null && p.joinedAt() > joinedAfter)
          .forEach(p -> chosen.putIfAbsent(p.id(), new ParticipantRemoved(p.id())));
    }
    return List.copyOf(chosen.values());
  }

  public TallyShown showTally(boolean shown) {
    requireNotFinished();
    return new TallyShown(shown);
  }

  /** A participant's remark, only on the current vraag (in any stage), at most five per vraag. */
  public RemarkMade remark(String participantId, String vraag, String text) {
    activeParticipant(participantId);
    requireNotFinished();
    if (status != Status.RUNNING || vraagId == null || !vraagId.equals(vraag)) {
      throw new CommandRejected(ErrorCode.NOT_CURRENT_VRAAG,
          "Een toelichting kan alleen bij de vraag die nu aan de beurt is.");
    }
    return remarks.make(participantId, vraagId, text);
  }

  public RemarkShown showRemark(String remarkId) {
    requireNotFinished();
    Remark remark = remarks.visible(remarkId);
    if (!remark.vraagId().equals(vraagId)) {
      throw new CommandRejected(ErrorCode.NOT_CURRENT_VRAAG,
          "Deze toelichting hoort bij een andere vraag dan die nu aan de beurt is.");
    }
    return new RemarkShown(remarkId);
  }

  public RemarkWithdrawn withdrawRemark() {
    requireNotFinished();
    if (remarks.shown().isEmpty()) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "Er staat geen toelichting op het scherm.");
    }
    return new RemarkWithdrawn();
  }

  public RemarkHidden hideRemark(String remarkId) {
    requireNotFinished();
    return new RemarkHidden(remarks.visible(remarkId).remarkId());
  }

  // ---- the fold ----

  /** Changes the state by one event; the only method that does. */
  public void apply(SessionEvent event) {
    if (event instanceof SessionCreated e) {
      title = e.title();
      neighbourhood = e.neighbourhood();
      joinCode = e.joinCode();
      facilitatorTokenHash = e.facilitatorTokenHash();
      reviewTokenHash = e.reviewTokenHash();
    } else if (event instanceof ParticipantJoined e) {
      // The content's own rol text: one string for all who share a rol, not one per join message.
      String rol = content.rol(e.rol()).map(Rol::id).orElse(e.rol());
      participants.put(e.participantId(), new Participant(e.participantId(), e.name(), rol,
          TokenHash.ofStored(e.resumeTokenHash()), e.joinedAt(), false));
      activePerRol.merge(rol, 1, Integer::sum);
      activeParticipants++;
    } else if (event instanceof SessionStarted e) {
      status = Status.RUNNING;
      enterVraag(e.fase(), e.vraagId());
    } else if (event instanceof VotingOpened e) {
      stage = Stage.VOTING;
      votingEndsAt = e.endsAt();
      result = null;
      tallyShown = false;
      votes.clear();
      votesCast.clear();
      tally = new Tally(currentVraag(), content.rollen());
    } else if (event instanceof VoteCast e) {
      String rol = participants.get(e.participantId()).rol();
      votesCast.merge(e.participantId(), 1, Integer::sum);
      String previous = votes.put(e.participantId(), e.antwoordId());
      if (previous != null) {
        tally.remove(previous, rol);
      }
      tally.add(e.antwoordId(), rol);
    } else if (event instanceof VotingClosed e) {
      stage = Stage.RESULT;
      votingEndsAt = null;
      result = e.antwoordId() == null ? null : new Result(e.antwoordId(), DecidedBy.MAJORITY);
    } else if (event instanceof ResultDecided e) {
      stage = Stage.RESULT;
      result = new Result(e.antwoordId(), DecidedBy.FACILITATOR);
    } else if (event instanceof Stepped e) {
      route.add(new Step(fase, vraagId, result.antwoordId(), result.decidedBy(), tally.snapshot()));
      enterVraag(e.nextFase(), e.nextVraagId());
    } else if (event instanceof SteppedBack) {
      Step last = route.remove(route.size() - 1);
      fase = last.fase();
      vraagId = last.vraagId();
      stage = Stage.RESULT;
      result = new Result(last.antwoordId(), last.decidedBy());
      remarks.leaveVraag();
      votes.clear();
      votesCast.clear();
      tally = Tally.of(currentVraag(), content.rollen(), last.counts());
    } else if (event instanceof ParticipantRemoved e) {
      Participant participant = participants.get(e.participantId());
      participants.put(e.participantId(), participant.asRemoved());
      activePerRol.merge(participant.rol(), -1, Integer::sum);
      activeParticipants--;
      votesCast.remove(e.participantId());
      String vote = votes.remove(e.participantId());
      if (vote != null) {
        tally.remove(vote, participant.rol());
      }
    } else if (event instanceof RoomLocked e) {
      locked = e.locked();
    } else if (event instanceof JoinCodeChanged e) {
      joinCode = e.joinCode();
      joinSecret = e.joinSecret();
    } else if (event instanceof ViewerTokenIssued e) {
      viewerTokenHashes.addLast(e.viewerTokenHash());
      if (viewerTokenHashes.size() > VIEWER_TOKENS_KEPT) {
        viewerTokenHashes.removeFirst();
      }
    } else if (event instanceof TallyShown e) {
      tallyShown = e.shown();
    } else if (event instanceof RemarkMade e) {
      remarks.apply(e, participants.get(e.participantId()).rol());
    } else if (event instanceof RemarkShown || event instanceof RemarkWithdrawn || event instanceof RemarkHidden) {
      remarks.apply(event, null);
    } else if (event instanceof SessionFinished) {
      status = Status.FINISHED;
      votingEndsAt = null;
      remarks.leaveVraag();
      fase = null;
      vraagId = null;
      stage = null;
      result = null;
      votes.clear();
      votesCast.clear();
      tally = null;
    }
  }

  private void enterVraag(String faseId, String vraag) {
    fase = vraag == null ? null : faseId;
    vraagId = vraag;
    stage = vraag == null ? null : Stage.QUESTION;
    result = null;
    tallyShown = false;
    votingEndsAt = null;
    remarks.leaveVraag();
    votes.clear();
    votesCast.clear();
    tally = vraag == null ? null : new Tally(currentVraag(), content.rollen());
  }

  // ---- reading ----

  public String sessionId() { return sessionId; }
  public Content content() { return content; }
  public String title() { return title; }
  public String neighbourhood() { return neighbourhood; }
  public String joinCode() { return joinCode; }
  public String facilitatorTokenHash() { return facilitatorTokenHash; }
  public String reviewTokenHash() { return reviewTokenHash; }
  public Status status() { return status; }
  public String fase() { return fase; }
  public String vraagId() { return vraagId; }
  public Stage stage() { return stage; }
  public Result result() { return result; }
  public boolean tallyShown() { return tallyShown; }
  /** When the open vote closes by itself (epoch ms, server clock), or null. */
  public Long votingEndsAt() { return votingEndsAt; }
  /** The remark on the beamer, if any. */
  public Optional<Remark> shownRemark() { return remarks.shown(); }
  /** The remarks on a vraag that were not hidden, in the order they came. */
  public List<Remark> remarksOn(String vraag) { return remarks.visibleOn(vraag); }
  /** Every remark, hidden ones included (marked). */
  public List<Remark> remarks() { return remarks.all(); }
  public boolean locked() { return locked; }
  /** The secret of the join link, or null for a session created before links carried one. */
  public String joinSecret() { return joinSecret; }
  /** Null until a viewer token was issued (sessions created before viewers existed). */
  public List<String> viewerTokenHashes() { return List.copyOf(viewerTokenHashes); }

  /** When the participant joined (ms since the epoch), or null when that was not recorded. */
  public Long joinedAt(String participantId) {
    Participant participant = participants.get(participantId);
    return participant == null ? null : participant.joinedAt();
  }
  public List<Step> route() { return Collections.unmodifiableList(route); }
  public int activeParticipants() { return activeParticipants; }
  public Map<String, Integer> activePerRol() { return Collections.unmodifiableMap(activePerRol); }
  public Collection<Participant> participants() { return Collections.unmodifiableCollection(participants.values()); }

  public Optional<Participant> participant(String participantId) {
    return Optional.ofNullable(participants.get(participantId));
  }

  /** The participant's vote on the open or just closed vraag, if any. */
  public Optional<String> voteOf(String participantId) {
    return Optional.ofNullable(votes.get(participantId));
  }

  /** Counts of the current vraag (zeros before any vote), or empty when no vraag is current. */
  public Optional<Counts> counts() {
    return Optional.ofNullable(tally).map(Tally::snapshot);
  }

  public int voters() {
    return tally == null ? 0 : tally.voters();
  }

  public int votersOfRol(String rolId) {
    return tally == null ? 0 : tally.votersOfRol(rolId);
  }

  public Vraag currentVraag() {
    return content.vraag(vraagId).orElseThrow(() -> new IllegalStateException("no vraag " + vraagId));
  }

  // ---- helpers ----

  private Participant activeParticipant(String participantId) {
    Participant participant = participants.get(participantId);
    if (participant == null || participant.removed()) {
      throw new CommandRejected(ErrorCode.REMOVED, "Je doet niet meer mee aan deze sessie.");
    }
    return participant;
  }

  private void requireNotFinished() {
    if (status == Status.FINISHED) {
      throw new CommandRejected(ErrorCode.SESSION_FINISHED, "Deze sessie is afgerond.");
    }
  }

  private void requireOnVraag() {
    requireNotFinished();
    if (status == Status.LOBBY) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "De sessie is nog niet begonnen. Start eerst met 'Volgende'.");
    }
    if (vraagId == null) {
      throw new CommandRejected(ErrorCode.WRONG_STAGE, "Alle fasen zijn doorlopen. Rond de sessie af.");
    }
  }

  private String rolNames() {
    return rolNames(content.rollen().stream().map(Rol::id).toList());
  }

  private String rolNames(List<String> rolIds) {
    List<String> names = rolIds.stream()
        .map(id -> content.rol(id).map(r -> r.naam().toLowerCase()).orElse(id)).toList();
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " of " + names.get(names.size() - 1);
  }
}
