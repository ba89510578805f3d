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
    @JsonSubTypes.Type(value = ClientMessage.HideRemark.class, name = "hideRemark")})
sealed interface ClientMessage {
  int MAX_FIELD_LENGTH = 200;

  /** The first message of a connection: it says who the connection speaks for. */
  sealed interface Greeting extends ClientMessage {
  }

  /** Sent by a welcomed participant. */
  sealed interface ParticipantCommand extends ClientMessage {
  }

  /** Sent by a welcomed facilitator; the owner trusts it because only a facilitator connection forwards it. */
  sealed interface FacilitatorCommand extends ClientMessage {
  }

  /** {@code joinKey}: optional, at least 128 random bits in base64url chosen by the client, see PROTOCOL.md. */
  record Join(String joinCode, String name, String rol, String joinKey) implements Greeting {
    public Join {
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

  record Resume(String resumeToken) implements Greeting {
    public Resume {
      text("resumeToken", resumeToken);
    }
  }

  record Facilitate(String sessionId, String facilitatorToken) implements Greeting {
    public Facilitate {
      text("sessionId", sessionId);
      text("facilitatorToken", facilitatorToken);
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

  record Remove(String participantId) implements FacilitatorCommand {
    public Remove {
      text("participantId", participantId);
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

  private static void text(String field, String value) {
    if (value == null) {
      throw ClientMessages.notText(field);
    }
    if (value.length() > MAX_FIELD_LENGTH) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Het veld \"" + field + "\" is te lang.");
    }
  }

  private static boolean base64url(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
  }
}
