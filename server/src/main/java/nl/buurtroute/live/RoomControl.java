package nl.buurtroute.live;

import nl.buurtroute.session.CommandRejected;
import nl.buurtroute.session.ErrorCode;

/**
 * The facilitator's room control messages (contract, "Room control"): who may come in, under which code,
 * and the people list page by page. Kept apart from {@link ClientMessage} so the room's controls read as
 * one thing; they are facilitator commands like any other and reach the owner the same way.
 */
final class RoomControl {
  /** A page of the people list holds at most this many participants. */
  static final int MAX_PAGE = 500;

  private RoomControl() {
  }

  record Lock() implements ClientMessage.FacilitatorCommand {
  }

  record Unlock() implements ClientMessage.FacilitatorCommand {
  }

  record NewJoinCode() implements ClientMessage.FacilitatorCommand {
  }

  /** For sessions created before viewers: gives the console a viewer token (a new one replaces the old). */
  record NewViewerToken() implements ClientMessage.FacilitatorCommand {
  }

  /**
   * A page of the people list, newest joins first: {@code offset} (default 0), {@code limit} (default 100,
   * at most {@link #MAX_PAGE}), {@code search} (part of a name, any case), {@code joinedAfter} (ms since
   * the epoch). Answered with {@code {"type":"people",…}} to the asking connection only.
   */
  record People(Integer offset, Integer limit, String search, Long joinedAfter)
      implements ClientMessage.FacilitatorCommand {
    People {
      if (offset != null && offset < 0) {
        throw new CommandRejected(ErrorCode.BAD_REQUEST, "\"offset\" mag niet negatief zijn.");
      }
      if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
        throw new CommandRejected(ErrorCode.BAD_REQUEST, "\"limit\" moet tussen 1 en " + MAX_PAGE + " liggen.");
      }
      if (search != null) {
        ClientMessage.text("search", search);
      }
    }

    int offsetOrDefault() {
      return offset == null ? 0 : offset;
    }

    int limitOrDefault() {
      return limit == null ? 100 : limit;
    }
  }
}
