package nl.buurtroute.live;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * A cluster member's one door for broadcasts to the hubs it runs ({@link Bus#hubs}, {@link Bus#ALL_HUBS}): each
 * message goes on to this member's hubs at the local address named in its {@link Bus#TO} header. Hubs listen on
 * local addresses; the owner of a session knows which members hold its sockets (they tell it, see
 * {@link Bus.Listening}) and sends each of them a broadcast once.
 *
 * <p>A verticle of its own: every broadcast from another member is read here, and on the session manager's
 * context it would wait behind a takeover's rebuilds (and they behind it).
 */
final class HubDesk extends VerticleBase {
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final String nodeId;

  HubDesk(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    return Future.all(
        vertx.eventBus().consumer(Bus.hubs(nodeId), this::receive).completion(),
        vertx.eventBus().consumer(Bus.ALL_HUBS, this::receive).completion());
  }

  private void receive(Message<Object> message) {
    String to = message.headers().get(Bus.TO);
    if (to != null) {
      vertx.eventBus().publish(to, message.body(), LOCAL_ONLY);
    }
  }
}
