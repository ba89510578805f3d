package nl.buurtroute.live;

import java.util.HashMap;
import java.util.Map;

/**
 * Who is connected right now. Presence is not an event: it lives only in the owner's memory and starts
 * empty after a restart, until phones resume.
 */
final class PresenceBook {
  private final Map<String, Integer> connectionsPerParticipant = new HashMap<>();
  private final Map<String, Integer> onlinePerRol = new HashMap<>();
  private int online;

  void connected(String participantId, String rol) {
    if (connectionsPerParticipant.merge(participantId, 1, Integer::sum) == 1) {
      onlinePerRol.merge(rol, 1, Integer::sum);
      online++;
    }
  }

  /**
   * A hub reports this participant connected (a roll call after the session moved to this server): online
   * once, however often it is reported, so a report that crosses a resume counts no connection twice.
   */
  void reported(String participantId, String rol) {
    if (connectionsPerParticipant.putIfAbsent(participantId, 1) == null) {
      onlinePerRol.merge(rol, 1, Integer::sum);
      online++;
    }
  }

  void disconnected(String participantId, String rol) {
    Integer left = connectionsPerParticipant.computeIfPresent(participantId, (id, n) -> n - 1);
    if (left != null && left == 0) {
      connectionsPerParticipant.remove(participantId);
      onlinePerRol.merge(rol, -1, Integer::sum);
      online--;
    }
  }

  /** A removed participant is gone at once, however many connections the hub still has to close. */
  void forget(String participantId, String rol) {
    if (connectionsPerParticipant.remove(participantId) != null) {
      onlinePerRol.merge(rol, -1, Integer::sum);
      online--;
    }
  }

  boolean isOnline(String participantId) {
    return connectionsPerParticipant.containsKey(participantId);
  }

  int onlineOfRol(String rol) {
    return onlinePerRol.getOrDefault(rol, 0);
  }

  int online() {
    return online;
  }
}
