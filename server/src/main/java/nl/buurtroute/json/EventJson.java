package nl.buurtroute.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import nl.buurtroute.session.SessionEvent;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns session events into the (type, json) pair the store keeps, and back. The type is a stable short
 * name written here once, never the Java class name, so renaming a class never breaks stored sessions.
 */
public final class EventJson {
  private static final Map<String, Class<? extends SessionEvent>> BY_TYPE = Map.ofEntries(
      Map.entry("created", SessionEvent.SessionCreated.class),
      Map.entry("joined", SessionEvent.ParticipantJoined.class),
      Map.entry("started", SessionEvent.SessionStarted.class),
      Map.entry("votingOpened", SessionEvent.VotingOpened.class),
      Map.entry("voteCast", SessionEvent.VoteCast.class),
      Map.entry("votingClosed", SessionEvent.VotingClosed.class),
      Map.entry("decided", SessionEvent.ResultDecided.class),
      Map.entry("stepped", SessionEvent.Stepped.class),
      Map.entry("steppedBack", SessionEvent.SteppedBack.class),
      Map.entry("removed", SessionEvent.ParticipantRemoved.class),
      Map.entry("tallyShown", SessionEvent.TallyShown.class),
      Map.entry("finished", SessionEvent.SessionFinished.class),
      Map.entry("remarked", SessionEvent.RemarkMade.class),
      Map.entry("remarkShown", SessionEvent.RemarkShown.class),
      Map.entry("remarkWithdrawn", SessionEvent.RemarkWithdrawn.class),
      Map.entry("remarkHidden", SessionEvent.RemarkHidden.class),
      Map.entry("roomLocked", SessionEvent.RoomLocked.class),
      Map.entry("joinCodeChanged", SessionEvent.JoinCodeChanged.class),
      Map.entry("viewerTokenIssued", SessionEvent.ViewerTokenIssued.class),
      Map.entry("ownerChanged", SessionEvent.OwnerChanged.class));

  private static final Map<Class<? extends SessionEvent>, String> BY_CLASS = BY_TYPE.entrySet().stream()
      .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

  private EventJson() {
  }

  public static String typeOf(SessionEvent event) {
    return BY_CLASS.get(event.getClass());
  }

  public static String toJson(SessionEvent event) {
    return Json.write(event);
  }

  public static SessionEvent fromJson(String type, String json) {
    Class<? extends SessionEvent> cls = BY_TYPE.get(type);
    if (cls == null) {
      throw new IllegalArgumentException("unknown event type " + type);
    }
    try {
      return Json.MAPPER.readValue(json, cls);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable " + type + " event: " + e.getOriginalMessage(), e);
    }
  }
}
