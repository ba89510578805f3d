package nl.buurtroute.loadgen;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One run of the load generator: real workshops played through the live protocol. All sockets live on a
 * few event loops of one Vertx; a coordinating thread steps every session through the same rounds and waits
 * for the frames each step must produce. Phones never parse JSON: they look at the {@code "type"} of a frame
 * by a byte prefix and send vote frames that were serialised once. Only facilitators (one per session, few
 * frames each) parse what they get.
 */
final class LoadRun {
  private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int MAX_ERROR_NOTES = 20;

  private final LoadOptions o;
  private final PrintStream log;
  private final Http http;
  private final Random random;
  private final long deadline;
  private ContentModel content;
  private Vertx vertx;
  private final List<Loop> loops = Collections.synchronizedList(new ArrayList<>());
  private Desk[] desks;
  private Phone[] phones;

  // ---- counters shared with the event loops ----
  private final AtomicInteger errors = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> errorNotes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger joined = new AtomicInteger();
  private final AtomicLong firstJoinStart = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastWelcome = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger acks = new AtomicInteger();
  private final AtomicInteger votesSent = new AtomicInteger();
  private final AtomicInteger phaseCount = new AtomicInteger();
  private final AtomicInteger unexpectedStates = new AtomicInteger();
  private final LongAdder framesIn = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private volatile int phase;
  private volatile boolean phaseIsNext;
  private volatile boolean closing;

  // ---- results ----
  private final Samples tallyLatency = new Samples();
  private final Samples nextLast = new Samples();
  private double peakFramesPerSecond;
  private double peakBytesPerSecond;

  LoadRun(LoadOptions options, PrintStream log) {
    this.o = options;
    this.log = log;
    this.http = new Http(options);
    this.random = new Random(options.seed());
    this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
  }

  /** A step did not happen in time or the run went past its deadline; the run stops with an error. */
  static final class Aborted extends RuntimeException {
    Aborted(String message) {
      super(message);
    }
  }

  RunReport execute() {
    long started = System.nanoTime();
    JsonObject report = new JsonObject()
        .put("label", o.effectiveLabel())
        .put("sessions", o.sessions())
        .put("participantsPerSession", o.participants())
        .put("connections", o.connections())
        .put("roundsAsked", o.rounds())
        .put("spreadSeconds", o.spreadSeconds())
        .put("changeShare", o.changeShare())
        .put("rampSeconds", o.effectiveRampSeconds());
    try {
      play(report);
    } catch (Aborted e) {
      error("afgebroken: " + e.getMessage());
    } catch (RuntimeException e) {
      error("afgebroken: " + e);
    } finally {
      closing = true;
      shutDown();
    }
    report.put("framesIn", framesIn.sum()).put("bytesIn", bytesIn.sum());
    report.put("unexpectedParticipantStates", unexpectedStates.get());
    report.put("errors", errors.get());
    report.put("errorSamples", new JsonArray(new ArrayList<>(errorNotes)));
    report.put("durationSeconds", (System.nanoTime() - started) / 1e9);
    return new RunReport(report);
  }

