package nl.buurtroute.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The figures of one run, typed and grouped by what they measure. Figures that a run did not reach (it stopped
 * early, or a round was too short to count) are null. {@link #json()} writes the flat JSON the generator has
 * always printed (same keys, same order); {@link #table()} the table for people.
 */
public record RunReport(Setup setup, Joining joining, Heap heap, Cpu cpu, Walk walk, Traffic traffic,
                        Latencies latencies, StoreFigures store, Outcome outcome, Resident resident,
                        LoopDelays loopDelays, PhoneBytes phoneBytes) {

  /**
   * A report without resident figures (a server the generator could not look into, not its child), without
   * per-phase event-loop delays (a run that stopped before its phases were measured) and without phone bytes.
   */
  public RunReport(Setup setup, Joining joining, Heap heap, Cpu cpu, Walk walk, Traffic traffic, Latencies latencies,
                   StoreFigures store, Outcome outcome) {
    this(setup, joining, heap, cpu, walk, traffic, latencies, store, outcome, null, null, null);
  }

  /** What was asked for. */
  public record Setup(String label, int sessions, int participantsPerSession, int connections, int roundsAsked,
                      double spreadSeconds, double changeShare, double rampSeconds) {
  }

  public record Joining(double joinSeconds, double joinRatePerSecond) {
  }

  public record Heap(double baselineMiB, double connectedMiB, double perConnectionKiB) {
  }

  /**
   * The server process's resident memory (VmRSS) after a full GC on the empty server and with everyone connected
   * and idle, and what grew per connection, in total and outside the Java heap (native memory tracking).
   */
  public record Resident(double baselineMiB, double connectedMiB, double perConnectionKiB, Double nativePerConnectionKiB,
                         Double heapCommittedPerConnectionKiB, String topCategories) {
    static Resident of(ResidentMemory before, ResidentMemory after, int connections) {
      ResidentMemory.PerConnection grown = after.perConnectionSince(before, connections, 3);
      return new Resident(before.residentBytes() / 1048576.0, after.residentBytes() / 1048576.0,
          grown.residentKiB(), grown.nativeKiB(), grown.heapCommittedKiB(), grown.topCategories());
    }
  }

  /** Server CPU; per vote net of the idle rate, and raw. */
  public record Cpu(double idlePerSecond, Double millisPerVoteRaw, Double millisPerVote, Double secondsPerRound,
                    Double serverSecondsTotal) {
  }

  public record Walk(int stepsPlayed, boolean routeCompleted) {
  }

  public record Traffic(int votesSent, int votesAcked, Long framesOut, Long bytesOut, Double framesOutPerSecondAvg,
                        Double framesOutPerSecondPeak, Double bytesOutPerSecondPeak, long framesIn, long bytesIn) {
  }

  public record Latencies(double voteP50Ms, double voteP95Ms, double voteP99Ms, double voteMaxMs,
                          double tallyP50Ms, double tallyMaxMs, double nextStateP50Ms, double nextStateP99Ms,
                          double nextStateLastMs, double nextStateLastMedianMs) {
  }

  public record StoreFigures(String kind, long commits, long events, double eventsPerCommit, long maxBatch,
                             double meanWriteMs, double maxWriteMs, double eventLoopDelayMaxMs) {
  }

  public record Outcome(int unexpectedParticipantStates, int errors, List<String> errorSamples,
                        double durationSeconds) {
    public Outcome {
      errorSamples = List.copyOf(errorSamples);
    }
  }

  /**
   * The server's event-loop delay maximum per phase of the run, forced GCs left out (see {@link PhaseDelays});
   * a phase that was not reached is null.
   */
  public record LoopDelays(Double joinMs, Double votingMs, Double broadcastMs, Double idleMs, Double wholeRunMs,
                           String worstWindow) {
  }

  /**
   * What the phones received per route step (every frame, welcome included, divided by phones and steps): the
   * phones on the compact state, and the one phone that stays on the contract's whole state; and the size of
   * the last state frame each got (the route is longest then).
   */
  public record PhoneBytes(Double compactPerStep, Double fullPerStep, Integer lastCompactState,
                           Integer lastFullState) {
  }

  /** One line of the table: its label, the figure it shows, and the figure's unit. */
  record Row(String label, Function<RunReport, Object> figure, String unit) {
  }

  static final List<Row> ROWS = List.of(
      new Row("sessions × participants", r -> r.setup.sessions() + " × " + r.setup.participantsPerSession(), ""),
      new Row("connections", r -> r.setup.connections(), ""),
      new Row("join rate", r -> r.joining == null ? null : r.joining.joinRatePerSecond(), "/s"),
      new Row("votes sent / acknowledged", r -> r.traffic.votesSent() + " / " + r.traffic.votesAcked(), ""),
      new Row("vote→voted p50", r -> r.latencies == null ? null : r.latencies.voteP50Ms(), "ms"),
      new Row("vote→voted p95", r -> r.latencies == null ? null : r.latencies.voteP95Ms(), "ms"),
      new Row("vote→voted p99", r -> r.latencies == null ? null : r.latencies.voteP99Ms(), "ms"),
      new Row("vote→voted max", r -> r.latencies == null ? null : r.latencies.voteMaxMs(), "ms"),
      new Row("last vote→complete tally p50", r -> r.latencies == null ? null : r.latencies.tallyP50Ms(), "ms"),
      new Row("last vote→complete tally max", r -> r.latencies == null ? null : r.latencies.tallyMaxMs(), "ms"),
      new Row("next→state p50", r -> r.latencies == null ? null : r.latencies.nextStateP50Ms(), "ms"),
      new Row("next→state p99", r -> r.latencies == null ? null : r.latencies.nextStateP99Ms(), "ms"),
      new Row("next→state last phone (worst round)", r -> r.latencies == null ? null : r.latencies.nextStateLastMs(), "ms"),
      new Row("frames out/s (avg over play)", r -> r.traffic.framesOutPerSecondAvg(), "/s"),
      new Row("frames out/s (peak 1 s)", r -> r.traffic.framesOutPerSecondPeak(), "/s"),
      new Row("bytes out/s (peak 1 s)", r -> r.traffic.bytesOutPerSecondPeak(), "B/s"),
      new Row("server CPU per vote (net of idle)", r -> r.cpu == null ? null : r.cpu.millisPerVote(), "ms"),
      new Row("server CPU per vote (raw vote windows)", r -> r.cpu == null ? null : r.cpu.millisPerVoteRaw(), "ms"),
      new Row("server idle CPU with all connected", r -> r.cpu == null ? null : r.cpu.idlePerSecond(), "s/s"),
      new Row("server CPU per round", r -> r.cpu == null ? null : r.cpu.secondsPerRound(), "s"),
      new Row("heap after GC, connected", r -> r.heap == null ? null : r.heap.connectedMiB(), "MiB"),
      new Row("heap per connection", r -> r.heap == null ? null : r.heap.perConnectionKiB(), "KiB"),
      new Row("resident memory, connected", r -> r.resident == null ? null : r.resident.connectedMiB(), "MiB"),
      new Row("resident memory per connection", r -> r.resident == null ? null : r.resident.perConnectionKiB(), "KiB"),
      new Row("heap committed per connection",
          r -> r.resident == null ? null : r.resident.heapCommittedPerConnectionKiB(), "KiB"),
      new Row("native (non-heap) per connection",
          r -> r.resident == null ? null : r.resident.nativePerConnectionKiB(), "KiB"),
      new Row("native categories that grew most, per connection",
          r -> r.resident == null ? null : r.resident.topCategories(), ""),
      new Row("store commits", r -> r.store == null ? null : r.store.commits(), ""),
      new Row("store events per commit", r -> r.store == null ? null : r.store.eventsPerCommit(), ""),
      new Row("store max batch", r -> r.store == null ? null : r.store.maxBatch(), ""),
      new Row("store write mean", r -> r.store == null ? null : r.store.meanWriteMs(), "ms"),
      new Row("store write max", r -> r.store == null ? null : r.store.maxWriteMs(), "ms"),
      new Row("event-loop delay max, whole run", r -> r.store == null ? null : r.store.eventLoopDelayMaxMs(), "ms"),
      new Row("event-loop delay max, join ramp", r -> r.loopDelays == null ? null : r.loopDelays.joinMs(), "ms"),
      new Row("event-loop delay max, vote windows", r -> r.loopDelays == null ? null : r.loopDelays.votingMs(), "ms"),
      new Row("event-loop delay max, broadcasts", r -> r.loopDelays == null ? null : r.loopDelays.broadcastMs(), "ms"),
      new Row("event-loop delay max, idle", r -> r.loopDelays == null ? null : r.loopDelays.idleMs(), "ms"),
      new Row("worst event-loop delay in", r -> r.loopDelays == null ? null : r.loopDelays.worstWindow(), ""),
      new Row("event-loop delay max", r -> r.store == null ? null : r.store.eventLoopDelayMaxMs(), "ms"),
      new Row("bytes per phone per step (compact)",
          r -> r.phoneBytes == null ? null : r.phoneBytes.compactPerStep(), "B"),
      new Row("bytes per phone per step (whole state)",
          r -> r.phoneBytes == null ? null : r.phoneBytes.fullPerStep(), "B"),
      new Row("last state frame, compact / whole", r -> r.phoneBytes == null ? null
          : format(r.phoneBytes.lastCompactState(), "B") + " / " + format(r.phoneBytes.lastFullState(), "B"), ""),
      new Row("route completed", r -> r.walk == null ? null : r.walk.routeCompleted(), ""),
      new Row("errors", r -> r.outcome.errors(), ""));

  public String label() {
    return setup.label();
  }

  public int errors() {
    return outcome.errors();
  }

  public boolean routeCompleted() {
    return walk != null && walk.routeCompleted();
  }

  public long votesSent() {
    return traffic.votesSent();
  }

  public long votesAcked() {
    return traffic.votesAcked();
  }

  RunReport withLabel(String label) {
    return new RunReport(new Setup(label, setup.sessions(), setup.participantsPerSession(), setup.connections(),
        setup.roundsAsked(), setup.spreadSeconds(), setup.changeShare(), setup.rampSeconds()),
        joining, heap, cpu, walk, traffic, latencies, store, outcome, resident, loopDelays, phoneBytes);
  }

  /** The flat JSON of the run: the keys and their order are what scripts read, so they stay as they were. */
  public JsonObject json() {
    JsonObject json = new JsonObject()
        .put("label", setup.label())
        .put("sessions", setup.sessions())
        .put("participantsPerSession", setup.participantsPerSession())
        .put("connections", setup.connections())
        .put("roundsAsked", setup.roundsAsked())
        .put("spreadSeconds", setup.spreadSeconds())
        .put("changeShare", setup.changeShare())
        .put("rampSeconds", setup.rampSeconds());
    if (joining != null) {
      json.put("joinSeconds", joining.joinSeconds()).put("joinRatePerSecond", joining.joinRatePerSecond());
    }
    if (heap != null) {
      json.put("heapBaselineMiB", heap.baselineMiB())
          .put("heapConnectedMiB", heap.connectedMiB())
          .put("heapPerConnectionKiB", heap.perConnectionKiB());
    }
    if (resident != null) {
      json.put("residentBaselineMiB", resident.baselineMiB())
          .put("residentConnectedMiB", resident.connectedMiB())
          .put("residentPerConnectionKiB", resident.perConnectionKiB())
          .put("heapCommittedPerConnectionKiB", resident.heapCommittedPerConnectionKiB())
          .put("nativePerConnectionKiB", resident.nativePerConnectionKiB())
          .put("nativeTopCategories", resident.topCategories());
    }
    if (cpu != null) {
      json.put("idleCpuPerSecond", cpu.idlePerSecond())
          .put("cpuMillisPerVoteRaw", cpu.millisPerVoteRaw())
          .put("cpuMillisPerVote", cpu.millisPerVote())
          .put("cpuSecondsPerRound", cpu.secondsPerRound());
    }
    if (walk != null) {
      json.put("stepsPlayed", walk.stepsPlayed()).put("routeCompleted", walk.routeCompleted());
    }
    if (traffic.framesOut() != null) {
      json.put("votesSent", traffic.votesSent()).put("votesAcked", traffic.votesAcked())
          .put("framesOut", traffic.framesOut()).put("bytesOut", traffic.bytesOut())
          .put("framesOutPerSecondAvg", traffic.framesOutPerSecondAvg())
          .put("framesOutPerSecondPeak", traffic.framesOutPerSecondPeak())
          .put("bytesOutPerSecondPeak", traffic.bytesOutPerSecondPeak());
    }
    if (latencies != null) {
      json.put("voteLatencyP50Ms", latencies.voteP50Ms())
          .put("voteLatencyP95Ms", latencies.voteP95Ms())
          .put("voteLatencyP99Ms", latencies.voteP99Ms())
          .put("voteLatencyMaxMs", latencies.voteMaxMs())
          .put("tallyLatencyP50Ms", latencies.tallyP50Ms())
          .put("tallyLatencyMaxMs", latencies.tallyMaxMs())
          .put("nextStateP50Ms", latencies.nextStateP50Ms())
          .put("nextStateP99Ms", latencies.nextStateP99Ms())
          .put("nextStateLastMs", latencies.nextStateLastMs())
          .put("nextStateLastMedianMs", latencies.nextStateLastMedianMs());
    }
    if (store != null) {
      json.put("storeKind", store.kind())
          .put("storeCommits", store.commits())
          .put("storeEvents", store.events())
          .put("storeEventsPerCommit", store.eventsPerCommit())
          .put("storeMaxBatch", store.maxBatch())
          .put("storeMeanWriteMs", store.meanWriteMs())
          .put("storeMaxWriteMs", store.maxWriteMs())
          .put("eventLoopDelayMaxMs", store.eventLoopDelayMaxMs())
          .put("serverCpuSecondsTotal", cpu == null ? null : cpu.serverSecondsTotal());
    }
    json.put("framesIn", traffic.framesIn()).put("bytesIn", traffic.bytesIn())
        .put("unexpectedParticipantStates", outcome.unexpectedParticipantStates())
        .put("errors", outcome.errors())
        .put("errorSamples", new JsonArray(new ArrayList<>(outcome.errorSamples())))
        .put("durationSeconds", outcome.durationSeconds());
    if (loopDelays != null) {
      json.put("eventLoopDelayJoinMs", loopDelays.joinMs())
          .put("eventLoopDelayVotingMs", loopDelays.votingMs())
          .put("eventLoopDelayBroadcastMs", loopDelays.broadcastMs())
          .put("eventLoopDelayIdleMs", loopDelays.idleMs())
          .put("eventLoopDelayWorstWindow", loopDelays.worstWindow());
    }
    if (phoneBytes != null) {
      // Added after the keys above, so scripts that read those find them where they were.
      json.put("bytesPerPhonePerStepCompact", phoneBytes.compactPerStep())
          .put("bytesPerPhonePerStepFull", phoneBytes.fullPerStep())
          .put("lastCompactStateBytes", phoneBytes.lastCompactState())
          .put("lastFullStateBytes", phoneBytes.lastFullState());
    }
    return json;
  }

  /** One cell of the table for this report. */
  String cell(Row row) {
    return format(row.figure().apply(this), row.unit());
  }

  static String format(Object value, String unit) {
    if (value == null) {
      return "–";
    }
    if (value instanceof Boolean b) {
      return b ? "yes" : "no";
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      String text;
      if (value instanceof Integer || value instanceof Long || Math.abs(d) >= 1000) {
        text = String.format(Locale.ROOT, "%,.0f", d);
      } else if (Math.abs(d) >= 10) {
        text = String.format(Locale.ROOT, "%.1f", d);
      } else {
        text = String.format(Locale.ROOT, "%.3g", d);
      }
      return unit.isEmpty() ? text : text + " " + unit;
    }
    return value.toString();
  }

  public String table() {
    StringBuilder out = new StringBuilder("run " + label() + "\n");
    for (Row row : ROWS) {
      out.append(String.format(Locale.ROOT, "  %-40s %s%n", row.label(), cell(row)));
    }
    outcome.errorSamples().forEach(e -> out.append("  ! ").append(e).append('\n'));
    return out.toString();
  }
}
