package nl.buurtroute.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import io.vertx.core.Completable;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Vert.x's Hazelcast cluster manager, with a lost member taken out of the event bus's routing at once.
 *
 * <p>When Hazelcast removes a member, the stock manager first deletes that member's event-bus subscriptions from
 * the cluster's map one by one, then republishes this member's own, and only then tells anyone. With a thousand
 * sessions on the lost member that took 20 s, and all the while the event bus kept choosing the lost member for
 * a share of the messages to every session that had moved: each such request waited out its full timeout.
 * Here the registrations handed to the event bus leave out members that Hazelcast no longer lists, the event
 * bus gets the lists it routes by without the lost member the moment it goes, and {@link Membership} hears of
 * it then too, before the clean-up.
 */
final class PromptHazelcastClusterManager extends HazelcastClusterManager {
  /** Told when a member joins or leaves, on a Hazelcast thread. */
  interface MemberListener {
    void changed(String nodeId, boolean left);
  }

  private final List<MemberListener> memberListeners = new CopyOnWriteArrayList<>();
  private volatile RegistrationListener eventBus;
  /**
   * The registrations last handed to the event bus, per address it routes to, as the cluster's map had them:
   * where a lost member appears, the event bus gets the list without it at once.
   */
  private final ConcurrentMap<String, List<RegistrationInfo>> handedOut = new ConcurrentHashMap<>();

  PromptHazelcastClusterManager(Config config) {
    super(config);
  }

  void onMembersChanged(MemberListener listener) {
    memberListeners.add(listener);
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    eventBus = listener;
    super.registrationListener(new RegistrationListener() {
      @Override
      public void registrationsUpdated(RegistrationUpdateEvent event) {
        remember(event.address(), event.registrations());
        listener.registrationsUpdated(new RegistrationUpdateEvent(event.address(), living(event.registrations())));
      }

      @Override
      public void registrationsLost() {
        listener.registrationsLost();
      }

      @Override
      public boolean wantsUpdatesFor(String address) {
        return listener.wantsUpdatesFor(address);
      }
    });
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    super.getRegistrations(address, (registrations, failure) -> {
      if (failure == null) {
        remember(address, registrations);
      }
      promise.complete(failure == null ? living(registrations) : null, failure);
    });
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    // Before the stock clean-up, which holds this Hazelcast thread for as long as it takes. Hazelcast's member
    // list no longer has the lost member here, so living() leaves it out.
    String nodeId = nodeIdOf(event);
    RegistrationListener listener = eventBus;
    if (nodeId != null && listener != null) {
      handedOut.forEach((address, registrations) -> {
        if (registrations.stream().anyMatch(r -> r.nodeId().equals(nodeId)) && listener.wantsUpdatesFor(address)) {
          listener.registrationsUpdated(new RegistrationUpdateEvent(address, living(registrations)));
        }
      });
    }
    if (nodeId != null) {
      memberListeners.forEach(l -> l.changed(nodeId, true));
    }
    super.memberRemoved(event);
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    super.memberAdded(event);
    String nodeId = nodeIdOf(event);
    if (nodeId != null) {
      memberListeners.forEach(l -> l.changed(nodeId, false));
    }
  }

  private void remember(String address, List<RegistrationInfo> registrations) {
    if (registrations == null || registrations.isEmpty()) {
      handedOut.remove(address);
    } else {
      handedOut.put(address, List.copyOf(registrations));
    }
  }

  /** The registrations of members Hazelcast still lists; this member's own always count. */
  private List<RegistrationInfo> living(List<RegistrationInfo> registrations) {
    if (registrations == null || registrations.isEmpty()) {
      return registrations;
    }
    Set<String> members = new HashSet<>(getNodes());
    if (registrations.stream().allMatch(r -> members.contains(r.nodeId()))) {
      return registrations;
    }
    String me = getNodeId();
    return registrations.stream().filter(r -> members.contains(r.nodeId()) || r.nodeId().equals(me)).toList();
  }

  private static String nodeIdOf(MembershipEvent event) {
    return event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
  }

  /** The member attribute the stock manager stores its Vert.x node id in. */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
}