  private void play(JsonObject report) {
    content = ContentModel.from(http.get("/api/content"));
    JsonObject stats0 = http.stats(true);
    int participants = o.sessions() * o.participants();

    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.loops()));
    vertx.deployVerticle(() -> {
      Loop loop = new Loop();
      loops.add(loop);
      return loop;
    }, new DeploymentOptions().setInstances(o.loops())).toCompletionStage().toCompletableFuture().join();

    say("sessies maken: " + o.sessions());
    List<JsonObject> created = http.createSessions(o.sessions(), "Belasting " + o.effectiveLabel());
    desks = new Desk[o.sessions()];
    for (int s = 0; s < desks.length; s++) {
      desks[s] = new Desk(s, loops.get(s % loops.size()), created.get(s));
      desks[s].connect();
    }
    await(() -> Arrays.stream(desks).allMatch(d -> d.state != null), 60_000, "welkom van alle begeleiders");

    // ---- joins over the ramp ----
    phones = new Phone[participants];
    List<List<Phone>> perLoop = new ArrayList<>();
    loops.forEach(l -> perLoop.add(new ArrayList<>()));
    for (int i = 0; i < participants; i++) {
      Desk desk = desks[i % desks.length];
      int inSession = i / desks.length;
      String rol = content.rollen.get(inSession % content.rollen.size());
      int loopIndex = i % loops.size();
      phones[i] = new Phone(i, desk, loops.get(loopIndex), rol, new JsonObject().put("type", "join")
          .put("joinCode", desk.joinCode).put("name", "Deelnemer " + (inSession + 1)).put("rol", rol).encode());
      perLoop.get(loopIndex).add(phones[i]);
    }
    say("aanmelden: " + participants + " deelnemers in " + fmt(o.effectiveRampSeconds()) + " s");
    long rampNanos = (long) (o.effectiveRampSeconds() * 1e9);
    long t0 = System.nanoTime();
    for (int l = 0; l < loops.size(); l++) {
      Loop loop = loops.get(l);
      List<Phone> mine = perLoop.get(l);
      long[] at = new long[mine.size()];
      for (int k = 0; k < at.length; k++) {
        at[k] = t0 + (participants <= 1 ? 0 : rampNanos * mine.get(k).index / (participants - 1));
      }
      loop.ctx().runOnContext(v -> loop.schedule(mine.toArray(new Phone[0]), at, Phone::join));
    }
    await(() -> joined.get() >= participants, (long) (o.effectiveRampSeconds() * 1000) + 120_000,
        "welkom van alle deelnemers (" + participants + ")");
    double joinSeconds = (lastWelcome.get() - firstJoinStart.get()) / 1e9;
    report.put("joinSeconds", joinSeconds).put("joinRatePerSecond", participants / Math.max(joinSeconds, 1e-9));
    await(() -> Arrays.stream(desks).allMatch(d -> total(d.state) == o.participants()), 30_000,
        "begeleiders zien alle deelnemers");

    JsonObject statsJoined = http.stats(true);
    long heap0 = stats0.getLong("heapUsedBytes");
    long heap1 = statsJoined.getLong("heapUsedBytes");
    report.put("heapBaselineMiB", heap0 / 1048576.0)
        .put("heapConnectedMiB", heap1 / 1048576.0)
        .put("heapPerConnectionKiB", (heap1 - heap0) / 1024.0 / o.connections());

    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "loadgen-sampler");
      t.setDaemon(true);
      return t;
    });
    JsonObject[] previous = {http.stats(false)};
    sampler.scheduleAtFixedRate(() -> {
      try {
        JsonObject now = http.stats(false);
        double seconds = uptime(now) - uptime(previous[0]);
        if (seconds > 0.5) {
          peakFramesPerSecond = Math.max(peakFramesPerSecond,
              (now.getLong("framesOut") - previous[0].getLong("framesOut")) / seconds);
          peakBytesPerSecond = Math.max(peakBytesPerSecond,
              (now.getLong("bytesOut") - previous[0].getLong("bytesOut")) / seconds);
        }
        previous[0] = now;
      } catch (RuntimeException e) {
        // a missed sample only lowers the peak estimate
      }
    }, 1, 1, TimeUnit.SECONDS);

    JsonObject playStart = http.stats(false);
    try {
      phase("next (start)", false, d -> "{\"type\":\"next\"}", s -> "question".equals(s.getString("stage")));
      double voteCpu = 0;
      double voteSeconds = 0;
      int votesCounted = 0;
      double roundCpu = 0;
      int rounds = 0;
      for (int r = 0; r < o.rounds(); r++) {
        say("ronde " + (r + 1) + "/" + o.rounds());
        JsonObject roundStart = http.stats(false);
        for (Desk d : desks) {
          d.tallies.clear();
        }
        phase("openVoting", false, d -> "{\"type\":\"openVoting\"}", s -> "voting".equals(s.getString("stage")));
        JsonObject voteStart = http.stats(false);
        int planned = vote();
        JsonObject voteEnd = http.stats(false);
        if (r > 0 || o.rounds() == 1) {
          // The first round also warms up the JIT; CPU per vote is counted from the second on.
          voteCpu += cpu(voteEnd) - cpu(voteStart);
          voteSeconds += uptime(voteEnd) - uptime(voteStart);
          votesCounted += planned;
        }
        phase("closeVoting", false, d -> "{\"type\":\"closeVoting\"}", s -> "result".equals(s.getString("stage")));
        List<Desk> undecided = Arrays.stream(desks).filter(d -> d.state.getValue("result") == null).toList();
        if (!undecided.isEmpty()) {
          phaseFor(undecided, "decide", false, d -> new JsonObject().put("type", "decide")
              .put("antwoordId", d.tieBreak(content)).encode(), s -> s.getValue("result") != null);
        }
        int routeLength = r + 1;
        phase("next", true, d -> "{\"type\":\"next\"}", s -> s.getJsonArray("route").size() == routeLength);
        long last = Arrays.stream(phones).mapToLong(p -> p.nextLatency).max().orElse(0);
        nextLast.add(last);
        JsonObject roundEnd = http.stats(false);
        if (r > 0 || o.rounds() == 1) {
          roundCpu += cpu(roundEnd) - cpu(roundStart);
          rounds++;
        }
      }
      // Idle CPU of the server with everyone still connected (heartbeats, timers), over one heartbeat
      // period (or the vote spread, if shorter), is taken out of the vote windows: what is left is what the votes cost.
      JsonObject idleA = http.stats(false);
      LockSupport.parkNanos((long) (Math.min(10, Math.max(1, o.spreadSeconds())) * 1e9));
      JsonObject idleB = http.stats(false);
      double idleCpuPerSecond = (cpu(idleB) - cpu(idleA)) / (uptime(idleB) - uptime(idleA));
      report.put("idleCpuPerSecond", idleCpuPerSecond)
          .put("cpuMillisPerVoteRaw", votesCounted == 0 ? null : voteCpu * 1000 / votesCounted)
          .put("cpuMillisPerVote", votesCounted == 0 ? null
              : Math.max(0, voteCpu - idleCpuPerSecond * voteSeconds) * 1000 / votesCounted)
          .put("cpuSecondsPerRound", rounds == 0 ? null : roundCpu / rounds);
      int steps = desks[0].state.getJsonArray("route").size();
      boolean walked = Arrays.stream(desks).allMatch(d -> d.state.getString("vraagId") == null
          && d.state.getJsonArray("route").size() == LoadOptions.WHOLE_WALK);
      if (walked) {
        phase("finish", false, d -> "{\"type\":\"finish\"}", s -> "finished".equals(s.getString("status")));
      }
      boolean completed = walked && Arrays.stream(desks).allMatch(d -> "finished".equals(d.state.getString("status"))
          && d.state.getJsonArray("route").size() == LoadOptions.WHOLE_WALK
          && d.fasenOfRoute().equals(List.of("start", "richt", "actie", "evaluatie")));
      report.put("stepsPlayed", steps).put("routeCompleted", completed);
    } finally {
      sampler.shutdownNow();
    }
    JsonObject playEnd = http.stats(false);
    double playSeconds = uptime(playEnd) - uptime(playStart);
    long framesOut = playEnd.getLong("framesOut") - playStart.getLong("framesOut");
    long bytesOut = playEnd.getLong("bytesOut") - playStart.getLong("bytesOut");
    report.put("votesSent", votesSent.get()).put("votesAcked", acks.get())
        .put("framesOut", framesOut).put("bytesOut", bytesOut)
        .put("framesOutPerSecondAvg", framesOut / playSeconds)
        .put("framesOutPerSecondPeak", peakFramesPerSecond)
        .put("bytesOutPerSecondPeak", peakBytesPerSecond);

    Samples voteLatency = new Samples();
    Samples nextLatency = new Samples();
    for (Loop loop : loops) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.ctx().runOnContext(v -> {
        voteLatency.addAll(loop.voteLatency);
        nextLatency.addAll(loop.nextLatency);
        done.complete(null);
      });
      done.join();
    }
    report.put("voteLatencyP50Ms", voteLatency.percentileMillis(50))
        .put("voteLatencyP95Ms", voteLatency.percentileMillis(95))
        .put("voteLatencyP99Ms", voteLatency.percentileMillis(99))
        .put("voteLatencyMaxMs", voteLatency.maxMillis())
        .put("tallyLatencyP50Ms", tallyLatency.percentileMillis(50))
        .put("tallyLatencyMaxMs", tallyLatency.maxMillis())
        .put("nextStateP50Ms", nextLatency.percentileMillis(50))
        .put("nextStateP99Ms", nextLatency.percentileMillis(99))
        .put("nextStateLastMs", nextLast.maxMillis())
        .put("nextStateLastMedianMs", nextLast.percentileMillis(50));

    JsonObject store0 = stats0.getJsonObject("store");
    JsonObject store1 = playEnd.getJsonObject("store");
    long commits = store1.getLong("commits") - store0.getLong("commits");
    long events = store1.getLong("events") - store0.getLong("events");
    report.put("storeKind", store1.getString("kind"))
        .put("storeCommits", commits)
        .put("storeEvents", events)
        .put("storeEventsPerCommit", commits == 0 ? 0 : events / (double) commits)
        .put("storeMaxBatch", store1.getLong("maxBatch"))
        .put("storeMeanWriteMs", store1.getDouble("meanWriteMillis"))
        .put("storeMaxWriteMs", store1.getDouble("maxWriteMillis"))
        .put("eventLoopDelayMaxMs", playEnd.getDouble("eventLoopDelayMaxMillis"))
        .put("serverCpuSecondsTotal", cpu(playEnd) - cpu(stats0));
  }

  // ---- the vote window ----

  /** Plans and sends this round's votes, waits for every {@code voted} and every complete tally. */
  private int vote() {
    long spread = (long) (o.spreadSeconds() * 1e9);
    int acksBefore = acks.get();
    int planned = 0;
    List<Map<String, Integer>> expected = new ArrayList<>();
    String[] favourite = new String[desks.length];
    for (Desk d : desks) {
      d.vraagId = d.state.getString("vraagId");
      d.lastVoteSent.set(0);
      expected.add(new TreeMap<>());
      List<ContentModel.Antwoord> all = content.antwoorden(d.vraagId);
      favourite[d.index] = all.get(random.nextInt(all.size())).id();
    }
    List<List<long[]>> timesPerLoop = new ArrayList<>();
    List<List<Object[]>> whatPerLoop = new ArrayList<>();
    loops.forEach(l -> {
      timesPerLoop.add(new ArrayList<>());
      whatPerLoop.add(new ArrayList<>());
    });
    for (Phone p : phones) {
      List<ContentModel.Antwoord> allowed = content.allowed(p.desk.vraagId, p.rol);
      ContentModel.Antwoord choice = allowed.stream().filter(a -> a.id().equals(favourite[p.desk.index])).findFirst()
          .filter(a -> random.nextDouble() < 0.5).orElse(allowed.get(random.nextInt(allowed.size())));
      long at = (long) (random.nextDouble() * spread);
      int loopIndex = loops.indexOf(p.loop);
      if (random.nextDouble() < o.changeShare()) {
        ContentModel.Antwoord first = allowed.get(random.nextInt(allowed.size()));
        long second = at + (long) (random.nextDouble() * (spread - at));
        timesPerLoop.get(loopIndex).add(new long[] {at});
        whatPerLoop.get(loopIndex).add(new Object[] {p, first.voteFrame()});
        at = second;
        planned++;
      }
      timesPerLoop.get(loopIndex).add(new long[] {at});
      whatPerLoop.get(loopIndex).add(new Object[] {p, choice.voteFrame()});
      planned++;
      expected.get(p.desk.index).merge(choice.id() + "|" + p.rol, 1, Integer::sum);
    }
    long t0 = System.nanoTime();
    for (int l = 0; l < loops.size(); l++) {
      Loop loop = loops.get(l);
      List<long[]> times = timesPerLoop.get(l);
      List<Object[]> what = whatPerLoop.get(l);
      Integer[] order = new Integer[times.size()];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      Arrays.sort(order, (a, b) -> Long.compare(times.get(a)[0], times.get(b)[0]));
      long[] at = new long[order.length];
      Phone[] who = new Phone[order.length];
      String[] frames = new String[order.length];
      for (int k = 0; k < order.length; k++) {
        at[k] = t0 + times.get(order[k])[0];
        who[k] = (Phone) what.get(order[k])[0];
        frames[k] = (String) what.get(order[k])[1];
      }
      loop.ctx().runOnContext(v -> loop.schedule(who, at, (p, k) -> p.vote(frames[k])));
    }
    int total = planned;
    await(() -> acks.get() - acksBefore >= total, (long) (o.spreadSeconds() * 1000) + 60_000,
        "voted op alle " + total + " stemmen (" + (acks.get() - acksBefore) + " binnen)");
    for (Desk d : desks) {
      Map<String, Integer> want = expected.get(d.index);
      long lastSent = d.lastVoteSent.get();
      long[] seenAt = {0};
      await(() -> {
        synchronized (d.tallies) {
          for (Desk.Tally t : d.tallies) {
            if (t.at() >= lastSent && t.counts().equals(want)) {
              seenAt[0] = t.at();
              return true;
            }
          }
        }
        return false;
      }, 10_000, "een volledige tally bij begeleider " + d.index);
      tallyLatency.add(seenAt[0] - lastSent);
    }
    return planned;
  }

  // ---- stepping every session ----

  private void phase(String what, boolean isNext, Function<Desk, String> frame, Predicate<JsonObject> deskDone) {
    phaseFor(Arrays.asList(desks), what, isNext, frame, deskDone);
  }

  /**
   * Sends each desk's command and waits until each of those desks sees its state and every phone of their
   * sessions got one state frame.
   */
  private void phaseFor(List<Desk> which, String what, boolean isNext, Function<Desk, String> frame,
                        Predicate<JsonObject> deskDone) {
    int expectedStates = which.size() * o.participants();
    phaseCount.set(0);
    phaseIsNext = isNext;
    phase++;
    for (Desk d : which) {
      d.send(frame.apply(d), isNext);
    }
    await(() -> phaseCount.get() >= expectedStates && which.stream().allMatch(d -> deskDone.test(d.state)),
        30_000, what + ": state bij begeleiders en " + expectedStates + " telefoons (" + phaseCount.get() + " binnen)");
  }

  private void await(BooleanSupplier condition, long timeoutMillis, String what) {
    long until = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - until > 0) {
        throw new Aborted(System.nanoTime() - deadline > 0 ? "tijdslimiet van de run bereikt bij: " + what
            : "te lang gewacht op " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private void shutDown() {
    if (vertx == null) {
      return;
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      say("generator sloot niet netjes: " + e);
    }
  }

  private void error(String note) {
    errors.incrementAndGet();
    if (errorNotes.size() < MAX_ERROR_NOTES) {
      errorNotes.add(note);
    }
  }

  private void say(String line) {
    if (log != null) {
      log.println("[" + o.effectiveLabel() + "] " + line);
    }
  }

  private static int total(JsonObject state) {
    return state == null ? -1 : state.getJsonObject("participants").getInteger("total");
  }

  private static double cpu(JsonObject stats) {
    return stats.getDouble("processCpuSeconds");
  }

  private static double uptime(JsonObject stats) {
    return stats.getDouble("uptimeSeconds");
  }

  static String fmt(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
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

  // ---- one event loop of the generator ----

  interface Action {
    void run(Phone phone, int index);
  }

  final class Loop extends VerticleBase {
    WebSocketClient client;
    final Samples voteLatency = new Samples();
    final Samples nextLatency = new Samples();

    @Override
    public Future<?> start() {
      client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(o.connections() + 16)
          .setConnectTimeout(30_000)
          .setMaxFrameSize(1 << 20)
          .setMaxMessageSize(4 << 20));
      return Future.succeededFuture();
    }

    Context ctx() {
      return context;
    }

    WebSocketConnectOptions where() {
      return new WebSocketConnectOptions().setHost(o.host()).setPort(o.port()).setURI("/ws");
    }

    /** Runs {@code action} on each phone at its time (nanoTime), checking every millisecond. */
    void schedule(Phone[] who, long[] at, Action action) {
      int[] next = {0};
      vertx.setPeriodic(1, id -> {
        long now = System.nanoTime();
        while (next[0] < who.length && at[next[0]] - now <= 0) {
          int k = next[0]++;
          action.run(who[k], k);
        }
        if (next[0] >= who.length) {
          vertx.cancelTimer(id);
        }
      });
    }
  }

  // ---- a facilitator's connection ----

  final class Desk implements Handler<Buffer> {
    record Tally(long at, Map<String, Integer> counts) {
    }

    final int index;
    final Loop loop;
    final String sessionId;
    final String joinCode;
    final String token;
    WebSocket socket;
    volatile JsonObject state;
    volatile long nextSentAt;
    String vraagId;
    final AtomicLong lastVoteSent = new AtomicLong();
    final List<Tally> tallies = Collections.synchronizedList(new ArrayList<>());

    Desk(int index, Loop loop, JsonObject created) {
      this.index = index;
      this.loop = loop;
      this.sessionId = created.getString("sessionId");
      this.joinCode = created.getString("joinCode");
      this.token = created.getString("facilitatorToken");
    }

    void connect() {
      loop.ctx().runOnContext(v -> loop.client.connect(loop.where()).onComplete(ar -> {
        if (ar.failed()) {
          error("begeleider " + index + " kon niet verbinden: " + ar.cause());
          return;
        }
        socket = ar.result();
        socket.handler(this);
        socket.closeHandler(c -> {
          if (!closing) {
            error("verbinding van begeleider " + index + " gesloten: " + socket.closeStatusCode());
          }
        });
        socket.writeTextMessage(new JsonObject().put("type", "facilitate").put("sessionId", sessionId)
            .put("facilitatorToken", token).encode());
      }));
    }

    void send(String frame, boolean isNext) {
      loop.ctx().runOnContext(v -> {
        if (isNext) {
          nextSentAt = System.nanoTime();
        }
        socket.writeTextMessage(frame);
      });
    }

    @Override
    public void handle(Buffer buffer) {
      long now = System.nanoTime();
      framesIn.increment();
      bytesIn.add(buffer.length());
      JsonObject frame = new JsonObject(buffer);
      switch (frame.getString("type", "")) {
        case "welcome", "state" -> state = frame.getJsonObject("state");
        case "tally" -> tallies.add(new Tally(now, normalise(frame.getJsonObject("counts"))));
        case "error" -> error("fout aan begeleider " + index + ": " + frame.encode());
        default -> {
        }
      }
    }

    String tieBreak(ContentModel model) {
      JsonObject counts = state.getJsonObject("votes") == null ? null
          : state.getJsonObject("votes").getJsonObject("counts");
      String best = model.antwoorden(state.getString("vraagId")).get(0).id();
      int bestVotes = -1;
      if (counts != null) {
        for (String antwoord : counts.fieldNames()) {
          int n = counts.getJsonObject(antwoord).stream().mapToInt(e -> ((Number) e.getValue()).intValue()).sum();
          if (n > bestVotes) {
            best = antwoord;
            bestVotes = n;
          }
        }
      }
      return best;
    }

    List<String> fasenOfRoute() {
      List<String> fasen = new ArrayList<>();
      for (Object step : state.getJsonArray("route")) {
        String fase = ((JsonObject) step).getString("fase");
        if (fasen.isEmpty() || !fasen.get(fasen.size() - 1).equals(fase)) {
          fasen.add(fase);
        }
      }
      return fasen;
    }
  }

  static Map<String, Integer> normalise(JsonObject counts) {
    Map<String, Integer> out = new TreeMap<>();
    if (counts != null) {
      for (String antwoord : counts.fieldNames()) {
        JsonObject perRol = counts.getJsonObject(antwoord);
        for (String rol : perRol.fieldNames()) {
          int n = perRol.getInteger(rol);
          if (n > 0) {
            out.put(antwoord + "|" + rol, n);
          }
        }
      }
    }
    return out;
  }

  // ---- a participant's phone ----

  final class Phone implements Handler<Buffer> {
    final int index;
    final Desk desk;
    final Loop loop;
    final String rol;
    final String joinFrame;
    WebSocket socket;
    /** Send times of votes still waiting for their {@code voted}, oldest first (a phone has at most two out). */
    private final long[] pending = new long[8];
    private int pendingHead;
    private int pendingTail;
    private int lastPhase;
    /** The latest {@code next}→state latency of this phone, for the coordinator's "last phone". */
    volatile long nextLatency;

    Phone(int index, Desk desk, Loop loop, String rol, String joinFrame) {
      this.index = index;
      this.desk = desk;
      this.loop = loop;
      this.rol = rol;
      this.joinFrame = joinFrame;
    }

    void join(int ignored) {
      firstJoinStart.accumulateAndGet(System.nanoTime(), Math::min);
      loop.client.connect(loop.where()).onComplete(ar -> {
        if (ar.failed()) {
          error("deelnemer " + index + " kon niet verbinden: " + ar.cause());
          return;
        }
        socket = ar.result();
        socket.handler(this);
        socket.closeHandler(c -> {
          if (!closing) {
            error("verbinding van deelnemer " + index + " gesloten: " + socket.closeStatusCode() + " "
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
      votesSent.incrementAndGet();
      socket.writeTextMessage(frame);
    }

    @Override
    public void handle(Buffer buffer) {
      long now = System.nanoTime();
      framesIn.increment();
      bytesIn.add(buffer.length());
      switch (typeOf(buffer)) {
        case 'v' -> {
          if (pendingHead == pendingTail) {
            error("deelnemer " + index + " kreeg voted zonder stem");
            return;
          }
          loop.voteLatency.add(now - pending[pendingHead++ & 7]);
          acks.incrementAndGet();
        }
        case 's' -> {
          int current = phase;
          if (lastPhase == current) {
            unexpectedStates.incrementAndGet();
            return;
          }
          lastPhase = current;
          if (phaseIsNext) {
            long latency = now - desk.nextSentAt;
            nextLatency = latency;
            loop.nextLatency.add(latency);
          }
          phaseCount.incrementAndGet();
        }
        case 'w' -> {
          lastWelcome.accumulateAndGet(now, Math::max);
          joined.incrementAndGet();
        }
        case 'p' -> {
        }
        default -> error("deelnemer " + index + " kreeg " + buffer.toString().substring(0,
            Math.min(200, buffer.length())));
      }
    }
  }
}
