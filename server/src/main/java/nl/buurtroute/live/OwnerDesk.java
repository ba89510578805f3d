package nl.buurtroute.live;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster member's one address for everything on its way to the session owners it runs (see
 * {@link Bus#desk}): hands each message to the owner listening here on the address named in its {@link Bus#TO}
 * header, on that owner's context. A request for an owner that does not run here (any more) is answered with
 * {@link Bus#NOT_HERE}, so the sender looks the session up again.
 *
 * <p>Owners listen here, not on the event bus: every consumer registration goes through the cluster manager,
 * even a local one, and Vert.x's Hazelcast manager holds them all while it republishes this member's
 * subscriptions after another member was lost. That is when a takeover starts hundreds of owners; with their
 * own consumers they waited 6–9 s for it.
 */
final class OwnerDesk {
  private final Map<String, Handler<Message<Object>>> owners = new ConcurrentHashMap<>();
  private final String nodeId;

  OwnerDesk(String nodeId) {
    this.nodeId = nodeId;
  }

  /** The member this desk is on. */
  String nodeId() {
    return nodeId;
  }

  /** An owner listens on {@code address}; its messages run on its {@code context}. Returns what stops it. */
  Runnable listen(String address, Context context, Handler<Message<Object>> handler) {
    Handler<Message<Object>> onContext = message -> context.runOnContext(v -> handler.handle(message));
    owners.put(address, onContext);
    return () -> owners.remove(address, onContext);
  }

  void receive(Message<Object> message) {
    String to = message.headers().get(Bus.TO);
    Handler<Message<Object>> owner = to == null ? null : owners.get(to);
    if (owner != null) {
      owner.handle(message);
    } else if (message.replyAddress() != null) {
      message.fail(Bus.NOT_HERE, "the owner does not run on this member");
    }
  }
}
