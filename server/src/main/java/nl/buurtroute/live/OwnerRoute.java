package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import nl.buurtroute.store.Store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a connection's messages reach their session's owner. A server alone sends to the owner's own address. On
 * a cluster the owners' addresses are local to their member: a message goes to the desk of the member that owns
 * the session ({@link OwnerDesk}), found in the store and remembered. Per-session addresses in the cluster's
 * subscription map made every created or moved session cost three writes to it, and a member that took over a
 * thousand sessions waited on those writes for longer than a takeover may take.
 *
 * <p>What this server remembers can be out of date (the session moved); the desk then answers that the owner is
 * not there, and the session is looked up again and the message sent once more: a message that found no owner
 * was handled by none, so sending it again does it once.
 */
public final class OwnerRoute {
  /** Beyond this many remembered sessions the memory starts afresh: a lookup is cheap, a leak is not. */
  private static final int REMEMBERED = 50_000;

  /**
   * Where an owner-bound message goes: the owner's own address, and what finds its member: the session id, or,
   * for a join, the code (a join link's secret finds its owner on the member that the link's code names).
   */
  record Target(String address, String sessionId, String joinCode) {
    static Target session(String sessionId) {
      return new Target(Bus.session(sessionId), sessionId, null);
    }

    static Target join(String joinCode) {
      return new Target(Bus.join(joinCode), null, joinCode);
    }

    static Target joinBySecret(String joinCode, String joinSecret) {
      return new Target(Bus.joinBySecret(joinSecret), null, joinCode);
    }
  }

  private final Vertx vertx;
  /** Null on a server alone. */
  private final Store store;
  /** This member, which hubs name when they tell an owner they listen; null on a server alone. */
  private final String nodeId;
  /** Session id, or "code:" + join code → the member that owns it, as last looked up. */
  private final Map<String, String> members = new ConcurrentHashMap<>();

  private OwnerRoute(Vertx vertx, Store store, String nodeId) {
    this.vertx = vertx;
    this.store = store;
    this.nodeId = nodeId;
  }

  /** A server alone: owners listen on their own addresses. */
  public static OwnerRoute alone(Vertx vertx) {
    return new OwnerRoute(vertx, null, null);
  }

  /**
   * Cluster member {@code nodeId}: owners listen behind their member's desk; the store says which member owns
   * what.
   */
  public static OwnerRoute clustered(Vertx vertx, Store store, String nodeId) {
    return new OwnerRoute(vertx, store, nodeId);
  }

  /** The cluster member this server is; null on a server alone. */
  String nodeId() {
    return nodeId;
  }

  <T> Future<Message<T>> request(Target target, Object body, long timeoutMillis) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis);
    if (store == null) {
      return vertx.eventBus().request(target.address(), body, options);
    }
    return this.<T>requestOnce(target, body, options).recover(failure -> {
      if (!Bus.noOwner(failure)) {
        return Future.failedFuture(failure);
      }
      forget(target);
      return requestOnce(target, body, options);
    });
  }

  void send(Target target, Object body) {
    if (store == null) {
      vertx.eventBus().send(target.address(), body);
      return;
    }
    memberOf(target).onSuccess(member -> {
      if (member != null) {
        vertx.eventBus().send(Bus.desk(member), body, toDesk(target, new DeliveryOptions()));
      }
    });
  }

  /**
   * As {@link #send}, with the owner's member looked up again first: for what answers an owner that may have
   * just moved here (its roll call) or starts listening to one. A one-way message to a member that no longer
   * runs the session is lost without a word, so it must not go by what this server remembers.
   */
  void sendToCurrentOwner(Target target, Object body) {
    if (store != null) {
      forget(target);
    }
    send(target, body);
  }

  /**
   * As {@link #send}, to the member an owner said it runs on (its roll call), which is remembered from then on;
   * without a member (a server alone, or an owner that did not say) as {@link #sendToCurrentOwner}.
   */
  void sendTo(String member, Target target, Object body) {
    if (store == null || member == null) {
      sendToCurrentOwner(target, body);
      return;
    }
    members.put(key(target), member);
    vertx.eventBus().send(Bus.desk(member), body, toDesk(target, new DeliveryOptions()));
  }

  private <T> Future<Message<T>> requestOnce(Target target, Object body, DeliveryOptions options) {
    return memberOf(target).compose(member -> member == null
        ? Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no member owns " + target.address()))
        : vertx.eventBus().request(Bus.desk(member), body, toDesk(target, new DeliveryOptions(options))));
  }

  /** A desk message names its owner's local address, and this member, which the owner sends broadcasts to. */
  private DeliveryOptions toDesk(Target target, DeliveryOptions options) {
    return options.addHeader(Bus.TO, target.address()).addHeader(Bus.FROM, nodeId);
  }

  /**
   * The member that owns the target's session, or null when none does (yet). What is remembered comes back at
   * once; a lookup goes to the store from the caller's own event loop, so that what follows (the request, its
   * answer, the connection's handling of it) stays on that loop. A lookup shared between loops would hand its
   * answer, and every request composed on it, to the loop that asked first.
   */
  private Future<String> memberOf(Target target) {
    String key = key(target);
    String known = members.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Future<Optional<Store.Located>> located = target.sessionId() != null
        ? store.locate(target.sessionId())
        : store.locateByJoinCode(target.joinCode());
    return located.map(found -> {
      String member = found.map(Store.Located::ownerNode).orElse(null);
      if (member != null) {
        if (members.size() >= REMEMBERED) {
          members.clear();
        }
        members.put(key, member);
      }
      return member;
    });
  }

  private void forget(Target target) {
    members.remove(key(target));
  }

  private static String key(Target target) {
    return target.sessionId() != null ? target.sessionId() : "code:" + target.joinCode();
  }
}
