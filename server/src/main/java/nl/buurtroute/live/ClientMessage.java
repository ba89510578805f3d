package nl.buurtroute.live;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;

/**
 * What a client may send over the WebSocket: one record per message type, read by Jackson from its
 * {@code "type"} (see {@link ClientMessages#parse}). The same record travels over the event bus to the
 * session owner inside a {@link Bus.Command}. Each record checks its own fields in its constructor, so a
 * record that exists is valid, whether it came from a socket or from another JVM.
 *
 * <p>Adding a field: add it to the record (and its check), use it in the owner's handler, the engine and
 * its event, and document it in PROTOCOL.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.Join.class, name = "join"),
    @JsonSubTypes.Type(value = ClientMessage.Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = ClientMessage.Facilitate.class, name = "facilitate"),
    @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientMessage.Vote.class, name = "vote"),
    @JsonSubTypes.Type(value = ClientMessage.OpenVoting.class, name = "openVoting"),
    @JsonSubTypes.Type(value = ClientMessage.CloseVoting.class, name = "closeVoting"),
    @JsonSubTypes.Type(value = ClientMessage.Decide.class, name = "decide"),
    @JsonSubTypes.Type(value = ClientMessage.Next.class, name = "next"),
    @JsonSubTypes.Type(value = ClientMessage.Back.class, name = "back"),
    @JsonSubTypes.Type(value = ClientMessage.Finish.class, name = "finish"),
    @JsonSubTypes.Type(value = ClientMessage.Remove.class, name = "remove"),
    @JsonSubTypes.Type(value = ClientMessage.ShowTally.class, name = "showTally"),
    @JsonSubTypes.Type(value = ClientMessage.Remark.class, name = "remark"),
    @JsonSubTypes.Type(value = ClientMessage.ShowRemark.class, name = "showRemark"),
    @JsonSubTypes.Type(value = ClientMessage.WithdrawRemark.class, name = "withdrawRemark"),
    @JsonSubTypes.Type(value = ClientMessage.HideRemark.class, name = "hideRemark"),
    @JsonSubTypes.Type(value = ClientMessage.View.class, name = "view"),
    @JsonSubTypes.Type(value = RoomControl.Lock.class, name = "lock"),
    @JsonSubTypes.Type(value = RoomControl.Unlock.class, name = "unlock"),
    @JsonSubTypes.Type(value = RoomControl.NewJoinCode.class, name = "newJoinCode"),
    @JsonSubTypes.Type(value = RoomControl.NewViewerToken.class, name = "newViewerToken"),
    @JsonSubTypes.Type(value = RoomControl.People.class, name = "people")})
sealed interface ClientMessage {
  int MAX_FIELD_LENGTH = 200;

  /** The first message of a connection: it says who the connection speaks for. */
  sealed interface Greeting extends ClientMessage {
    /**
     * Whether this phone asked for the compact state (PROTOCOL.md, "Compact state for phones"): route deltas and
     * only what a phone shows, instead of the contract's whole state after every change.
     */
    default boolean wantsCompactState() {
      return false;
    }
  }

  /** Sent by a welcomed participant. */
  sealed interface ParticipantCommand extends ClientMessage {
  }

  /** Sent by a welcomed facilitator; the owner trusts it because only a facilitator connection forwards it. */
  non-sealed interface FacilitatorCommand extends ClientMessage {
  }

  /** {@code joinKey}: optional, at least 128 random bits in base64url chosen by the client, see PROTOCOL.md. */
  /**
   * {@code joinSecret}: optional, the secret from the join link's fragment; a join that carries it is
   * admitted on the secret alone (see PROTOCOL.md, "Join link secret"). {@code compactState}: optional; true
   * asks for the compact state with route deltas (PROTOCOL.md, "Compact state for phones").
   */
  record Join(String joinCode, String name, String rol, String joinKey, String joinSecret, Boolean compactState)
      implements Greeting {
    public Join(String joinCode, String name, String rol, String joinKey) {
      this(joinCode, name, rol, joinKey, null, null);
    }

    public Join(String joinCode, String name, String rol, String joinKey, String joinSecret) {
      this(joinCode, name, rol, joinKey, joinSecret, null);
    }

    @Override
    public boolean wantsCompactState() {
      return Boolean.TRUE.equals(compactState);
    }

    public Join {
      if (joinSecret != null) {
        text("joinSecret", joinSecret);
        if (joinSecret.length() < 22 || joinSecret.length() > 64 || !joinSecret.chars().allMatch(ClientMessage::base64url)) {
          throw new CommandRejected(ErrorCode.BAD_REQUEST,
              "Het veld \"joinSecret\" moet 22 tot 64 tekens zijn: letters, cijfers, - of _.");
        }
      }
      text("joinCode", joinCode);
      text("name", name);
      text("rol", rol);
      if (joinKey != null) {
        text("joinKey", joinKey);
        if (joinKey.length() < 22 || joinKey.length() > 64 || !joinKey.chars().allMatch(ClientMessage::base64url)) {
          throw new CommandRejected(ErrorCode.BAD_REQUEST,
              "Het veld \"joinKey\" moet 22 tot 64 tekens zijn: letters, cijfers, - of _.");
        }
      }
    }
  }

  /** {@code compactState}: optional, as in {@link Join}. */
  record Resume(String resumeToken, Boolean compactState) implements Greeting {
    public Resume {
      text("resumeToken", resumeToken);
    }

    public Resume(String resumeToken) {
      this(resumeToken, null);
    }

    @Override
    public boolean wantsCompactState() {
      return Boolean.TRUE.equals(compactState);
    }
  }

  record Facilitate(String sessionId, String facilitatorToken) implements Greeting {
    public Facilitate {
      text("sessionId", sessionId);
      text("facilitatorToken", facilitatorToken);
    }
  }

  /** A beamer or second screen: sees what the room sees, changes nothing. */
  record View(String sessionId, String viewerToken) implements Greeting {
    public View {
      text("sessionId", sessionId);
      text("viewerToken", viewerToken);
    }
  }

  /** Browsers cannot see WebSocket pings, so pages send this to learn that the line is alive. */
  record Ping() implements ClientMessage {
  }

  record Vote(String vraagId, String antwoordId) implements ParticipantCommand {
    public Vote {
      text("vraagId", vraagId);
      text("antwoordId", antwoordId);
    }
  }

  /** {@code seconds}: optional, 10–900; the vote then closes by itself (see PROTOCOL.md, timed votes). */
  record OpenVoting(Integer seconds) implements FacilitatorCommand {
    public OpenVoting {
      if (seconds != null && (seconds < 10 || seconds > 900)) {
        throw new CommandRejected(ErrorCode.BAD_REQUEST,
            "Het veld \"seconds\" moet een heel getal van 10 tot 900 zijn, of weggelaten.");
      }
    }
  }

  record CloseVoting() implements FacilitatorCommand {
  }

  record Decide(String antwoordId) implements FacilitatorCommand {
    public Decide {
      text("antwoordId", antwoordId);
    }
  }

  record Next() implements FacilitatorCommand {
  }

  record Back() implements FacilitatorCommand {
  }

  record Finish() implements FacilitatorCommand {
  }

  /**
   * One participant ({@code participantId}, as in the contract), several ({@code participantIds}, at most
   * {@link #MAX_REMOVE_IDS}) and/or everyone who joined after {@code joinedAfter} (ms since the epoch).
   */
  record Remove(String participantId, java.util.List<String> participantIds, Long joinedAfter)
      implements FacilitatorCommand {
    public static final int MAX_REMOVE_IDS = 10_000;

    public Remove {
      if (participantId == null && participantIds == null && joinedAfter == null) {
        throw ClientMessages.notText("participantId");
      }
      if (participantId != null) {
        text("participantId", participantId);
      }
      if (participantIds != null) {
        if (participantIds.size() > MAX_REMOVE_IDS) {
          throw new CommandRejected(ErrorCode.BAD_REQUEST, "Haal hoogstens " + MAX_REMOVE_IDS + " mensen tegelijk weg.");
        }
        participantIds.forEach(id -> text("participantIds", id));
        participantIds = java.util.List.copyOf(participantIds);
      }
      if (joinedAfter != null && joinedAfter < 0) {
        throw new CommandRejected(ErrorCode.BAD_REQUEST, "\"joinedAfter\" moet een tijdstip zijn (ms sinds 1970).");
      }
    }

    public Remove(String participantId) {
      this(participantId, null, null);
    }

    /** Every id this message names, the single one first. */
    java.util.List<String> ids() {
      java.util.List<String> all = new java.util.ArrayList<>();
      if (participantId != null) {
        all.add(participantId);
      }
      if (participantIds != null) {
        all.addAll(participantIds);
      }
      return all;
    }
  }

  /** {@code show} is a Boolean so that a missing one is told apart from false (and refused). */
  record ShowTally(Boolean show) implements FacilitatorCommand {
    public ShowTally {
      if (show == null) {
        throw ClientMessages.notBoolean("show");
      }
    }
  }

  /** A remark's text may be longer than other fields; the engine checks its 280 characters after trimming. */
  record Remark(String vraagId, String text) implements ParticipantCommand {
    static final int MAX_RAW_LENGTH = 2000;

    public Remark {
      ClientMessage.text("vraagId", vraagId);
      if (text == null) {
        throw ClientMessages.notText("text");
      }
      if (text.length() > MAX_RAW_LENGTH) {
        throw new CommandRejected(ErrorCode.REMARK_TOO_LONG, "Je toelichting is te lang: het mogen 280 tekens zijn.");
      }
    }
  }

  record ShowRemark(String remarkId) implements FacilitatorCommand {
    public ShowRemark {
      text("remarkId", remarkId);
    }
  }

  /** Takes the shown remark off the beamer; it stays in the route. */
  record WithdrawRemark() implements FacilitatorCommand {
  }

  record HideRemark(String remarkId) implements FacilitatorCommand {
    public HideRemark {
      text("remarkId", remarkId);
    }
  }

  static void text(String field, String value) {
    if (value == null) {
      throw ClientMessages.notText(field);
    }
    if (value.length() > MAX_FIELD_LENGTH) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" is te lang.");
    }
  }

  static boolean base64url(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
  }
}
