package nl.buurtroute.loadgen;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.loadgen.Http.ServerStats;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One run of the load generator: real workshops played through the live protocol. All sockets live on a
 * few {@link GeneratorLoop}s of one Vertx, as {@link FacilitatorDesk}s (one per session) and {@link Phone}s;
 * this coordinator, on its own thread, steps every session through the same rounds, waits for the frames each
 * step must produce (counted in {@link RunCounters}) and fills in the {@link RunReport}.
 */
final class Coordinator {
  private final LoadOptions o;
  private final PrintStream log;
  private final Http http;
  private final Random random;
  private final long deadline;
  private ContentModel content;
  private Vertx vertx;
  private final List<GeneratorLoop> loops = Collections.synchronizedList(new ArrayList<>());
  private FacilitatorDesk[] desks;
  private Phone[] phones;
  private final RunCounters counters = new RunCounters();

  // ---- results ----
  private final Samples tallyLatency = new Samples();
  private final Samples nextLast = new Samples();
  private double peakFramesPerSecond;
  private double peakBytesPerSecond;

  /** Looks into the server's process (resident set, native memory), or null when it is not ours to look into. */
  private final Supplier<ResidentMemory> memory;

  /**
   * Told where the windows of a run begin and end, so figures of every member of a cluster can be taken at the
   * same moments as the run's own (the cluster benchmark's {@link MemberMeter}).
   */
  interface Windows {
    Windows NONE = new Windows() {
    };

    default void playStarts() {
    }

    default void playEnds() {
    }

    /** A round's votes are about to be sent. */
    default void voteWindowStarts() {
    }

    /** Every vote acknowledged and every complete tally seen; {@code counted} is false for the JIT warm-up round. */
    default void voteWindowEnds(int votes, boolean counted) {
    }

    /** A command that changes the state of {@code sessions} sessions is about to be sent to each. */
    default void stateChangeStarts() {
    }

    /** Every facilitator and phone of those sessions has the new state. */
    default void stateChangeEnds(int sessions) {
    }
  }

  private final Windows windows;

  Coordinator(LoadOptions options, PrintStream log) {
    this(options, log, null, Windows.NONE);
  }

  Coordinator(LoadOptions options, PrintStream log, Supplier<ResidentMemory> memory) {
    this(options, log, memory, Windows.NONE);
  }

  Coordinator(LoadOptions options, PrintStream log, Windows windows) {
    this(options, log, null, windows);
  }

