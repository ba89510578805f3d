package nl.buurtroute.session;

/**
 * Everything that ever changes a session, in the past tense. The live state is a fold over these
 * (see {@link Session#apply}); the store keeps them in order, each under a stable short name (see
 * {@code EventJson}), so a restart rebuilds every session and a route can be replayed weeks later.
 */
public sealed interface SessionEvent {

  record SessionCreated(String title, String neighbourhood, String joinCode,
                        String facilitatorTokenHash, String reviewTokenHash) implements SessionEvent {
  }

  /**
   * {@code joinedAt}: milliseconds since the epoch on the server's clock, so a facilitator can remove
   * everyone who came in after a moment; null in events stored before it was recorded.
   */
  record ParticipantJoined(String participantId, String name, String rol, String resumeTokenHash, Long joinedAt)
      implements SessionEvent {
    public ParticipantJoined(String participantId, String name, String rol, String resumeTokenHash) {
      this(participantId, name, rol, resumeTokenHash, null);
    }
  }

  record SessionStarted(String fase, String vraagId) implements SessionEvent {
  }

  /** {@code endsAt}: when the server closes the vote by itself (epoch ms, server clock), or null: no clock. */
  record VotingOpened(String vraagId, Long endsAt) implements SessionEvent {
  }

  record VoteCast(String participantId, String vraagId, String antwoordId) implements SessionEvent {
  }

  /** {@code antwoordId} is the majority, or null on a tie or without votes. */
  record VotingClosed(String vraagId, String antwoordId) implements SessionEvent {
  }

  record ResultDecided(String vraagId, String antwoordId) implements SessionEvent {
  }

  /** The current vraag's result went onto the route; {@code nextVraagId} null means the last fase ended. */
  record Stepped(String vraagId, String antwoordId, String nextFase, String nextVraagId) implements SessionEvent {
  }

  record SteppedBack(String vraagId) implements SessionEvent {
  }

  record ParticipantRemoved(String participantId) implements SessionEvent {
  }

  /** Whether the facilitator shows the running tally on the beamer. */
  record TallyShown(boolean shown) implements SessionEvent {
  }

  /**
   * The session ended. {@code reason} is null when the facilitator finished it (and in events stored before
   * reasons were recorded), {@link #IDLE} when it ended by itself after a long time without activity.
   */
  record SessionFinished(String reason) implements SessionEvent {
    public static final String IDLE = "idle";

    /** Finished by the facilitator. */
    public SessionFinished() {
      this(null);
    }

    public boolean idle() {
      return IDLE.equals(reason);
    }
  }

  /** A participant's remark on the current vraag; {@code text} as kept (trimmed, on one line). */
  record RemarkMade(String remarkId, String participantId, String vraagId, String text) implements SessionEvent {
  }

  /** The facilitator put this remark on the beamer. */
  record RemarkShown(String remarkId) implements SessionEvent {
  }

  /** The facilitator took the shown remark off the beamer; it stays in the route. */
  record RemarkWithdrawn() implements SessionEvent {
  }

  /** The facilitator hid the remark for good: off the beamer, out of the route and every export. */
  record RemarkHidden(String remarkId) implements SessionEvent {
  }

  /** Room control: while locked, nobody new joins (resume still works). */
  record RoomLocked(boolean locked) implements SessionEvent {
  }

  /**
   * The session's join code and the join secret of its link ({@code /j/CODE#SECRET}); the old code and
   * secret stop at once. Also recorded right after {@link SessionCreated} to give a new session its secret.
   * The secret is kept as it is (not hashed) because the console and beamer must show it again in the QR
   * code after a reload; it admits a join, exactly as the code does, and nothing more.
   */
  record JoinCodeChanged(String joinCode, String joinSecret) implements SessionEvent {
  }

  /** The hash of the token a beamer (viewer) uses; a new one replaces the old. */
  record ViewerTokenIssued(String viewerTokenHash) implements SessionEvent {
  }

  /**
   * Not a change of the workshop: another server took the session over (a cluster, issue 12). Its place in the
   * sequence fences the previous owner off, whose next write now conflicts. The fold ignores it.
   */
  record OwnerChanged(String ownerNode, long epoch, String reason) implements SessionEvent {
  }
}
