package nl.buurtroute.loadgen;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

import java.nio.charset.StandardCharsets;

/**
 * A participant's phone. Phones never parse JSON: they tell a frame's {@code "type"} by a byte prefix and send
 * vote frames that were serialised once, so ten thousand of them fit on a few event loops.
 */
final class Phone implements Handler<Buffer> {
  private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

  final int index;
  final FacilitatorDesk desk;
  final GeneratorLoop loop;
  final String rol;
  /** Which member of {@link LoadOptions#memberUrls()} this phone connects to. */
  final int member;
  private final String joinFrame;
  private final RunCounters counters;
  private WebSocket socket;
  /** Send times of votes still waiting for their {@code voted}, oldest first (a phone has at most two out). */
  private final long[] pending = new long[8];
  private int pendingHead;
  private int pendingTail;
  private int lastPhase;
  private boolean welcomed;
  /** The latest {@code next}→state latency of this phone, for the coordinator's "last phone". */
  volatile long nextLatency;

  Phone(int index, FacilitatorDesk desk, GeneratorLoop loop, String rol, int member, String joinFrame,
        RunCounters counters) {
    this.index = index;
    this.member = member;
    this.desk = desk;
    this.loop = loop;
    this.rol = rol;
    this.joinFrame = joinFrame;
    this.counters = counters;
  }

  void join(int ignored) {
    counters.firstJoinStart.accumulateAndGet(System.nanoTime(), Math::min);
    loop.client.connect(loop.where(member)).onComplete(ar -> {
      if (ar.failed()) {
        counters.error("deelnemer " + index + " kon niet verbinden: " + ar.cause());
        return;
      }
      socket = ar.result();
      socket.handler(this);
      socket.closeHandler(c -> {
        if (!counters.closing) {
          counters.error("verbinding van deelnemer " + index + " gesloten: " + socket.closeStatusCode() + " "
              + socket.closeReason());
        }
      });
      socket.writeTextMessage(joinFrame);
    });
  }

  void vote(String frame) {
    long now = System.nanoTime();
    pending[pendingTail++ & 7] = now;
    desk.lastVoteSent.accumulateAndGet(now, Math::max);
    counters.votesSent.incrementAndGet();
    socket.writeTextMessage(frame);
  }

  @Override
  public void handle(Buffer buffer) {
    long now = System.nanoTime();
    counters.frameIn(buffer.length());
    switch (typeOf(buffer)) {
      case 'v' -> {
        if (pendingHead == pendingTail) {
          counters.error("deelnemer " + index + " kreeg voted zonder stem");
          return;
        }
        loop.voteLatency.add(now - pending[pendingHead++ & 7]);
        counters.acks.incrementAndGet();
      }
      case 's' -> {
        int current = counters.phase;
        if (lastPhase == current) {
          counters.unexpectedStates.incrementAndGet();
          return;
        }
        lastPhase = current;
        if (counters.phaseIsNext) {
          long latency = now - desk.nextSentAt;
          nextLatency = latency;
          loop.nextLatency.add(latency);
        }
        counters.phaseCount.incrementAndGet();
      }
      case 'w' -> {
        welcomed = true;
        counters.lastWelcome.accumulateAndGet(now, Math::max);
        counters.joined.incrementAndGet();
      }
      case 'p' -> {
      }
      case 'e' -> {
        // A join that meets its session on the move between cluster members (store_unavailable), or a server
        // that did not answer in time (server_busy, rate_limited), is tried again, as the web client does
        // (web/lib/live.js RETRY_CODES). Any other error is one.
        if (!welcomed && isRetryable(buffer.toString())) {
          loop.ctx().owner().setTimer(200, id -> socket.writeTextMessage(joinFrame));
        } else {
          counters.error("deelnemer " + index + " kreeg " + buffer.toString().substring(0,
              Math.min(200, buffer.length())));
        }
      }
      default -> counters.error("deelnemer " + index + " kreeg " + buffer.toString().substring(0,
          Math.min(200, buffer.length())));
    }
  }

  static boolean isRetryable(String errorFrame) {
    return errorFrame.contains("\"code\":\"store_unavailable\"") || errorFrame.contains("\"code\":\"server_busy\"")
        || errorFrame.contains("\"code\":\"rate_limited\"");
  }

  /** The type of a server frame from its first bytes ({@code {"type":"x...}); 0 when it is not that shape. */
  static byte typeOf(Buffer frame) {
    if (frame.length() <= TYPE_PREFIX.length) {
      return 0;
    }
    for (int i = 0; i < TYPE_PREFIX.length; i++) {
      if (frame.getByte(i) != TYPE_PREFIX[i]) {
        return 0;
      }
    }
    return frame.getByte(TYPE_PREFIX.length);
  }
}