  Coordinator(LoadOptions options, PrintStream log, Supplier<ResidentMemory> memory, Windows windows) {
    this.memory = memory;
    this.windows = windows;
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

  // ---- the report's parts, filled in as the run gets that far ----
  private RunReport.Joining joining;
  private RunReport.Heap heap;
  private RunReport.Resident resident;
  private RunReport.Cpu cpu;
  private RunReport.Walk walk;
  private RunReport.Latencies latencies;
  private RunReport.StoreFigures storeFigures;
  private final PhaseDelays delays = new PhaseDelays();
  private Long framesOut;
  private Long bytesOut;
  private Double framesOutPerSecondAvg;

  RunReport execute() {
    long started = System.nanoTime();
    RunReport.Setup setup = new RunReport.Setup(o.effectiveLabel(), o.sessions(), o.participants(), o.connections(),
        o.rounds(), o.spreadSeconds(), o.changeShare(), o.effectiveRampSeconds());
    try {
      play();
    } catch (Aborted e) {
      counters.error("afgebroken: " + e.getMessage());
    } catch (RuntimeException e) {
      counters.error("afgebroken: " + e);
    } finally {
      counters.closing = true;
      shutDown();
    }
    RunReport.Traffic traffic = new RunReport.Traffic(counters.votesSent.get(), counters.acks.get(), framesOut,
        bytesOut, framesOutPerSecondAvg, framesOut == null ? null : peakFramesPerSecond,
        framesOut == null ? null : peakBytesPerSecond, counters.framesIn.sum(), counters.bytesIn.sum());
    RunReport.Outcome outcome = new RunReport.Outcome(counters.unexpectedStates.get(), counters.errors.get(),
        counters.errorNotes(), (System.nanoTime() - started) / 1e9);
    return new RunReport(setup, joining, heap, cpu, walk, traffic, latencies, storeFigures, outcome, resident,
        delays.wholeRun() == null ? null : delays.report(), phoneBytes());
  }

  private void play() {
    content = ContentModel.from(http.get("/api/content"));
    // Closes the server's delay window of whatever ran before this run; from here each phase has its own.
    ServerStats stats0 = http.statsClosingWindow(true);
    ResidentMemory memory0 = memory();
    int participants = o.sessions() * o.participants();

    // A generator loop held for seconds turns the join ramp into bursts (seen in issue 17's runs); the warning
    // then carries the loop's stack, so a run's log says whether the generator or its machine held it.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.loops())
        .setWarningExceptionTime(2).setWarningExceptionTimeUnit(TimeUnit.SECONDS));
    vertx.deployVerticle(() -> {
      GeneratorLoop loop = new GeneratorLoop(o);
      loops.add(loop);
      return loop;
    }, new DeploymentOptions().setInstances(o.loops())).toCompletionStage().toCompletableFuture().join();

    say("sessies maken: " + o.sessions());
    List<Http.CreatedSession> created = http.createSessions(o.sessions(), "Belasting " + o.effectiveLabel());
    desks = new FacilitatorDesk[o.sessions()];
    for (int s = 0; s < desks.length; s++) {
      desks[s] = new FacilitatorDesk(s, loops.get(s % loops.size()), created.get(s), counters);
      desks[s].connect();
    }
    await(() -> Arrays.stream(desks).allMatch(d -> d.state != null), 60_000, "welkom van alle begeleiders");

    // ---- joins over the ramp ----
    phones = new Phone[participants];
    List<List<Phone>> perLoop = new ArrayList<>();
    loops.forEach(l -> perLoop.add(new ArrayList<>()));
    for (int i = 0; i < participants; i++) {
      FacilitatorDesk desk = desks[i % desks.length];
      int inSession = i / desks.length;
      String rol = content.rollen.get(inSession % content.rollen.size());
      int loopIndex = i % loops.size();
      // Phones ask for the compact state as our phone page does; the first stays on the contract's whole state,
      // so the report shows both sizes and every broadcast has both phone audiences.
      boolean compact = i > 0;
      // In a cluster the phones go round the members, the facilitators stay on the first (the sessions' owner).
      int member = i % o.memberUrls().size();
      JsonObject join = new JsonObject().put("type", "join").put("joinCode", desk.joinCode)
          .put("name", "Deelnemer " + (inSession + 1)).put("rol", rol).put("joinKey", Phone.newJoinKey(random));
      phones[i] = new Phone(i, desk, loops.get(loopIndex), rol, member,
          (compact ? join.put("compactState", true) : join).encode(), counters, compact);
      perLoop.get(loopIndex).add(phones[i]);
    }
    say("aanmelden: " + participants + " deelnemers in " + fmt(o.effectiveRampSeconds()) + " s");
    long rampNanos = (long) (o.effectiveRampSeconds() * 1e9);
    long t0 = System.nanoTime();
    for (int l = 0; l < loops.size(); l++) {
      GeneratorLoop loop = loops.get(l);
      List<Phone> mine = perLoop.get(l);
      long[] at = new long[mine.size()];
      for (int k = 0; k < at.length; k++) {
        at[k] = t0 + (participants <= 1 ? 0 : rampNanos * mine.get(k).index / (participants - 1));
      }
      loop.ctx().runOnContext(v -> loop.schedule(mine.toArray(new Phone[0]), at, Phone::join));
    }
    await(() -> counters.joined.get() >= participants, (long) (o.effectiveRampSeconds() * 1000) + 120_000,
        "welkom van alle deelnemers (" + participants + ")");
    double joinSeconds = (counters.lastWelcome.get() - counters.firstJoinStart.get()) / 1e9;
    joining = new RunReport.Joining(joinSeconds, participants / Math.max(joinSeconds, 1e-9));
    await(() -> Arrays.stream(desks).allMatch(d -> d.participantsTotal() == o.participants()), 30_000,
        "begeleiders zien alle deelnemers");
    window(PhaseDelays.Phase.JOIN, 0, false);

    ServerStats statsJoined = http.stats(true);
    long heap0 = stats0.heapUsedBytes();
    long heap1 = statsJoined.heapUsedBytes();
    heap = new RunReport.Heap(heap0 / 1048576.0, heap1 / 1048576.0, (heap1 - heap0) / 1024.0 / o.connections());
    ResidentMemory memory1 = memory();
    if (memory0 != null && memory1 != null) {
      resident = RunReport.Resident.of(memory0, memory1, o.connections());
    }

    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "loadgen-sampler");
      t.setDaemon(true);
      return t;
    });
    ServerStats[] previous = {http.stats(false)};
    sampler.scheduleAtFixedRate(() -> {
      try {
        ServerStats now = http.stats(false);
        double seconds = now.uptimeSeconds() - previous[0].uptimeSeconds();
        if (seconds > 0.5) {
          peakFramesPerSecond = Math.max(peakFramesPerSecond, (now.framesOut() - previous[0].framesOut()) / seconds);
          peakBytesPerSecond = Math.max(peakBytesPerSecond, (now.bytesOut() - previous[0].bytesOut()) / seconds);
        }
        previous[0] = now;
      } catch (RuntimeException e) {
        // a missed sample only lowers the peak estimate
      }
    }, 1, 1, TimeUnit.SECONDS);

    ServerStats playStart = window(PhaseDelays.Phase.IDLE, 0, false);
    windows.playStarts();
    try {
      phase("next (start)", false, d -> "{\"type\":\"next\"}", s -> "question".equals(s.getString("stage")));
      double voteCpu = 0;
      double voteSeconds = 0;
      int votesCounted = 0;
      double roundCpu = 0;
      int rounds = 0;
      for (int r = 0; r < o.rounds(); r++) {
        say("ronde " + (r + 1) + "/" + o.rounds());
        ServerStats roundStart = http.stats(false);
        for (FacilitatorDesk d : desks) {
          d.tallies.clear();
        }
        phase("openVoting", false, d -> "{\"type\":\"openVoting\"}", s -> "voting".equals(s.getString("stage")));
        ServerStats voteStart = window(PhaseDelays.Phase.BROADCAST, r + 1, false);
        windows.voteWindowStarts();
        int planned = vote();
        windows.voteWindowEnds(planned, r > 0 || o.rounds() == 1);
        ServerStats voteEnd = window(PhaseDelays.Phase.VOTING, r + 1, false);
        if (r > 0 || o.rounds() == 1) {
          // The first round also warms up the JIT; CPU per vote is counted from the second on.
          voteCpu += cpu(voteEnd) - cpu(voteStart);
          voteSeconds += uptime(voteEnd) - uptime(voteStart);
          votesCounted += planned;
        }
        phase("closeVoting", false, d -> "{\"type\":\"closeVoting\"}", s -> "result".equals(s.getString("stage")));
        List<FacilitatorDesk> undecided = Arrays.stream(desks).filter(d -> d.state.getValue("result") == null).toList();
        if (!undecided.isEmpty()) {
          phaseFor(undecided, "decide", false, d -> new JsonObject().put("type", "decide")
              .put("antwoordId", d.tieBreak(content)).encode(), s -> s.getValue("result") != null);
        }
        int routeLength = r + 1;
        phase("next", true, d -> "{\"type\":\"next\"}", s -> s.getJsonArray("route").size() == routeLength);
        long last = Arrays.stream(phones).mapToLong(p -> p.nextLatency).max().orElse(0);
        nextLast.add(last);
        // Per round, since the report keeps only the worst and the median round: which round is slow says why.
        say(String.format(Locale.ROOT, "ronde %d: laatste telefoon had de nieuwe stap na %.1f ms", r + 1, last / 1e6));
        ServerStats roundEnd = window(PhaseDelays.Phase.BROADCAST, r + 1, false);
        if (r > 0 || o.rounds() == 1) {
          roundCpu += cpu(roundEnd) - cpu(roundStart);
          rounds++;
        }
      }
      // Idle CPU of the server with everyone still connected (heartbeats, timers), over one heartbeat
      // period (or the vote spread, if shorter), is taken out of the vote windows: what is left is what the votes cost.
      ServerStats idleA = window(PhaseDelays.Phase.IDLE, 0, false);
      LockSupport.parkNanos((long) (Math.min(10, Math.max(1, o.spreadSeconds())) * 1e9));
      ServerStats idleB = window(PhaseDelays.Phase.IDLE, 0, false);
      double idleCpuPerSecond = (cpu(idleB) - cpu(idleA)) / (uptime(idleB) - uptime(idleA));
      cpu = new RunReport.Cpu(idleCpuPerSecond,
          votesCounted == 0 ? null : voteCpu * 1000 / votesCounted,
          votesCounted == 0 ? null : Math.max(0, voteCpu - idleCpuPerSecond * voteSeconds) * 1000 / votesCounted,
          rounds == 0 ? null : roundCpu / rounds, null);
      int steps = desks[0].state.getJsonArray("route").size();
      boolean walked = Arrays.stream(desks).allMatch(d -> d.state.getString("vraagId") == null
          && d.state.getJsonArray("route").size() == LoadOptions.WHOLE_WALK);
      if (walked) {
        phase("finish", false, d -> "{\"type\":\"finish\"}", s -> "finished".equals(s.getString("status")));
      }
      boolean completed = walked && Arrays.stream(desks).allMatch(d -> "finished".equals(d.state.getString("status"))
          && d.state.getJsonArray("route").size() == LoadOptions.WHOLE_WALK
          && d.fasenOfRoute().equals(List.of("start", "richt", "actie", "evaluatie")))
          && phonesHoldTheRoute();
      walk = new RunReport.Walk(steps, completed);
    } finally {
      sampler.shutdownNow();
    }
    ServerStats playEnd = window(PhaseDelays.Phase.BROADCAST, 0, false);
    windows.playEnds();
    double playSeconds = uptime(playEnd) - uptime(playStart);
    framesOut = playEnd.framesOut() - playStart.framesOut();
    bytesOut = playEnd.bytesOut() - playStart.bytesOut();
    framesOutPerSecondAvg = framesOut / playSeconds;

    Samples voteLatency = new Samples();
    Samples nextLatency = new Samples();
    for (GeneratorLoop loop : loops) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.ctx().runOnContext(v -> {
        voteLatency.addAll(loop.voteLatency);
        nextLatency.addAll(loop.nextLatency);
        done.complete(null);
      });
      done.join();
    }
    latencies = new RunReport.Latencies(voteLatency.percentileMillis(50), voteLatency.percentileMillis(95),
        voteLatency.percentileMillis(99), voteLatency.maxMillis(), tallyLatency.percentileMillis(50),
        tallyLatency.maxMillis(), nextLatency.percentileMillis(50), nextLatency.percentileMillis(99),
        nextLast.maxMillis(), nextLast.percentileMillis(50));

    Http.StoreFigures store0 = stats0.store();
    Http.StoreFigures store1 = playEnd.store();
    long commits = store1.commits() - store0.commits();
    long events = store1.events() - store0.events();
    storeFigures = new RunReport.StoreFigures(store1.kind(), commits, events,
        commits == 0 ? 0 : events / (double) commits, store1.maxBatch(), store1.meanWriteMillis(),
        store1.maxWriteMillis(), delays.wholeRun() != null ? delays.wholeRun() : playEnd.eventLoopDelayMaxMillis());
    cpu = new RunReport.Cpu(cpu.idlePerSecond(), cpu.millisPerVoteRaw(), cpu.millisPerVote(), cpu.secondsPerRound(),
        cpu(playEnd) - cpu(stats0));
  }

  /** Has each loop read its phones' state frames for their routes; the future completes once all have. */
  private CompletableFuture<Void> readStates() {
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    for (GeneratorLoop loop : loops) {
      CompletableFuture<Void> read = new CompletableFuture<>();
      reads.add(read);
      loop.ctx().runOnContext(v -> {
        for (Phone phone : phones) {
          if (phone.loop == loop) {
            phone.readStates();
          }
        }
        read.complete(null);
      });
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
  }

  /** Every phone, compact or not, ended with the route its facilitator sees; the first few that did not are errors. */
  private boolean phonesHoldTheRoute() {
    readStates().orTimeout(60, TimeUnit.SECONDS).join();
    int wrong = 0;
    for (Phone p : phones) {
      List<String> facilitatorRoute = p.desk.routeKeys();
      if (!p.holdsRoute(facilitatorRoute)) {
        if (++wrong <= 3) {
          counters.error("deelnemer " + p.index + " eindigt met route " + p.route() + ", begeleider " + facilitatorRoute);
        }
      }
    }
    return wrong == 0;
  }

  /** Bytes the phones received per route step, compact and whole; null before a step was played. */
  private RunReport.PhoneBytes phoneBytes() {
    if (walk == null || walk.stepsPlayed() == 0 || phones == null) {
      return null;
    }
    long full = Arrays.stream(phones).filter(p -> !p.compact).count();
    long compact = phones.length - full;
    int steps = walk.stepsPlayed();
    return new RunReport.PhoneBytes(
        compact == 0 ? null : counters.compactPhoneBytesIn.sum() / (double) compact / steps,
        full == 0 ? null : counters.fullPhoneBytesIn.sum() / (double) full / steps,
        counters.lastCompactStateBytes.get(), counters.lastFullStateBytes.get());
  }

  // ---- the vote window ----

  /** One vote of the plan: which phone sends which frame, and when (nanos after the window opens). */
  private record PlannedVote(long at, Phone phone, String frame) {
  }

  /** Plans and sends this round's votes, waits for every {@code voted} and every complete tally. */
  private int vote() {
    long spread = (long) (o.spreadSeconds() * 1e9);
    int acksBefore = counters.acks.get();
    List<Map<String, Integer>> expected = new ArrayList<>();
    String[] favourite = new String[desks.length];
    for (FacilitatorDesk d : desks) {
      d.vraagId = d.state.getString("vraagId");
      d.lastVoteSent.set(0);
      expected.add(new TreeMap<>());
      List<ContentModel.Antwoord> all = content.antwoorden(d.vraagId);
      favourite[d.index] = all.get(random.nextInt(all.size())).id();
    }
    List<List<PlannedVote>> planPerLoop = new ArrayList<>();
    loops.forEach(l -> planPerLoop.add(new ArrayList<>()));
    int planned = 0;
    for (Phone p : phones) {
      List<ContentModel.Antwoord> allowed = content.allowed(p.desk.vraagId, p.rol);
      ContentModel.Antwoord choice = allowed.stream().filter(a -> a.id().equals(favourite[p.desk.index])).findFirst()
          .filter(a -> random.nextDouble() < 0.5).orElse(allowed.get(random.nextInt(allowed.size())));
      long at = (long) (random.nextDouble() * spread);
      List<PlannedVote> plan = planPerLoop.get(loops.indexOf(p.loop));
      if (random.nextDouble() < o.changeShare()) {
        ContentModel.Antwoord first = allowed.get(random.nextInt(allowed.size()));
        long second = at + (long) (random.nextDouble() * (spread - at));
        plan.add(new PlannedVote(at, p, first.voteFrame()));
        at = second;
        planned++;
      }
      plan.add(new PlannedVote(at, p, choice.voteFrame()));
      planned++;
      expected.get(p.desk.index).merge(choice.id() + "|" + p.rol, 1, Integer::sum);
    }
    long t0 = System.nanoTime();
    for (int l = 0; l < loops.size(); l++) {
      GeneratorLoop loop = loops.get(l);
      List<PlannedVote> plan = new ArrayList<>(planPerLoop.get(l));
      // Stable, like the sort of indices it replaces: equal times keep the order they were planned in.
      plan.sort(Comparator.comparingLong(PlannedVote::at));
      long[] at = new long[plan.size()];
      Phone[] who = new Phone[plan.size()];
      String[] frames = new String[plan.size()];
      for (int k = 0; k < at.length; k++) {
        at[k] = t0 + plan.get(k).at();
        who[k] = plan.get(k).phone();
        frames[k] = plan.get(k).frame();
      }
      loop.ctx().runOnContext(v -> loop.schedule(who, at, (p, k) -> p.vote(frames[k])));
    }
    int total = planned;
    await(() -> counters.acks.get() - acksBefore >= total, (long) (o.spreadSeconds() * 1000) + 60_000,
        "voted op alle " + total + " stemmen (" + (counters.acks.get() - acksBefore) + " binnen)");
    for (FacilitatorDesk d : desks) {
      Map<String, Integer> want = expected.get(d.index);
      long lastSent = d.lastVoteSent.get();
      long[] seenAt = {0};
      await(() -> {
        synchronized (d.tallies) {
          for (FacilitatorDesk.Tally t : d.tallies) {
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

  private void phase(String what, boolean isNext, Function<FacilitatorDesk, String> frame, Predicate<JsonObject> deskDone) {
    phaseFor(Arrays.asList(desks), what, isNext, frame, deskDone);
  }

  /**
   * Sends each desk's command and waits until each of those desks sees its state and every phone of their
   * sessions got one state frame.
   */
  private void phaseFor(List<FacilitatorDesk> which, String what, boolean isNext, Function<FacilitatorDesk, String> frame,
                        Predicate<JsonObject> deskDone) {
    int expectedStates = which.size() * o.participants();
    counters.phaseCount.set(0);
    counters.phaseIsNext = isNext;
    counters.phase++;
    windows.stateChangeStarts();
    for (FacilitatorDesk d : which) {
      d.send(frame.apply(d), isNext);
    }
    await(() -> counters.phaseCount.get() >= expectedStates && which.stream().allMatch(d -> deskDone.test(d.state)),
        30_000, what + ": state bij begeleiders en " + expectedStates + " telefoons (" + counters.phaseCount.get() + " binnen)");
    windows.stateChangeEnds(which.size());
    // Every phone has its state: now each loop reads them for the routes (see Phone#readStates), outside the window.
    readStates();
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

  /** Right after a stats call with GC, so the resident set is measured on the same collected heap. */
  private ResidentMemory memory() {
    if (memory == null) {
      return null;
    }
    try {
      return memory.get();
    } catch (RuntimeException e) {
      say("geheugen van de server niet te lezen: " + e.getMessage());
      return null;
    }
  }

  private void say(String line) {
    if (log != null) {
      log.println("[" + o.effectiveLabel() + "] " + line);
    }
  }

  /** Closes the server's event-loop delay window: what it held goes to {@code phase} (round 0: outside the rounds). */
  private ServerStats window(PhaseDelays.Phase phase, int round, boolean gc) {
    ServerStats stats = http.statsClosingWindow(gc);
    delays.add(phase, round, stats.loopDelayWindowMaxMillis());
    return stats;
  }

  private static double cpu(ServerStats stats) {
    return stats.processCpuSeconds();
  }

  private static double uptime(ServerStats stats) {
    return stats.uptimeSeconds();
  }

  static String fmt(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }
}
