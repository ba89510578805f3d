package nl.buurtroute.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * {@code bench --only cluster}: the cluster runs of issue 12. The benchmark starts a PostgreSQL of its own and,
 * for each run, a new database and three members as child JVMs on loopback (each {@code -Xmx1g}, limits opened
 * wide). The generator (this JVM) creates the sessions through member A, keeps their facilitators there (A owns
 * them) and spreads the phones round-robin over A, B and C. Runs: one hall, many rooms, a hall of
 * {@value #COMPARE_FULL} on the cluster and on a single server (also on PostgreSQL), and the takeover of the rooms
 * of a killed (SIGKILL) member.
 */
final class ClusterBench {
  static final int MEMBERS = 3;
  static final String MEMBER_HEAP = "1g";
  static final int HALL_FULL = 15_000;
  static final int ROOMS_FULL = 1_000;
  static final int ROOM_SIZE = 20;
  static final int COMPARE_FULL = 2_000;
  static final double TAKEOVER_TARGET_SECONDS = 10;
  /** Kills of a full run, each on a new cluster: one takeover alone varied by half its time on this machine. */
  static final int TAKEOVERS = 3;
  /**
   * Phones per second joining the many rooms. At the halls' 2,000/s, 933 owners on one member writing their
   * joins to PostgreSQL while three members, PostgreSQL and the generator share two cores kept welcomes past the
   * 15 s hello deadline; a thousand rooms do not all fill within ten seconds on a real evening either.
   */
  static final double ROOMS_JOIN_RATE = 500;
  private static final List<String> NAMES = List.of("A", "B", "C");

  private ClusterBench() {
  }

  /** How big the runs are: the sizes, or {@code --quick} ones to try the benchmark itself. */
  record Sizes(int hall, int rooms, int compare, int takeoverRooms) {
    static Sizes of(boolean quick, long fdLimit) {
      // A process holds at most fdLimit files; each room needs 21 sockets in the generator.
      int rooms = (int) Math.min(ROOMS_FULL, Math.max(1, (fdLimit - 400) / (ROOM_SIZE + 1)));
      return quick ? new Sizes(1_500, 50, 300, 50) : new Sizes(HALL_FULL, rooms, COMPARE_FULL, ROOMS_FULL);
    }
  }

  /** One generator run on the cluster: the generator's report and each member's figures. */
  record ClusterRun(String label, RunReport report, MemberMeter.Figures members) {
  }

  /**
   * The takeover run: how many sessions the killed member owned, how long until the survivors owned all of them
   * and until every one answered a command, and how they spread.
   */
  record Takeover(int sessions, int participantsPerSession, int phonesConnected, double allOwnedSeconds,
                  Double allAnsweringSeconds, Map<String, Integer> spread, String error) {
    boolean met() {
      return error == null && allOwnedSeconds <= TAKEOVER_TARGET_SECONDS;
    }
  }

  /**
   * Everything the cluster runs measured. {@code takeovers}: each kill -9 on a new cluster; one takeover varied
   * from 6.7 to 14.9 s on this machine (three members, PostgreSQL and the generator on two cores), so the figure
   * judged is the median.
   */
  record Result(List<ClusterRun> runs, RunReport single, List<Takeover> takeovers, Sizes sizes, double spreadSeconds,
                String postgres) {
    boolean met() {
      return Targets.of(this).stream().allMatch(t -> t.verdict().equals("met"));
    }

    /** The median takeover by time until every session was owned; one that failed counts as the slowest. */
    Takeover takeover() {
      List<Takeover> sorted = takeovers.stream().sorted(java.util.Comparator.comparingDouble(
          (Takeover t) -> Double.isNaN(t.allOwnedSeconds()) ? Double.MAX_VALUE : t.allOwnedSeconds())).toList();
      return sorted.get((sorted.size() - 1) / 2);
    }
  }

  static Result run(String serverMainClass, boolean quick, double spread, PrintStream out) {
    Sizes sizes = Sizes.of(quick, Bench.fdLimit());
    PostgresServer postgres = PostgresServer.get();
    List<ClusterRun> runs = new ArrayList<>();
    runs.add(onCluster(serverMainClass, "N=" + sizes.hall(), 1, sizes.hall(), spread, out));
    runs.add(onCluster(serverMainClass, sizes.rooms() + "x" + ROOM_SIZE, sizes.rooms(), ROOM_SIZE, spread, out));
    runs.add(onCluster(serverMainClass, "N=" + sizes.compare(), 1, sizes.compare(), spread, out));
    RunReport single = onSingleServer(serverMainClass, sizes.compare(), spread, out);
    List<Takeover> takeovers = new ArrayList<>();
    for (int i = 0; i < (quick ? 1 : TAKEOVERS); i++) {
      takeovers.add(takeover(serverMainClass, sizes.takeoverRooms(), out));
    }
    return new Result(runs, single, takeovers, sizes, spread, postgres.version());
  }

  // ---- BENCHMARKS.md, section "cluster" ----

  /** The targets of issue 12 against what the runs measured. */
  static final class Targets {
    private Targets() {
    }

    static List<Bench.Target> of(Result result) {
      List<Bench.Target> lines = new ArrayList<>();
      lines.add(worst(result, "cross-member bus messages per vote ≤ 2 (sent by all members in the vote windows / votes)",
          MemberMeter.Figures::sentPerVote, 2));
      lines.add(worst(result, "cross-member bus messages per state broadcast ≤ " + MEMBERS
          + " (the number of members; sent around each state change / state changes)",
          MemberMeter.Figures::sentPerBroadcast, MEMBERS));
      Takeover t = result.takeover();
      String owned = t.error() != null && Double.isNaN(t.allOwnedSeconds()) ? "failed: " + t.error()
          : String.format(Locale.ROOT, "%.2f s (every one answering a command: %s)", t.allOwnedSeconds(),
          t.allAnsweringSeconds() == null ? "–" : String.format(Locale.ROOT, "%.2f s", t.allAnsweringSeconds()));
      if (result.takeovers().size() > 1) {
        owned += "; each kill: " + result.takeovers().stream().map(ClusterBench::ownedFigure)
            .collect(Collectors.joining(", "));
      }
      lines.add(new Bench.Target("takeover of " + String.format(Locale.ROOT, "%,d", t.sessions()) + " sessions of "
          + t.participantsPerSession() + " after kill -9 of their owner ≤ 10 s"
          + (result.takeovers().size() > 1 ? " (median of " + result.takeovers().size() + " kills)" : ""),
          owned, t.met() ? "met" : "**missed**"));
      ClusterRun compare = result.runs().get(result.runs().size() - 1);
      Double cluster = p99(compare.report());
      Double single = p99(result.single());
      boolean met = cluster != null && single != null && cluster <= 2 * single;
      lines.add(new Bench.Target("vote→voted p99 at " + String.format(Locale.ROOT, "%,d", result.sizes().compare())
          + " phones on the cluster ≤ 2× the single server's",
          "cluster " + RunReport.format(cluster, "ms") + ", single " + RunReport.format(single, "ms")
              + (cluster != null && single != null && single > 0
              ? String.format(Locale.ROOT, " (%.2f×)", cluster / single) : ""), met ? "met" : "**missed**"));
      long errors = result.runs().stream().mapToLong(r -> r.report().errors()).sum() + result.single().errors();
      lines.add(new Bench.Target("zero errors in the generator runs", Long.toString(errors),
          errors == 0 ? "met" : "**missed**"));
      return lines;
    }

    private static Bench.Target worst(Result result, String target,
                                      java.util.function.BiFunction<MemberMeter.Figures, MemberMeter.Member, Double> per,
                                      double limit) {
      double worst = Double.NEGATIVE_INFINITY;
      StringBuilder figures = new StringBuilder();
      for (ClusterRun run : result.runs()) {
        Double value = per.apply(run.members(), run.members().total());
        figures.append(figures.isEmpty() ? "" : "; ").append(run.label()).append(": ")
            .append(value == null ? "–" : String.format(Locale.ROOT, "%.2f", value));
        worst = value == null ? Double.POSITIVE_INFINITY : Math.max(worst, value);
      }
      return new Bench.Target(target, figures.toString(), worst <= limit ? "met" : "**missed**");
    }

    private static Double p99(RunReport report) {
      return report == null || report.latencies() == null ? null : report.latencies().voteP99Ms();
    }
  }

  /** Phones of a run on member {@code m}: round-robin over the members by phone number. */
  static int phonesOn(int m, int phones, int members) {
    return phones / members + (m < phones % members ? 1 : 0);
  }

  static String markdown(Result result) {
    StringBuilder md = new StringBuilder("## Cluster: three members and PostgreSQL (issue 12)\n\n");
    md.append("Run with `java -Xmx2g -jar server/target/buurtroute.jar bench --only cluster` on ")
        .append(java.time.ZonedDateTime.now().format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME))
        .append(". Three members (A, B, C) as child JVMs on loopback, each `-Xmx").append(MEMBER_HEAP)
        .append(" -XX:+UseG1GC`, Hazelcast's default heartbeat, one new database per run on the benchmark's own ")
        .append(result.postgres()).append(". Sessions are created through A and their facilitators stay on A (A owns ")
        .append("them); phones go round-robin over A, B and C, joining at 2,000/s in the halls and ")
        .append(String.format(Locale.ROOT, "%,.0f", ROOMS_JOIN_RATE)).append("/s in the many rooms. ")
        .append("Whole walk of 12 vragen, votes spread over ")
        .append(Coordinator.fmt(result.spreadSeconds())).append(" s, 20% change their vote.\n\n");
    for (ClusterRun run : result.runs()) {
      md.append(runTable(run));
    }
    md.append(compareTable(result));
    md.append(takeoverTable(result.takeovers()));
    md.append("### Targets of issue 12\n\n| target | figure | |\n|---|---|---|\n");
    for (Bench.Target t : Targets.of(result)) {
      md.append("| ").append(t.target()).append(" | ").append(t.figure()).append(" | ").append(t.verdict())
          .append(" |\n");
    }
    md.append("\nHow the figures are taken: every member counts the event-bus messages it encodes for another member ")
        .append("(Vert.x encodes a publish once per destination member, so a broadcast to two other members counts ")
        .append("two) and decodes from one, and shows them in `/api/stats` (`cluster.bus`). The generator reads ")
        .append("`/api/stats` of all three at the edges of each vote window (rounds 2–12; a window ends when every ")
        .append("vote is acknowledged and every facilitator saw the complete tally, so tallies and `voted` replies ")
        .append("count) and of each state change (next, openVoting, closeVoting, decide, finish: from the commands ")
        .append("until every phone has the new state). Per vote = messages in the vote windows / votes; per state ")
        .append("broadcast = messages around the state changes / (sessions × state changes). CPU is each member's ")
        .append("process CPU time; per vote raw (idle work in the windows included). On one 2-core machine the three ")
        .append("members and the generator share the cores, so CPU per vote is compared with the single server at the ")
        .append("same N, not throughput. Latencies are the generator's (see the scaling section).\n");
    return md.toString();
  }

  private static String runTable(ClusterRun run) {
    MemberMeter.Figures f = run.members();
    RunReport r = run.report();
    List<MemberMeter.Member> columns = new ArrayList<>(f.members());
    columns.add(f.total());
    int phones = r.setup().sessions() * r.setup().participantsPerSession();
    StringBuilder md = new StringBuilder("### ").append(r.setup().sessions() == 1 ? "One session of "
        + String.format(Locale.ROOT, "%,d", phones) : String.format(Locale.ROOT, "%,d sessions of %d",
        r.setup().sessions(), r.setup().participantsPerSession())).append(" (").append(run.label()).append(")\n\n");
    md.append("| figure | A | B | C | total |\n|---|---:|---:|---:|---:|\n");
    md.append("| phones connected |");
    for (int m = 0; m < MEMBERS; m++) {
      md.append(' ').append(String.format(Locale.ROOT, "%,d", phonesOn(m, phones, MEMBERS))).append(" |");
    }
    md.append(' ').append(String.format(Locale.ROOT, "%,d", phones)).append(" |\n");
    row(md, "process CPU over the play", columns, m -> m.play().cpuSeconds(), "s");
    row(md, "CPU per vote (vote windows, raw)", columns, m -> f.cpuMillisPerVote(m), "ms");
    row(md, "frames out over the play", columns, m -> m.play().framesOut(), "");
    row(md, "bus messages sent, whole play", columns, m -> m.play().busSent(), "");
    row(md, "bus messages sent per vote", columns, m -> f.sentPerVote(m), "");
    row(md, "bus messages received per vote", columns, m -> f.receivedPerVote(m), "");
    row(md, "bus messages sent per state broadcast", columns, m -> f.sentPerBroadcast(m), "");
    row(md, "bus messages received per state broadcast", columns, m -> f.receivedPerBroadcast(m), "");
    md.append("\n| run figure | value |\n|---|---:|\n")
        .append("| votes counted (rounds 2–12) / state broadcasts counted | ").append(String.format(Locale.ROOT,
            "%,d / %,d", f.votes(), f.stateChanges())).append(" |\n");
    for (String label : List.of("vote→voted p50", "vote→voted p99", "last vote→complete tally max",
        "next→state last phone (worst round)", "join rate", "route completed", "errors")) {
      RunReport.ROWS.stream().filter(row -> row.label().equals(label)).findFirst()
          .ifPresent(row -> md.append("| ").append(label).append(" | ").append(r.cell(row)).append(" |\n"));
    }
    r.outcome().errorSamples().stream().limit(3).forEach(e -> md.append("| error sample | ")
        .append(e.replace("|", "\\|")).append(" |\n"));
    return md.append('\n').toString();
  }

  private static void row(StringBuilder md, String label, List<MemberMeter.Member> columns,
                          java.util.function.Function<MemberMeter.Member, Object> figure, String unit) {
    md.append("| ").append(label).append(" |");
    for (MemberMeter.Member m : columns) {
      Object value = figure.apply(m);
      md.append(' ').append(value instanceof Double d && !unit.isEmpty() ? RunReport.format(d, unit)
          : value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : RunReport.format(value, unit))
          .append(" |");
    }
    md.append('\n');
  }

  private static String compareTable(Result result) {
    ClusterRun cluster = result.runs().get(result.runs().size() - 1);
    RunReport c = cluster.report();
    RunReport s = result.single();
    StringBuilder md = new StringBuilder("### ").append(String.format(Locale.ROOT, "%,d", result.sizes().compare()))
        .append(" phones: cluster against a single server (both on PostgreSQL)\n\n")
        .append("| figure | cluster (3 members) | single server |\n|---|---:|---:|\n");
    for (String label : List.of("vote→voted p50", "vote→voted p99", "vote→voted max", "last vote→complete tally max",
        "next→state last phone (worst round)", "server CPU per vote (raw vote windows)", "errors")) {
      RunReport.ROWS.stream().filter(row -> row.label().equals(label)).findFirst().ifPresent(row -> {
        String clusterCell = label.startsWith("server CPU")
            ? RunReport.format(cluster.members().cpuMillisPerVote(cluster.members().total()), "ms") + " (all members)"
            : c.cell(row);
        md.append("| ").append(label).append(" | ").append(clusterCell).append(" | ").append(s.cell(row))
            .append(" |\n");
      });
    }
    return md.append('\n').toString();
  }

  private static String ownedFigure(Takeover t) {
    return Double.isNaN(t.allOwnedSeconds()) ? "failed" : String.format(Locale.ROOT, "%.2f s", t.allOwnedSeconds());
  }

  /** One column per kill, each on a cluster of its own. */
  private static String takeoverTable(List<Takeover> takeovers) {
    StringBuilder md = new StringBuilder("### Takeover after kill -9 of the owner\n\n| figure |");
    for (int i = 0; i < takeovers.size(); i++) {
      md.append(takeovers.size() == 1 ? " value |" : " kill " + (i + 1) + " |");
    }
    md.append("\n|---|").append("---|".repeat(takeovers.size())).append('\n');
    row(md, "sessions owned by A, participants each", takeovers,
        t -> String.format(Locale.ROOT, "%,d × %d", t.sessions(), t.participantsPerSession()));
    row(md, "phones connected to B and C at the kill (the rest joined and left)", takeovers,
        t -> String.format(Locale.ROOT, "%,d", t.phonesConnected()));
    row(md, "kill -9 → every session owned by a survivor", takeovers,
        t -> Double.isNaN(t.allOwnedSeconds()) ? "–" : String.format(Locale.ROOT, "%.2f s", t.allOwnedSeconds()));
    row(md, "kill -9 → every session answered `openVoting` (sent once all were owned)", takeovers,
        t -> t.allAnsweringSeconds() == null ? "–" : String.format(Locale.ROOT, "%.2f s", t.allAnsweringSeconds()));
    row(md, "spread over the survivors", takeovers, t -> t.spread().isEmpty() ? "–"
        : new TreeMap<>(t.spread()).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ")));
    if (takeovers.stream().anyMatch(t -> t.error() != null)) {
      row(md, "error", takeovers, t -> t.error() == null ? "–" : t.error().replace("|", "\\|"));
    }
    return md.append("\nEach kill on three new members and a new database. The survivors' `/api/stats`"
        + " (`cluster.ownedSessionIds`) are polled every 50 ms from the kill.\n\n").toString();
  }

  private static void row(StringBuilder md, String figure, List<Takeover> takeovers,
                          java.util.function.Function<Takeover, String> value) {
    md.append("| ").append(figure).append(" |");
    takeovers.forEach(t -> md.append(' ').append(value.apply(t)).append(" |"));
    md.append('\n');
  }

  // ---- the runs ----

  static ClusterRun onCluster(String mainClass, String label, int sessions, int participants, double spread,
                              PrintStream out) {
    out.println("== cluster " + label + ": three members starting");
    try (Members cluster = Members.start(mainClass)) {
      LoadOptions options = generator(cluster.urls(), cluster.adminToken, sessions, participants, spread,
          "cluster " + label);
      MemberMeter meter = new MemberMeter(cluster.urls(), NAMES, cluster.adminToken);
      RunReport report = new Coordinator(options, out, meter).execute();
      out.print(report.table());
      if (report.errors() > 0) {
        cluster.printLogs(out);
      }
      return new ClusterRun(label, report, meter.figures());
    }
  }

  private static RunReport onSingleServer(String mainClass, int participants, double spread, PrintStream out) {
    out.println("== single server N=" + participants + " on PostgreSQL");
    try (BenchServer server = BenchServer.start(mainClass, MEMBER_HEAP, PostgresServer.get().newDatabase(), null)) {
      LoadOptions options = generator(List.of(server.url()), server.adminToken, 1, participants, spread,
          "single N=" + participants);
      RunReport report = new Coordinator(options, out).execute();
      out.print(report.table());
      return report;
    }
  }

  private static LoadOptions generator(List<String> urls, String adminToken, int sessions, int participants,
                                       double spread, String label) {
    LoadOptions options = LoadOptions.defaults()
        .withUrl(String.join(",", urls))
        .withTokens(adminToken, null)
        .with(participants, sessions, spread, 0.2, LoadOptions.WHOLE_WALK,
            sessions > 1 ? sessions * participants / ROOMS_JOIN_RATE : -1)
        .withLimits(30_000, 1800)
        .withSeed(1)
        .withLabel(label);
    options.validate();
    return options;
  }

  // ---- takeover ----

  /**
   * Sessions created through A (so A owns them), each moved to its first vraag; their facilitators and phones on
   * B and C. Then A gets SIGKILL; the survivors' {@code /api/stats} are polled until they own every session, and
   * then each facilitator opens the vote (retried after a retryable error) until each answers with its state.
   * Phones beyond the generator's open-file budget join and leave again, so every session has its 20.
   */
  static Takeover takeover(String mainClass, int rooms, PrintStream out) {
    out.println("== takeover: " + rooms + " sessions of " + ROOM_SIZE + " owned by A; three members starting");
    long budget = Bench.fdLimit() - 400;
    int connectedPerRoom = (int) Math.max(0, Math.min(ROOM_SIZE, budget / rooms - 1));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Members cluster = null;
    try {
      cluster = Members.start(mainClass);
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(rooms * (ROOM_SIZE + 1) + 16).setConnectTimeout(30_000)
          .setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20));
      Http http = new Http(LoadOptions.defaults().withUrl(cluster.url(0)).withTokens(cluster.adminToken, null));
      JsonObject content = http.get("/api/content");
      List<String> rollen = content.getJsonArray("rollen").stream()
          .map(r -> r instanceof JsonObject o ? o.getString("id") : r.toString()).toList();
      out.println("   sessions through A: " + rooms);
      List<Http.CreatedSession> created = http.createSessions(rooms, "Overname");
      List<Desk> desks = new ArrayList<>();
      for (int s = 0; s < rooms; s++) {
        desks.add(new Desk(created.get(s), 1 + s % 2));
      }
      Semaphore inFlight = new Semaphore(200);
      for (Desk d : desks) {
        acquire(inFlight);
        d.connect(client, cluster).whenComplete((v, e) -> inFlight.release());
      }
      try {
        awaitAll(desks.stream().map(d -> d.welcomed).toList(), 120, "welkom van de begeleiders");
      } catch (IllegalStateException e) {
        throw new IllegalStateException(e.getMessage() + errorsOf(desks), e);
      }
      desks.forEach(d -> d.send("{\"type\":\"next\"}"));
      awaitAll(desks.stream().map(d -> d.question).toList(), 120, "eerste vraag in elke sessie");

      out.println("   phones joining on B and C: " + rooms * ROOM_SIZE + " (" + connectedPerRoom
          + " per session stay connected)");
      AtomicInteger connected = new AtomicInteger();
      Random keys = new Random();
      List<CompletableFuture<Void>> joined = new ArrayList<>();
      for (int k = 0; k < ROOM_SIZE; k++) {
        for (Desk d : desks) {
          acquire(inFlight);
          boolean stays = k < connectedPerRoom;
          int member = 1 + (d.index + k) % 2;
          String join = new JsonObject().put("type", "join").put("joinCode", d.created.joinCode())
              .put("name", "Deelnemer " + (k + 1)).put("rol", rollen.get(k % rollen.size()))
              .put("joinKey", Phone.newJoinKey(keys)).encode();
          CompletableFuture<Void> welcomed = phone(client, cluster, member, join, stays);
          welcomed.whenComplete((v, e) -> {
            inFlight.release();
            if (e == null && stays) {
              connected.incrementAndGet();
            }
          });
          joined.add(welcomed);
        }
      }
      awaitAll(joined, 300, "welkom van alle deelnemers");
      Set<String> ids = desks.stream().map(d -> d.created.sessionId()).collect(Collectors.toSet());
      int ownedByA = ownedAmong(cluster, 0, ids).size();
      if (ownedByA != rooms) {
        return new Takeover(rooms, ROOM_SIZE, connected.get(), Double.NaN, null, Map.of(),
            "A owned " + ownedByA + " of the " + rooms + " sessions before the kill");
      }

      out.println("   kill -9 of A");
      long killedAt = System.nanoTime();
      cluster.member(0).kill();
      Map<String, Integer> spread = new TreeMap<>();
      double ownedSeconds = Double.NaN;
      while (System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(120)) {
        Map<Integer, Set<String>> owned = new HashMap<>();
        for (int m = 1; m < MEMBERS; m++) {
          try {
            owned.put(m, ownedAmong(cluster, m, ids));
          } catch (RuntimeException busy) {
            owned.put(m, Set.of());
          }
        }
        Set<String> all = new HashSet<>();
        owned.values().forEach(all::addAll);
        if (all.containsAll(ids)) {
          ownedSeconds = (System.nanoTime() - killedAt) / 1e9;
          owned.forEach((m, s) -> spread.put(NAMES.get(m), s.size()));
          break;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      if (Double.isNaN(ownedSeconds)) {
        return new Takeover(rooms, ROOM_SIZE, connected.get(), Double.NaN, null, Map.of(),
            "the survivors did not own every session within 120 s");
      }
      out.printf(Locale.ROOT, "   all %d sessions owned by survivors after %.2f s: %s%n", rooms, ownedSeconds, spread);

      desks.forEach(d -> d.send("{\"type\":\"openVoting\"}"));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (desks.stream().anyMatch(d -> !d.voting.isDone()) && System.nanoTime() < until) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        // A command that met the session on the move gets a retryable error: send it again.
        desks.stream().filter(d -> !d.voting.isDone() && d.errors.getAndSet(0) > 0)
            .forEach(d -> d.send("{\"type\":\"openVoting\"}"));
      }
      Double answering = desks.stream().allMatch(d -> d.voting.isDone())
          ? desks.stream().mapToLong(d -> d.voting.join()).max().orElse(killedAt) / 1e9 - killedAt / 1e9 : null;
      out.printf(Locale.ROOT, "   every session answered a command after %s s%n",
          answering == null ? "–" : String.format(Locale.ROOT, "%.2f", answering));
      return new Takeover(rooms, ROOM_SIZE, connected.get(), ownedSeconds, answering, spread,
          answering == null ? "not every session answered openVoting within 120 s" : null);
    } catch (RuntimeException e) {
      out.println("   takeover failed: " + e);
      if (cluster != null) {
        cluster.printLogs(out);
      }
      return new Takeover(rooms, ROOM_SIZE, 0, Double.NaN, null, Map.of(), e.toString());
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null)
          .join();
    }
  }

  /** The first error frames of facilitators (up to five kinds), for the message of a wait that failed. */
  private static String errorsOf(List<Desk> desks) {
    List<String> errors = desks.stream().map(d -> d.firstError).filter(java.util.Objects::nonNull).distinct()
        .limit(5).toList();
    return errors.isEmpty() ? "" : " (fouten: " + String.join("; ", errors) + ")";
  }

  private static Set<String> ownedAmong(Members cluster, int member, Set<String> ids) {
    JsonArray owned = MemberMeter.stats(cluster.url(member), cluster.adminToken).getJsonObject("cluster")
        .getJsonArray("ownedSessionIds");
    return owned.stream().map(Object::toString).filter(ids::contains).collect(Collectors.toSet());
  }

  /** A facilitator of the takeover run, on member B or C. */
  private static final class Desk {
    final Http.CreatedSession created;
    final int member;
    final int index;
    private static final AtomicInteger COUNT = new AtomicInteger();
    final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    final CompletableFuture<Void> question = new CompletableFuture<>();
    /** When the state with the vote open arrived (nanoTime). */
    final CompletableFuture<Long> voting = new CompletableFuture<>();
    final AtomicInteger errors = new AtomicInteger();
    /** The first error frame this facilitator got, to say why a run stopped. */
    volatile String firstError;
    volatile WebSocket socket;

    Desk(Http.CreatedSession created, int member) {
      this.created = created;
      this.member = member;
      this.index = COUNT.getAndIncrement();
    }

    CompletableFuture<Void> connect(WebSocketClient client, Members cluster) {
      client.connect(cluster.where(member)).onComplete(ar -> {
        if (ar.failed()) {
          welcomed.completeExceptionally(ar.cause());
          return;
        }
        socket = ar.result();
        socket.textMessageHandler(this::frame);
        socket.writeTextMessage(greeting());
      });
      return welcomed;
    }

    private String greeting() {
      return new JsonObject().put("type", "facilitate").put("sessionId", created.sessionId())
          .put("facilitatorToken", created.facilitatorToken()).encode();
    }

    private void frame(String text) {
      long now = System.nanoTime();
      JsonObject frame = new JsonObject(text);
      String type = frame.getString("type", "");
      if (type.equals("error")) {
        if (!welcomed.isDone() && Phone.isRetryable(text)) {
          // As the console does before its welcome (web/lib/live.js RETRY_CODES).
          Vertx.currentContext().owner().setTimer(200, id -> socket.writeTextMessage(greeting()));
          return;
        }
        errors.incrementAndGet();
        if (firstError == null) {
          firstError = frame.getString("code") + ": " + frame.getString("message");
        }
        return;
      }
      JsonObject state = frame.getJsonObject("state");
      if (state == null) {
        return;
      }
      welcomed.complete(null);
      String stage = state.getString("stage");
      if ("question".equals(stage)) {
        question.complete(null);
      } else if ("voting".equals(stage)) {
        voting.complete(now);
      }
    }

    void send(String frame) {
      socket.writeTextMessage(frame);
    }
  }

  /** A phone that joins; it stays connected or leaves once welcomed (it stays a participant). */
  private static CompletableFuture<Void> phone(WebSocketClient client, Members cluster, int member, String join,
                                               boolean stays) {
    CompletableFuture<Void> welcomed = new CompletableFuture<>();
    client.connect(cluster.where(member)).onComplete(ar -> {
      if (ar.failed()) {
        welcomed.completeExceptionally(ar.cause());
        return;
      }
      WebSocket socket = ar.result();
      socket.textMessageHandler(text -> {
        if (!welcomed.isDone() && text.startsWith("{\"type\":\"welcome\"")) {
          welcomed.complete(null);
          if (!stays) {
            socket.close();
          }
        } else if (!welcomed.isDone() && text.startsWith("{\"type\":\"error\"")) {
          welcomed.completeExceptionally(new IllegalStateException("join: " + text));
        }
      });
      socket.writeTextMessage(join);
    });
    return welcomed;
  }

  private static void acquire(Semaphore semaphore) {
    try {
      if (!semaphore.tryAcquire(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no answers from the cluster for 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitAll(List<? extends CompletableFuture<?>> futures, long seconds, String what) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      long done = futures.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
      throw new IllegalStateException("te lang gewacht op " + what + " (" + done + " van " + futures.size() + "): "
          + e, e);
    }
  }

  // ---- three members ----

  /** Three members on loopback with a new database of the benchmark's PostgreSQL; stopped on close. */
  static final class Members implements AutoCloseable {
    final String adminToken;
    private final List<BenchServer> servers;

    private Members(List<BenchServer> servers, String adminToken) {
      this.servers = servers;
      this.adminToken = adminToken;
    }

    static Members start(String mainClass) {
      String dbUrl = PostgresServer.get().newDatabase();
      int[] httpPorts = new int[MEMBERS];
      int[] clusterPorts = new int[MEMBERS];
      reservePorts(httpPorts, clusterPorts);
      String memberList = java.util.Arrays.stream(clusterPorts).mapToObj(p -> "127.0.0.1:" + p)
          .collect(Collectors.joining(","));
      String token = BenchServer.newAdminToken();
      List<CompletableFuture<BenchServer>> starting = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        Map<String, String> env = Map.of(
            "BUURTROUTE_CLUSTER_MEMBERS", memberList,
            "BUURTROUTE_CLUSTER_PORT", Integer.toString(clusterPorts[i]),
            "BUURTROUTE_CLUSTER_HOST", "127.0.0.1");
        int port = httpPorts[i];
        starting.add(CompletableFuture.supplyAsync(() -> BenchServer.startMember(mainClass, MEMBER_HEAP, dbUrl, port,
            env, token)));
      }
      List<BenchServer> servers = new ArrayList<>();
      RuntimeException failed = null;
      for (CompletableFuture<BenchServer> s : starting) {
        try {
          servers.add(s.join());
        } catch (RuntimeException e) {
          failed = e;
        }
      }
      Members members = new Members(servers, token);
      if (failed != null) {
        members.close();
        throw failed;
      }
      return members;
    }

    String url(int i) {
      return servers.get(i).url();
    }

    List<String> urls() {
      return servers.stream().map(BenchServer::url).toList();
    }

    BenchServer member(int i) {
      return servers.get(i);
    }

    WebSocketConnectOptions where(int i) {
      return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(servers.get(i).port).setURI("/ws");
    }

    /** The end of each member's log, for a run that went wrong (the logs go with the members' directories). */
    void printLogs(PrintStream out) {
      for (int i = 0; i < servers.size(); i++) {
        out.println("   --- log of member " + NAMES.get(i) + " (end)\n" + servers.get(i).logTail());
      }
    }

    @Override
    public void close() {
      servers.forEach(BenchServer::close);
    }
  }

  /**
   * Free ports below Linux's ephemeral range (32768 and up), held together so no two are the same: a member
   * binds its cluster port after the others started connecting, and a port from the ephemeral range may by then
   * be the local end of an outgoing connection.
   */
  static void reservePorts(int[] httpPorts, int[] clusterPorts) {
    Random random = new Random();
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < httpPorts.length; i++) {
        ServerSocket http = below32768(random);
        ServerSocket cluster = below32768(random);
        held.add(http);
        held.add(cluster);
        httpPorts[i] = http.getLocalPort();
        clusterPorts[i] = cluster.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing a probe socket cannot fail in a way that matters
        }
      }
    }
  }

  private static ServerSocket below32768(Random random) {
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        return new ServerSocket(20_000 + random.nextInt(12_000), 50, InetAddress.getLoopbackAddress());
      } catch (IOException taken) {
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port between 20000 and 32000"));
  }
}
