package nl.buurtroute.live;

import io.netty.channel.ChannelHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets go of what a socket's upgrade left behind. Vert.x 5.0.12 installs the upgraded socket's channel handler
 * ({@link VertxHandler}) with a factory that captures the handshake, and through it the HTTP request, its
 * response and the HTTP/1.1 connection the socket came in on, with that connection's 1,025-slot write queue.
 * The factory runs once, when the handler is added, yet the handler keeps it for as long as the socket is open:
 * a phone that stays connected all evening holds a dead HTTP connection all evening. Vert.x has no option for
 * it, so after the upgrade we drop the factory ourselves. If a later Vert.x renames the field, this does nothing
 * and says so once, and {@code HandshakeReleaseTest} fails.
 */
final class HandshakeRelease {
  private static final Logger LOG = Logger.getLogger(HandshakeRelease.class.getName());
  private static final Field FACTORY = factoryField();

  private HandshakeRelease() {
  }

  /**
   * Drops the leftovers of the upgrade of {@code upgraded}, the HTTP connection a socket came in on; the socket
   * itself works on as before. (Taken from the connection's channel, whose only Vert.x handler is now the
   * socket's: the socket Vert.x Web hands us wraps the one that knows its channel.)
   */
  static void release(HttpConnection upgraded) {
    if (FACTORY == null || !(upgraded instanceof ConnectionBase connection)) {
      return;
    }
    ChannelHandler handler = connection.channel().pipeline().get(VertxHandler.class);
    if (handler != null) {
      try {
        FACTORY.set(handler, null);
      } catch (IllegalAccessException e) {
        // Cannot happen once setAccessible succeeded; the socket works on, only its leftovers stay.
        LOG.log(Level.FINE, "could not release a socket's handshake", e);
      }
    }
  }

  private static Field factoryField() {
    try {
      Field field = VertxHandler.class.getDeclaredField("connectionFactory");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warning("this Vert.x keeps each socket's HTTP handshake while the socket is open (" + e
          + "); every connected phone holds a few KiB more");
      return null;
    }
  }
}
