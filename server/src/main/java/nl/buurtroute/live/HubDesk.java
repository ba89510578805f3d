package nl.buurtroute.live;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * A cluster member's one door for broadcasts to the hubs it runs ({@link Bus#hubs}, {@link Bus#ALL_HUBS}): each
 * message goes on to this member's hubs at the local address named in its {@link Bus#TO} header. Hubs listen on
 * local addresses; the owner of a session knows which members hold its sockets (they tell it, see
 * {@link Bus.Listening}) and sends each of them a broadcast once.
 */
final class HubDesk {
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;

  HubDesk(Vertx vertx) {
    this.vertx = vertx;
  }

  void receive(Message<Object> message) {
    String to = message.headers().get(Bus.TO);
    if (to != null) {
      vertx.eventBus().publish(to, message.body(), LOCAL_ONLY);
    }
  }
}
