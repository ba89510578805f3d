package nl.buurtroute.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who is connected right now. Presence is not an event: it lives only in the owner's memory and starts
 * empty after a restart, until phones resume. The owner counts a participant in only once their join is
 * durable, so a count never shows someone the store does not know.
 */
final class PresenceBook {
  private record Online(String rol, int connections) {
  }

  private final Map<String, Online> byParticipant = new HashMap<>();
  private final Map<String, Integer> onlinePerRol = new HashMap<>();

  void connected(String participantId, String rol) {
    Online before = byParticipant.get(participantId);
    byParticipant.put(participantId, new Online(rol, before == null ? 1 : before.connections() + 1));
    if (before == null) {
      onlinePerRol.merge(rol, 1, Integer::sum);
    }
  }

  /**
   * A hub reports this participant connected (a roll call after the session moved to this server): online
   * once, however often it is reported, so a report that crosses a resume counts no connection twice.
   */
  void reported(String participantId, String rol) {
    if (!byParticipant.containsKey(participantId)) {
      byParticipant.put(participantId, new Online(rol, 1));
      onlinePerRol.merge(rol, 1, Integer::sum);
    }
  }

  void disconnected(String participantId) {
    Online before = byParticipant.get(participantId);
    if (before == null) {
      return;
    }
    if (before.connections() > 1) {
      byParticipant.put(participantId, new Online(before.rol(), before.connections() - 1));
    } else {
      forget(participantId);
    }
  }

  /** A removed participant is gone at once, however many connections the hub still has to close. */
  void forget(String participantId) {
    Online gone = byParticipant.remove(participantId);
    if (gone != null) {
      onlinePerRol.merge(gone.rol(), -1, Integer::sum);
    }
  }

  /** After a reload: whoever the store does not know (a join whose write failed) is not here. */
  void retainOnly(Set<String> participantIds) {
    Set.copyOf(byParticipant.keySet()).stream().filter(id -> !participantIds.contains(id)).forEach(this::forget);
  }

  boolean isOnline(String participantId) {
    return byParticipant.containsKey(participantId);
  }

  int onlineOfRol(String rol) {
    return onlinePerRol.getOrDefault(rol, 0);
  }

  int online() {
    return byParticipant.size();
  }
}
