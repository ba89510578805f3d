package nl.buurtroute.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code java -Xmx2g -jar buurtroute.jar bench}: the scaling runs of issue 8, each against a fresh server in a
 * child process (its own temporary data directory and heap), and a regenerated {@code server/BENCHMARKS.md}.
 * The generator runs in this process. A hand-written section between {@code <!-- analysis:start -->} and
 * {@code <!-- analysis:end -->} in the old file is kept.
 */
public final class Bench {
  static final String USAGE = """
      gebruik: java -Xmx2g -jar buurtroute.jar bench [opties]
        --out FILE          standaard server/BENCHMARKS.md
        --server-heap SIZE  -Xmx van de server, standaard 2g
        --spread T          stemmen verspreid over T seconden, standaard 10
        --repeat R          runs voor N=10.000 (mediaan), standaard 3
        --only LIST         alleen deze runs, bv. N=100,N=1000 of 1000x20; restart: alleen de herstartmeting;
                            cluster: alleen de clusterruns (drie leden en een eigen PostgreSQL)
        --db-url URL        server op PostgreSQL in plaats van SQLite (BUURTROUTE_DB_URL)
        --jfr DIR           JFR-opname van elke server in DIR
        --quick             kleine runs om de benchmark zelf te proberen (schrijft geen BENCHMARKS.md tenzij --out)
      """;
  private static final String ANALYSIS_START = "<!-- analysis:start -->";
  private static final String ANALYSIS_END = "<!-- analysis:end -->";
  private static final int IDLE_TARGET_CONNECTIONS = 20_000;

  private Bench() {
  }

  record Plan(String label, int sessions, int participants, int repeat) {
  }

  /** One run as the benchmark keeps it: the generator's report and which repetition of its plan it was. */
  record BenchRun(RunReport report, int repetition) {
    JsonObject json() {
      return report.json().put("repetition", repetition);
    }
  }

  /** One line of the targets table: the target, the measured figure, and whether it was met. */
  record Target(String target, String figure, String verdict) {
  }

