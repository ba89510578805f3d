package nl.buurtroute.loadgen;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.session.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A participant's phone. Phones tell a frame's {@code "type"} by a byte prefix and send vote frames that were
 * serialised once, so ten thousand of them fit on a few event loops. Like our phone page they ask for the
 * compact state (one phone of the run stays on the contract's whole state, to compare), and they put the
 * route together from its deltas, the one thing they parse, so the run can check it ends equal to the
 * facilitator's.
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
  /** On the compact state (route deltas); false for the run's one phone on the contract's whole state. */
  final boolean compact;
  /** The route as this phone holds it, a step as "fase|vraagId|antwoordId"; read once the run has finished. */
  private final List<String> route = new ArrayList<>();
  private boolean routeBroken;
  /**
   * State frames not yet read for their route, oldest first. Reading one is a JSON parse; done as each frame
   * arrives, ten thousand parses on the generator's share of the two cores sat inside the very window that
   * "next→last phone" measures. The coordinator has them read once every phone got its state.
   */
  private final ArrayDeque<Buffer> unread = new ArrayDeque<>();
  private WebSocket socket;
  /** Send times of votes still waiting for their {@code voted}, oldest first (a phone has at most two out). */
  private final long[] pending = new long[8];
  private int pendingHead;
  private int pendingTail;
  /** The last vote frame sent (vraag and antwoord), to tell a vote that changes a count from one that does not. */
  private String standingVote;
  private int lastPhase;
  private boolean welcomed;
  /** The latest {@code next}→state latency of this phone, for the coordinator's "last phone". */
  volatile long nextLatency;

  Phone(int index, FacilitatorDesk desk, GeneratorLoop loop, String rol, int member, String joinFrame,
        RunCounters counters, boolean compact) {
    this.index = index;
    this.member = member;
    this.compact = compact;
    this.desk = desk;
    this.loop = loop;
    this.rol = rol;
    this.joinFrame = joinFrame;
    this.counters = counters;
  }

  void join(int ignored) {
    counters.firstJoinStart.accumulateAndGet(System.nanoTime(), Math::min);
    connect(0);
  }

  private void connect(int attempt) {
    loop.client.connect(loop.where(member)).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof UpgradeRejectedException rejected && rejected.getStatus() == 503
          && attempt < 6) {
        // A server whose crowd waited too long for its turn says 503 server_busy; like the web client
        // (web/lib/live.js), the phone comes back after a growing, jittered pause.
        long pause = (long) (500 * Math.pow(2, attempt) * (0.75 + Math.random() / 2));
        loop.ctx().owner().setTimer(pause, id -> connect(attempt + 1));
        return;
      }
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
    // A vote for the antwoord this phone already holds changes no count, so the server sends no tally for it:
    // the complete tally may have come before it. Only votes that change a count start the wait for one.
    if (!frame.equals(standingVote)) {
      desk.lastVoteSent.accumulateAndGet(now, Math::max);
    }
    standingVote = frame;
    counters.votesSent.incrementAndGet();
    socket.writeTextMessage(frame);
  }

  @Override
  public void handle(Buffer buffer) {
    long now = System.nanoTime();
    counters.frameIn(buffer.length());
    (compact ? counters.compactPhoneBytesIn : counters.fullPhoneBytesIn).add(buffer.length());
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
        (compact ? counters.lastCompactStateBytes : counters.lastFullStateBytes).set(buffer.length());
        unread.add(buffer);
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
        readStates();
        followRoute(new JsonObject(buffer).getJsonObject("state"));
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

  /** Reads the state frames that came since the last call for their route, in order (on this phone's loop). */
  void readStates() {
    for (Buffer frame = unread.poll(); frame != null; frame = unread.poll()) {
      followRoute(new JsonObject(frame).getJsonObject("state"));
    }
  }

  /**
   * A state's route: the whole one (a welcome, the contract's state, or a compact state after a change of owner)
   * replaces ours; a compact one's {@code routeLength} cuts ours to length and its {@code step} is the last.
   */
  private void followRoute(JsonObject state) {
    JsonArray whole = state.getJsonArray("route");
    if (whole != null) {
      route.clear();
      for (int i = 0; i < whole.size(); i++) {
        route.add(key(whole.getJsonObject(i)));
      }
      return;
    }
    int length = state.getInteger("routeLength");
    while (route.size() > length) {
      route.remove(route.size() - 1);
    }
    JsonObject step = state.getJsonObject("step");
    if (step == null) {
      return;
    }
    if (route.size() < length - 1) {
      routeBroken = true;
      counters.error("deelnemer " + index + " mist een stap: route van " + route.size() + ", delta naar " + length);
    } else if (route.size() == length) {
      route.set(length - 1, key(step));
    } else {
      route.add(key(step));
    }
  }

  static String key(JsonObject step) {
    return step.getString("fase") + "|" + step.getString("vraagId") + "|" + step.getString("antwoordId");
  }

  /** Whether this phone ended with the route the facilitator sees (call once its frames have all been read). */
  boolean holdsRoute(List<String> facilitatorRoute) {
    return !routeBroken && route.equals(facilitatorRoute);
  }

  List<String> route() {
    return route;
  }

  /**
   * A join key as the phone page draws one (PROTOCOL.md, {@code joinKey}): a join that timed out on a busy server
   * and is sent again then finds the participant the first one made, instead of taking a second seat.
   */
  static String newJoinKey(java.util.Random random) {
    byte[] bits = new byte[16];
    random.nextBytes(bits);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  /** Whether an error frame's code is one the server means as "try again" ({@link ErrorCode#retryable}). */
  static boolean isRetryable(String errorFrame) {
    String code = new JsonObject(errorFrame).getString("code");
    return Arrays.stream(ErrorCode.values()).anyMatch(c -> c.retryable() && c.wire().equals(code));
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
