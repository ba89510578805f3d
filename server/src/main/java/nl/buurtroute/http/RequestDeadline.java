package nl.buurtroute.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * A request must arrive in full within a deadline: from the moment a connection opens its first request head
 * must be complete within the request time, and once a head is in, its body too; after an answer, the next
 * head of a kept-alive connection must be complete within the idle time. Otherwise the connection is closed. Without it a client that sends one header byte every few seconds
 * (slowloris) keeps a connection, and its memory, forever: the idle timeout only sees that bytes still come.
 * A WebSocket leaves this watch when it is upgraded; the heartbeat looks after it from then on.
 *
 * <p>One instance per HTTP verticle; everything runs on that verticle's event loop.
 */
final class RequestDeadline {
  private final Vertx vertx;
  private final long millis;
  private final long keepAliveMillis;
  private final Map<HttpConnection, Long> timers = new HashMap<>();

  RequestDeadline(Vertx vertx, int requestSeconds, int idleSeconds) {
    this.vertx = vertx;
    this.millis = requestSeconds * 1000L;
    this.keepAliveMillis = Math.max(millis, idleSeconds * 1000L);
  }

  /** For {@code HttpServer.connectionHandler}: the first request head is due now. */
  void opened(HttpConnection connection) {
    if (millis == 0) {
      return;
    }
    arm(connection, millis);
    connection.closeHandler(v -> cancel(connection));
  }

  /** The router's first handler: the head is in; the body (if any) is due, then the next head after the answer. */
  void arrived(RoutingContext ctx) {
    if (millis == 0) {
      ctx.next();
      return;
    }
    HttpConnection connection = ctx.request().connection();
    cancel(connection);
    if (ctx.request().canUpgradeToWebSocket()) {
      ctx.next();
      return;
    }
    if (!ctx.request().isEnded()) {
      arm(connection, millis);
      ctx.request().end().onComplete(done -> cancel(connection));
    }
    ctx.addEndHandler(done -> {
      if (!ctx.request().isEnded()) {
        return; // answered before the body was in (an early error): the body's own deadline still runs
      }
      arm(connection, keepAliveMillis);
    });
    ctx.next();
  }

  private void arm(HttpConnection connection, long deadline) {
    long id = vertx.setTimer(deadline, t -> {
      timers.remove(connection);
      connection.close();
    });
    Long previous = timers.put(connection, id);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void cancel(HttpConnection connection) {
    Long id = timers.remove(connection);
    if (id != null) {
      vertx.cancelTimer(id);
    }
  }
}
