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
  /** Everyone online, with their rol; one entry per participant however many sockets they have. */
  private final Map<String, String> rolOfOnline = new HashMap<>();
  /**
   * Sockets beyond the first, only for the few with more than one (a phone whose old socket has not closed yet):
   * a count per participant for everyone would cost an object per participant for the rare case.
   */
  private final Map<String, Integer> extraConnections = new HashMap<>();
  private final Map<String, Integer> onlinePerRol = new HashMap<>();
  /**
   * While a census runs (see {@link #startCensus}): the book counted anew, which gets every change this one
   * gets; null otherwise.
   */
  private PresenceBook census;

  void connected(String participantId, String rol) {
    if (census != null) {
      census.connected(participantId, rol);
    }
    String before = rolOfOnline.putIfAbsent(participantId, rol);
    if (before == null) {
      onlinePerRol.merge(rol, 1, Integer::sum);
    } else {
      extraConnections.merge(participantId, 1, Integer::sum);
    }
  }

  /**
   * A hub reports this participant connected (a roll call after the session moved to this server): online
   * once, however often it is reported, so a report that crosses a resume counts no connection twice.
   */
  void reported(String participantId, String rol) {
    if (census != null) {
      census.reported(participantId, rol);
    }
    if (rolOfOnline.putIfAbsent(participantId, rol) == null) {
      onlinePerRol.merge(rol, 1, Integer::sum);
    }
  }

  void disconnected(String participantId) {
    if (census != null) {
      census.disconnected(participantId);
    }
    if (!rolOfOnline.containsKey(participantId)) {
      return;
    }
    Integer extra = extraConnections.get(participantId);
    if (extra == null) {
      forget(participantId);
    } else if (extra > 1) {
      extraConnections.put(participantId, extra - 1);
    } else {
      extraConnections.remove(participantId);
    }
  }

  /** A removed participant is gone at once, however many connections the hub still has to close. */
  void forget(String participantId) {
    if (census != null) {
      census.forget(participantId);
    }
    String rol = rolOfOnline.remove(participantId);
    extraConnections.remove(participantId);
    if (rol != null) {
      onlinePerRol.merge(rol, -1, Integer::sum);
    }
  }

  /**
   * Starts counting anew (again, if a census runs): from now on a second, empty book gets every change, and
   * {@link #endCensus} makes it this one. The owner does this when a member that held sockets is lost, with a
   * roll call whose answers fill the new book (see SessionOwnerVerticle#onMemberLeft).
   */
  void startCensus() {
    census = new PresenceBook();
  }

  /** This book becomes what the census counted; nothing when no census runs. */
  void endCensus() {
    if (census == null) {
      return;
    }
    rolOfOnline.clear();
    rolOfOnline.putAll(census.rolOfOnline);
    extraConnections.clear();
    extraConnections.putAll(census.extraConnections);
    onlinePerRol.clear();
    onlinePerRol.putAll(census.onlinePerRol);
    census = null;
  }

  /** After a reload: whoever the store does not know (a join whose write failed) is not here. */
  void retainOnly(Set<String> participantIds) {
    Set.copyOf(rolOfOnline.keySet()).stream().filter(id -> !participantIds.contains(id)).forEach(this::forget);
    if (census != null) {
      census.retainOnly(participantIds);
    }
  }

  boolean isOnline(String participantId) {
    return rolOfOnline.containsKey(participantId);
  }

  int onlineOfRol(String rol) {
    return onlinePerRol.getOrDefault(rol, 0);
  }

  int online() {
    return rolOfOnline.size();
  }
}