  /**
   * @param serverMainClass the server's main class: each run starts a server from this JVM's class path
   */
  public static int main(String[] args, int from, PrintStream out, String serverMainClass) {
    Path outFile = null;
    String heap = "2g";
    double spread = 10;
    int repeat = 3;
    List<String> only = null;
    String dbUrl = null;
    Path jfr = null;
    boolean quick = false;
    try {
      for (int i = from; i < args.length; i++) {
        switch (args[i]) {
          case "--out" -> outFile = Path.of(args[++i]);
          case "--server-heap" -> heap = args[++i];
          case "--spread" -> spread = Double.parseDouble(args[++i]);
          case "--repeat" -> repeat = Integer.parseInt(args[++i]);
          case "--only" -> only = Arrays.asList(args[++i].split(","));
          case "--db-url" -> dbUrl = args[++i];
          case "--jfr" -> jfr = Path.of(args[++i]);
          case "--quick" -> quick = true;
          default -> throw new IllegalArgumentException("onbekende optie " + args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      return 2;
    }
    if (outFile == null && !quick) {
      outFile = Path.of(Files.isDirectory(Path.of("server")) ? "server/BENCHMARKS.md" : "BENCHMARKS.md");
    }

    if (only != null && only.contains("restart")) {
      // The restart run alone: its own store, its own server; it replaces only its own section of the file.
      RestartBench.Figures restart = RestartBench.run(serverMainClass, dbUrl, out);
      if (outFile != null) {
        try {
          BenchFile.writeSection(outFile, "restart", restartSection(restart));
          out.println("geschreven: " + outFile + " (sectie restart)");
        } catch (IOException e) {
          System.err.println("kan " + outFile + " niet schrijven: " + e.getMessage());
          return 1;
        }
      }
      return restart.met() ? 0 : 1;
    }

    if (only != null && only.contains("cluster")) {
      // The cluster runs alone: their own PostgreSQL and members; they replace only their own section.
      ClusterBench.Result cluster = ClusterBench.run(serverMainClass, quick, quick ? Math.min(spread, 1) : spread, out);
      String section = ClusterBench.markdown(cluster);
      if (outFile != null) {
        try {
          BenchFile.writeSection(outFile, "cluster", section);
          out.println("geschreven: " + outFile + " (sectie cluster)");
        } catch (IOException e) {
          System.err.println("kan " + outFile + " niet schrijven: " + e.getMessage());
          return 1;
        }
      } else {
        out.println(section);
      }
      return cluster.met() ? 0 : 1;
    }

    long fdLimit = fdLimit();
    // 1,000 sessions of 20 need 21,000 sockets in each process (facilitators included); a lower open-file
    // limit (ulimit -n) caps the number of sessions, and the heap figure is projected to 20,000.
    int manySessions = quick ? 50 : (int) Math.min(1000, Math.max(1, (fdLimit - 400) / 21));
    List<Plan> plans = quick
        ? List.of(new Plan("N=100", 1, 100, 1), new Plan("N=500", 1, 500, 1), new Plan("N=1000", 1, 1000, repeat),
            new Plan(manySessions + "x20", manySessions, 20, 1))
        : List.of(new Plan("N=100", 1, 100, 1), new Plan("N=1000", 1, 1000, 1), new Plan("N=5000", 1, 5000, 1),
            new Plan("N=10000", 1, 10_000, repeat), new Plan(manySessions + "x20", manySessions, 20, 1));
    if (only != null) {
      List<String> wanted = only;
      plans = plans.stream().filter(p -> wanted.contains(p.label())
          || (p.sessions() > 1 && wanted.stream().anyMatch(w -> w.endsWith("x20")))).toList();
    }
    double effectiveSpread = quick ? Math.min(spread, 1) : spread;

    List<RunReport> columns = new ArrayList<>();
    List<BenchRun> allRuns = new ArrayList<>();
    boolean anyErrors = false;
    for (Plan plan : plans) {
      List<RunReport> runs = new ArrayList<>();
      for (int r = 0; r < plan.repeat(); r++) {
        out.println("== " + plan.label() + (plan.repeat() > 1 ? " run " + (r + 1) + "/" + plan.repeat() : ""));
        BenchRun run = runOnce(serverMainClass, plan, r, effectiveSpread, heap, dbUrl, jfr, out);
        runs.add(run.report());
        allRuns.add(run);
        anyErrors |= run.report().errors() != 0;
        out.print(run.report().table());
      }
      columns.add(runs.size() == 1 ? runs.get(0)
          : Median.of(runs).withLabel(runs.get(0).label() + " (median of " + runs.size() + ")"));
    }
    String markdown = markdown(columns, allRuns, heap, effectiveSpread, dbUrl, fdLimit, outFile, args, from);
    if (only == null && !quick) {
      RestartBench.Figures restart = RestartBench.run(serverMainClass, dbUrl, out);
      anyErrors |= !restart.met();
      markdown = BenchFile.replaceSection(markdown, "restart", restartSection(restart));
    }
    if (outFile != null) {
      try {
        Files.writeString(outFile, markdown);
        out.println("geschreven: " + outFile);
      } catch (IOException e) {
        System.err.println("kan " + outFile + " niet schrijven: " + e.getMessage());
        return 1;
      }
    } else {
      out.println(markdown);
    }
    return anyErrors ? 1 : 0;
  }

  private static String restartSection(RestartBench.Figures restart) {
    return "## Restart: rebuilding what was running (issue 13)\n\n| figure | value |\n|---|---|\n" + restart.markdown();
  }

  // ---- one run against a fresh server ----

  private static BenchRun runOnce(String serverMainClass, Plan plan, int repetition, double spread, String heap,
                                  String dbUrl, Path jfr, PrintStream out) {
    Path jfrFile = jfr == null ? null : jfr.resolve("server-" + plan.label() + "-" + repetition + ".jfr");
    try (BenchServer server = BenchServer.start(serverMainClass, heap, dbUrl, jfrFile)) {
      LoadOptions options = LoadOptions.defaults()
          .withUrl(server.url())
          .withTokens(server.adminToken, null)
          .with(plan.participants(), plan.sessions(), spread, 0.2, LoadOptions.WHOLE_WALK, -1)
          .withSeed(repetition + 1)
          .withLabel(plan.label());
      RunReport report = LoadGen.run(new LoadOptions(options.url(), options.participants(), options.sessions(),
          options.spreadSeconds(), options.changeShare(), options.rounds(), options.rampSeconds(), options.loops(),
          30_000, 1800, options.adminToken(), null, options.seed(), null, options.label()), out);
      return new BenchRun(report, repetition + 1);
    }
  }

  static long fdLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return 1 << 20;
  }

  // ---- BENCHMARKS.md ----

  private static String markdown(List<RunReport> columns, List<BenchRun> runs, String heap, double spread,
                                 String dbUrl, long fdLimit, Path outFile, String[] args, int from) {
    StringBuilder md = new StringBuilder();
    List<String> given = new ArrayList<>(Arrays.asList(args).subList(from, args.length));
    int out = given.indexOf("--out");
    if (out >= 0 && out + 1 < given.size() && outFile != null && outFile.endsWith(Path.of("server", "BENCHMARKS.md"))) {
      given.subList(out, out + 2).clear();
    }
    String command = "java -Xmx2g -jar server/target/buurtroute.jar bench" + (given.isEmpty() ? "" : " "
        + String.join(" ", given));
    md.append("# Benchmarks\n\n")
        .append("Generated by the benchmark itself; do not edit by hand (only the Analysis section is kept).\n\n")
        .append("- Command: `").append(command).append("` (from the repository root, after `mvn -DskipTests package`)\n")
        .append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append('\n')
        .append("- Machine: ").append(machine()).append('\n')
        .append("- Open-file limit (ulimit -n, per process): ").append(fdLimit).append('\n')
        .append("- Server: a fresh child process per run, `-Xmx").append(heap).append(" -XX:+UseG1GC`, store ")
        .append(dbUrl == null ? "SQLite (embedded, own temp directory)" : "PostgreSQL").append("; generator in the ")
        .append("benchmark's own JVM on the same machine (2 event loops), loopback.\n")
        .append("- Each run: one facilitator per session; participants over the three rollen join over a ramp ")
        .append("(2,000/s); the whole route of 12 vragen through all four fasen: openVoting, votes spread over ")
        .append(Coordinator.fmt(spread)).append(" s (20% of participants vote twice, changing their vote), closeVoting ")
        .append("(decide on a tie), next; finish.\n\n");

    md.append("## Scaling\n\n| figure |");
    columns.forEach(c -> md.append(' ').append(c.label()).append(" |"));
    md.append("\n|---|");
    columns.forEach(c -> md.append("---:|"));
    md.append('\n');
    for (RunReport.Row row : RunReport.ROWS) {
      md.append("| ").append(row.label()).append(" |");
      columns.forEach(c -> md.append(' ').append(c.cell(row)).append(" |"));
      md.append('\n');
    }
    md.append("\nHow the figures are taken: latencies on the generator's event loops (nanoTime at send and at ")
        .append("receipt; percentiles over every sample of the run). `last vote→complete tally`: from the last vote ")
        .append("frame written in a session to the first facilitator `tally` whose counts equal all final votes, ")
        .append("per session and round. `next→state`: from writing `next` to each phone's next `state`; ")
        .append("`last phone` is the worst round's slowest phone. Frames, bytes, CPU, heap and store figures come ")
        .append("from the server's `/api/stats` (process CPU time of the server JVM; heap after `System.gc()` ")
        .append("before any connection and with everyone connected and idle, divided by connections). CPU per vote ")
        .append("counts the vote windows of rounds 2–12 (round 1 warms up the JIT) minus the server's idle CPU ")
        .append("rate (measured over 10 s after the last round with everyone still connected); CPU ")
        .append("per round is everything from openVoting to the phones' next state, rounds 2–12.\n\n");

    md.append("## Targets of issue 8\n\n| target | figure | |\n|---|---|---|\n");
    for (Target line : targets(columns)) {
      md.append("| ").append(line.target()).append(" | ").append(line.figure()).append(" | ").append(line.verdict())
          .append(" |\n");
    }
    md.append('\n');

    String analysis = null;
    if (outFile != null && Files.exists(outFile)) {
      try {
        String old = Files.readString(outFile);
        int a = old.indexOf(ANALYSIS_START);
        int b = old.indexOf(ANALYSIS_END);
        if (a >= 0 && b > a) {
          analysis = old.substring(a, b + ANALYSIS_END.length());
        }
      } catch (IOException e) {
        // start a fresh analysis section
      }
    }
    md.append("## Analysis\n\n").append(analysis != null ? analysis
        : ANALYSIS_START + "\n(Write what limits each missed target here; the benchmark keeps this section.)\n"
        + ANALYSIS_END).append("\n\n");

    md.append("## Every run as JSON\n\n<details><summary>").append(runs.size()).append(" runs</summary>\n\n```json\n")
        .append(new JsonArray(runs.stream().map(r -> (Object) r.json()).toList()).encodePrettily()).append("\n```\n\n</details>\n");
    return md.toString();
  }

  private static List<Target> targets(List<RunReport> columns) {
    List<Target> lines = new ArrayList<>();
    RunReport big = find(columns, "N=10000");
    RunReport many = columns.stream().filter(c -> c.setup().sessions() > 1).findFirst().orElse(null);
    if (big != null) {
      String l = big.label();
      lines.add(check("10,000 in one session: vote→voted p99 ≤ 100 ms (" + l + ")",
          latency(big, RunReport.Latencies::voteP99Ms), 100, "ms"));
      lines.add(check("10,000: last vote→complete facilitator tally ≤ 250 ms (worst of 12 rounds)",
          latency(big, RunReport.Latencies::tallyMaxMs), 250, "ms"));
      lines.add(check("10,000: next→state on the last phone ≤ 1 s (worst of 12 rounds)",
          latency(big, RunReport.Latencies::nextStateLastMs), 1000, "ms"));
      lines.add(check("10,000: zero errors (worst of the runs)", (double) big.errors(), 0, ""));
    } else {
      lines.add(new Target("10,000 in one session", "not run", "–"));
    }
    if (many != null) {
      int connections = many.setup().connections();
      double perConn = many.heap() == null ? Double.NaN : many.heap().perConnectionKiB();
      double projected = (many.heap() == null ? Double.NaN : many.heap().connectedMiB())
          + Math.max(0, IDLE_TARGET_CONNECTIONS - connections) * perConn / 1024;
      lines.add(check("20,000 connections across sessions of 20 held in ≤ 1 GiB heap"
          + (connections < IDLE_TARGET_CONNECTIONS ? " (measured " + String.format(Locale.ROOT, "%,d", connections)
          + ", projected to 20,000 with the measured heap per connection)" : ""), projected, 1024, "MiB"));
      lines.add(check("heap per idle participant ≤ 16 KiB (" + many.label() + ")", perConn, 16, "KiB"));
    } else {
      lines.add(new Target("20,000 connections", "not run", "–"));
    }
    List<RunReport> single = columns.stream().filter(c -> c.setup().sessions() == 1
        && c.cpu() != null && c.cpu().millisPerVote() != null).toList();
    if (single.size() >= 2) {
      double min = single.stream().mapToDouble(c -> c.cpu().millisPerVote()).min().orElse(0);
      double max = single.stream().mapToDouble(c -> c.cpu().millisPerVote()).max().orElse(0);
      StringBuilder figures = new StringBuilder();
      single.forEach(c -> figures.append(c.setup().participantsPerSession()).append(": ")
          .append(RunReport.format(c.cpu().millisPerVote(), "ms")).append("; "));
      double ratio = min <= 0 ? Double.POSITIVE_INFINITY : max / min;
      double smallest = single.get(0).cpu().millisPerVote();
      double largest = single.get(single.size() - 1).cpu().millisPerVote();
      String verdict = ratio <= 2 ? "met"
          : largest <= 2 * smallest ? "**missed** as written, but it falls with N, never grows: fixed per-second "
          + "costs (tally timer, heartbeats, stats polling) weigh on the few votes of small rooms"
          : "**missed**: grows with N";
      lines.add(new Target("server CPU per vote flat within 2× from N=100 to N=10,000",
          figures + "max/min " + String.format(Locale.ROOT, "%.2f", ratio), verdict));
    }
    if (big != null) {
      long votes = big.votesSent();
      long commits = big.store() == null ? 0L : big.store().commits();
      long events = big.store() == null ? 0L : big.store().events();
      double eventsPerCommit = big.store() == null ? 0.0 : big.store().eventsPerCommit();
      double rate = votes / (12 * big.setup().spreadSeconds());
      lines.add(new Target("durable writes batched: far fewer fsyncs than votes (10,000: ~"
          + String.format(Locale.ROOT, "%,.0f", rate) + " votes/s in the windows)",
          String.format(Locale.ROOT, "%,d commits for %,d votes (%,d events, %.1f per commit)", commits, votes,
              events, eventsPerCommit),
          commits * 5 <= votes ? "met" : "**missed**"));
      Double p99 = latency(big, RunReport.Latencies::voteP99Ms);
      lines.add(new Target("vote→voted within target on both stores", "SQLite: p99 "
          + RunReport.format(p99, "ms") + "; PostgreSQL: run with `--db-url`",
          p99 != null && p99 <= 100 ? "met on " + (big.store() == null ? null : big.store().kind()) : "**missed**"));
    }
    return lines;
  }

  /** A latency figure, or null when the run stopped before latencies were taken. */
  private static Double latency(RunReport run, ToDoubleFunction<RunReport.Latencies> figure) {
    return run.latencies() == null ? null : figure.applyAsDouble(run.latencies());
  }

  private static RunReport find(List<RunReport> columns, String prefix) {
    return columns.stream().filter(c -> c.label().startsWith(prefix)).findFirst().orElse(null);
  }

  private static Target check(String target, Double value, double limit, String unit) {
    boolean met = value != null && !value.isNaN() && value <= limit;
    return new Target(target, RunReport.format(value, unit), met ? "met" : "**missed**");
  }

  private static String machine() {
    String cpu = "";
    String memory = "";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
      memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> String.format(Locale.ROOT, "%.1f GiB RAM",
              Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)).findFirst().orElse("");
    } catch (IOException | RuntimeException e) {
      // not Linux: leave it out
    }
    return Runtime.getRuntime().availableProcessors() + " cores" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
        + (memory.isEmpty() ? "" : ", " + memory) + ", " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vm.name") + ")";
  }
}
