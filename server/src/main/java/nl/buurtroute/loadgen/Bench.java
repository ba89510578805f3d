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
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code java -Xmx2g -jar buurtroute.jar bench}: the benchmark's parts, each regenerating its own section of
 * {@code server/BENCHMARKS.md} ({@link BenchFile}): the scaling runs on SQLite ({@code sqlite}), the same runs on
 * PostgreSQL ({@code postgresql}, a PostgreSQL the benchmark starts itself unless {@code --db-url} names one),
 * and the restart run ({@code restart}). Each scaling run gets a fresh server in a child process
 * ({@link BenchServer}: its own temporary data directory and heap); the generator runs in this process. The
 * header says what the last invocation ran; the hand-written analysis and the sections of parts that did not
 * run stay as they were. A part's section is written as soon as that part is done.
 */
public final class Bench {
  static final String USAGE = """
      gebruik: java -Xmx2g -jar buurtroute.jar bench [opties]
        zonder --only: alles (sqlite, postgresql, cluster, restart); duurt ruim een uur
        --only LIST         alleen deze delen en/of runs, met komma's:
                              delen: sqlite, postgresql, cluster (drie leden en een eigen PostgreSQL), restart
                              runs:  N=100, N=1000, N=5000, N=10000, burst (2.000 telefoons, stemmen binnen 4 s),
                                     x20 (tot 1.000 sessies van 20)
                            runs zonder deel gelden voor sqlite; bv. --only N=1000, --only postgresql,N=1000
        --out FILE          standaard server/BENCHMARKS.md
        --server-heap SIZE  -Xmx van de server, standaard 2g
        --server-gc OPTS    GC-opties van de server in plaats van de standaard, bv. "-XX:+UseG1GC -XX:MaxGCPauseMillis=200"
        --spread T          stemmen verspreid over T seconden, standaard 10 (niet voor burst: 4 s)
        --repeat R          runs voor N=10.000 op SQLite (mediaan), standaard 3
        --pg-repeat R       runs voor N=10.000 op PostgreSQL (mediaan), standaard 1
        --db-url URL        PostgreSQL voor het deel postgresql, in plaats van een eigen PostgreSQL
        --jfr DIR           JFR-opname van elke server in DIR
        --logs DIR          bewaar het hele log (niveau INFO) van elke server in DIR
        --quick             kleine runs om de benchmark zelf te proberen (schrijft geen BENCHMARKS.md tenzij --out)
      """;
  /** The parts that {@code --only} can name, in the order a full run takes them. */
  static final List<String> PARTS = List.of("sqlite", "postgresql", "cluster", "restart");
  private static final int IDLE_TARGET_CONNECTIONS = 20_000;
  static final double BURST_SPREAD_SECONDS = 4;
  static final int BURST_PHONES = 2_000;

  private Bench() {
  }

  /**
   * One scaling run as planned: {@code key} is what {@code --only} names it by, {@code label} its column.
   *
   * @param spreadSeconds the vote window, or NaN for the benchmark's {@code --spread}
   */
  record Plan(String key, String label, int sessions, int participants, int repeat, double spreadSeconds) {
    boolean named(String wanted) {
      return wanted.equalsIgnoreCase(key) || wanted.equals(label) || key.equals("x20") && wanted.endsWith("x20");
    }
  }

  /** What {@code --only} asked for: the parts to run and, within the scaling parts, the runs (empty: all). */
  record Selection(List<String> parts, List<String> runs) {
    static Selection parse(List<String> only) {
      if (only == null) {
        return new Selection(PARTS, List.of());
      }
      List<String> parts = only.stream().map(String::strip).filter(PARTS::contains).toList();
      List<String> runs = only.stream().map(String::strip).filter(w -> !w.isEmpty() && !PARTS.contains(w)).toList();
      return new Selection(parts.isEmpty() ? List.of("sqlite") : parts, runs);
    }

    /** Names in {@code --only} that are neither a part nor one of these runs. */
    List<String> unknownRuns(List<Plan> all) {
      return runs.stream().filter(w -> all.stream().noneMatch(p -> p.named(w))).toList();
    }

    boolean has(String part) {
      return parts.contains(part);
    }

    /** The plans of a scaling part that were asked for: all of {@code plans} unless runs were named. */
    List<Plan> pick(List<Plan> all, List<Plan> byDefault) {
      if (runs.isEmpty()) {
        return byDefault;
      }
      return all.stream().filter(p -> runs.stream().anyMatch(p::named)).toList();
    }
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

  /** What every section says about the invocation that wrote it. */
  record Invocation(String command, String date, String heap, List<String> gcOptions, double spread, long fdLimit,
                    String loadAverage) {
  }

  /**
   * @param serverMainClass the server's main class: each run starts a server from this JVM's class path
   */
  public static int main(String[] args, int from, PrintStream out, String serverMainClass) {
    Path outFile = null;
    String heap = "2g";
    List<String> gcOptions = BenchServer.GC_OPTIONS;
    double spread = 10;
    int repeat = 3;
    int pgRepeat = 1;
    List<String> only = null;
    String dbUrl = null;
    Path jfr = null;
    boolean quickRuns = false;
    try {
      for (int i = from; i < args.length; i++) {
        switch (args[i]) {
          case "--out" -> outFile = Path.of(args[++i]);
          case "--server-heap" -> heap = args[++i];
          case "--server-gc" -> gcOptions = Arrays.asList(args[++i].strip().split("\\s+"));
          case "--spread" -> spread = Double.parseDouble(args[++i]);
          case "--repeat" -> repeat = Integer.parseInt(args[++i]);
          case "--pg-repeat" -> pgRepeat = Integer.parseInt(args[++i]);
          case "--only" -> only = Arrays.asList(args[++i].split(","));
          case "--db-url" -> dbUrl = args[++i];
          case "--jfr" -> jfr = Path.of(args[++i]);
          case "--logs" -> BenchServer.keptLogs = Path.of(args[++i]);
          case "--quick" -> quickRuns = true;
          default -> throw new IllegalArgumentException("onbekende optie " + args[i]);
        }
      }
      if (repeat < 1 || pgRepeat < 1 || spread <= 0) {
        throw new IllegalArgumentException("--repeat, --pg-repeat en --spread moeten positief zijn");
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() == null ? e.toString() : e.getMessage());
      System.err.print(USAGE);
      return 2;
    }
    boolean quick = quickRuns;
    if (outFile == null && !quick) {
      outFile = Path.of(Files.isDirectory(Path.of("server")) ? "server/BENCHMARKS.md" : "BENCHMARKS.md");
    }
    Selection selection = Selection.parse(only);
    long fdLimit = fdLimit();
    Invocation invocation = new Invocation(command(args, from, outFile),
        ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME), heap, gcOptions,
        quick ? Math.min(spread, 1) : spread,
        fdLimit, loadAverage());
    Sections sections = new Sections(outFile, out, invocation, selection);

    // 1,000 sessions of 20 need 21,000 sockets in each process (facilitators included); a lower open-file
    // limit (ulimit -n) caps the number of sessions, and the heap figure is projected to 20,000.
    int manySessions = quick ? 50 : (int) Math.min(1000, Math.max(1, (fdLimit - 400) / 21));
    List<Plan> all = plans(quick, repeat, manySessions);
    List<String> unknown = selection.unknownRuns(all);
    if (!unknown.isEmpty()) {
      System.err.println("onbekend deel of onbekende run bij --only: " + String.join(", ", unknown));
      System.err.print(USAGE);
      return 2;
    }
    boolean failed = false;

    if (selection.has("sqlite")) {
      List<Plan> plans = selection.pick(all, all);
      List<BenchRun> runs = runAll(serverMainClass, plans, invocation, () -> null, jfr, "sqlite", out);
      failed |= runs.stream().anyMatch(r -> r.report().errors() != 0);
      failed |= !sections.write("sqlite", sqliteSection(columns(plans, runs), runs, invocation));
    }
    if (selection.has("postgresql")) {
      List<Plan> pgAll = plans(quick, pgRepeat, manySessions);
      List<Plan> byDefault = pgAll.stream().filter(p -> p.key().equals(quick ? "N=1000" : "N=10000")).toList();
      List<Plan> plans = selection.pick(pgAll, byDefault);
      String given = dbUrl;
      String where;
      Supplier<String> database;
      if (given != null) {
        where = "PostgreSQL at the URL given with `--db-url` (one database for every run)";
        database = () -> given;
      } else {
        PostgresServer pg = PostgresServer.get();
        where = pg.version() + ", started by the benchmark from Debian's package (fsync on, own temp cluster, "
            + "loopback TCP), a fresh database per run";
        database = pg::newDatabase;
      }
      List<BenchRun> runs = runAll(serverMainClass, plans, invocation, database, jfr, "postgresql", out);
      failed |= runs.stream().anyMatch(r -> r.report().errors() != 0);
      failed |= !sections.write("postgresql", postgresqlSection(columns(plans, runs), runs, invocation, where));
    }
    if (selection.has("cluster")) {
      // Three members and their own PostgreSQL (ClusterBench); between the single-server parts and the restart.
      ClusterBench.Result cluster = ClusterBench.run(serverMainClass, quick, invocation.spread(), out);
      failed |= !cluster.met();
      failed |= !sections.write("cluster", ClusterBench.markdown(cluster));
    }
    if (selection.has("restart")) {
      RestartBench.Figures restart = RestartBench.run(serverMainClass, null, out);
      failed |= !restart.met();
      failed |= !sections.write("restart", restartSection(restart, invocation));
    }
    return failed ? 1 : 0;
  }

  static List<Plan> plans(boolean quick, int repeat, int manySessions) {
    double spread = Double.NaN;
    return quick
        ? List.of(new Plan("N=100", "N=100", 1, 100, 1, spread), new Plan("N=500", "N=500", 1, 500, 1, spread),
            new Plan("N=1000", "N=1000", 1, 1000, repeat, spread),
            new Plan("burst", "N=500, votes within 1 s", 1, 500, 1, 1),
            new Plan("x20", manySessions + "x20", manySessions, 20, 1, spread))
        : List.of(new Plan("N=100", "N=100", 1, 100, 1, spread), new Plan("N=1000", "N=1000", 1, 1000, 1, spread),
            new Plan("N=5000", "N=5000", 1, 5000, 1, spread),
            new Plan("N=10000", "N=10000", 1, 10_000, repeat, spread),
            new Plan("burst", "N=2000, votes within 4 s", 1, BURST_PHONES, 1, BURST_SPREAD_SECONDS),
            new Plan("x20", manySessions + "x20", manySessions, 20, 1, spread));
  }

  /** Runs each plan (each repetition against a fresh server); {@code database} gives each run its store URL. */
  private static List<BenchRun> runAll(String serverMainClass, List<Plan> plans, Invocation invocation,
                                       Supplier<String> database, Path jfr, String part,
                                       PrintStream out) {
    List<BenchRun> runs = new ArrayList<>();
    for (Plan plan : plans) {
      for (int r = 0; r < plan.repeat(); r++) {
        out.println("== " + part + " " + plan.label() + (plan.repeat() > 1 ? " run " + (r + 1) + "/" + plan.repeat() : ""));
        double spread = Double.isNaN(plan.spreadSeconds()) ? invocation.spread() : plan.spreadSeconds();
        BenchRun run = runOnce(serverMainClass, plan, r, spread, invocation, database.get(), jfr, part, out);
        runs.add(run);
        out.print(run.report().table());
      }
    }
    return runs;
  }

  /** One column per plan: the run, or the median of its repetitions. */
  private static List<RunReport> columns(List<Plan> plans, List<BenchRun> runs) {
    List<RunReport> columns = new ArrayList<>();
    for (Plan plan : plans) {
      List<RunReport> mine = runs.stream().map(BenchRun::report).filter(r -> r.label().equals(plan.label())).toList();
      if (!mine.isEmpty()) {
        columns.add(mine.size() == 1 ? mine.get(0)
            : Median.of(mine).withLabel(plan.label() + " (median of " + mine.size() + ")"));
      }
    }
    return columns;
  }

  /** Writes each part's section as soon as it is done, with the header saying what this invocation ran. */
  private static final class Sections {
    private final Path file;
    private final PrintStream out;
    private final Invocation invocation;
    private final Selection selection;

    Sections(Path file, PrintStream out, Invocation invocation, Selection selection) {
      this.file = file;
      this.out = out;
      this.invocation = invocation;
      this.selection = selection;
    }

    /** Returns false when the file could not be written. */
    boolean write(String id, String markdown) {
      if (file == null) {
        out.println(markdown);
        return true;
      }
      try {
        String document = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        document = BenchFile.replaceHeader(document, header(invocation, selection));
        Files.writeString(file, BenchFile.replaceSection(document, id, markdown));
        out.println("geschreven: " + file + " (sectie " + id + ")");
        return true;
      } catch (IOException e) {
        System.err.println("kan " + file + " niet schrijven: " + e.getMessage());
        return false;
      }
    }
  }

  private static String restartSection(RestartBench.Figures restart, Invocation invocation) {
    return "## Restart: rebuilding what was running (issue 13)\n\n" + measured(invocation)
        + "| figure | value |\n|---|---|\n" + restart.markdown();
  }

  // ---- one run against a fresh server ----

  private static BenchRun runOnce(String serverMainClass, Plan plan, int repetition, double spread,
                                  Invocation invocation, String dbUrl, Path jfr, String part, PrintStream out) {
    Path jfrFile = jfr == null ? null
        : jfr.resolve("server-" + part + "-" + plan.key() + "-" + repetition + ".jfr");
    try (BenchServer server = BenchServer.start(serverMainClass, invocation.heap(), invocation.gcOptions(), dbUrl,
        jfrFile)) {
      LoadOptions options = LoadOptions.defaults()
          .withUrl(server.url())
          .withTokens(server.adminToken, null)
          .with(plan.participants(), plan.sessions(), spread, 0.2, LoadOptions.WHOLE_WALK, -1)
          .withSeed(repetition + 1)
          .withLabel(plan.label());
      RunReport report = LoadGen.run(new LoadOptions(options.url(), options.participants(), options.sessions(),
          options.spreadSeconds(), options.changeShare(), options.rounds(), options.rampSeconds(), options.loops(),
          30_000, 1800, options.adminToken(), null, options.seed(), null, options.label()), out, server::memory);
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

  /** The command as a reader would type it (a default {@code --out} left out). */
  static String command(String[] args, int from, Path outFile) {
    List<String> given = new ArrayList<>(Arrays.asList(args).subList(from, args.length));
    int out = given.indexOf("--out");
    if (out >= 0 && out + 1 < given.size() && outFile != null && outFile.endsWith(Path.of("server", "BENCHMARKS.md"))) {
      given.subList(out, out + 2).clear();
    }
    return "java -Xmx2g -jar server/target/buurtroute.jar bench" + (given.isEmpty() ? "" : " " + String.join(" ", given));
  }

  private static String header(Invocation invocation, Selection selection) {
    return "Generated by the benchmark itself; do not edit by hand (only the Analysis section is kept). Each part "
        + "below (`sqlite`, `postgresql`, `restart`) is rewritten only when it runs (`bench --only PART`), and "
        + "says when and with which command it was measured; this header describes the last invocation.\n\n"
        + "- Last command: `" + invocation.command() + "` (from the repository root, after `mvn -DskipTests package`); "
        + "it ran " + String.join(", ", selection.parts())
        + (selection.runs().isEmpty() ? "" : " (runs " + String.join(", ", selection.runs()) + ")") + "\n"
        + "- Date: " + invocation.date() + "\n"
        + "- Machine: " + machine() + "\n"
        + "- Open-file limit (ulimit -n, per process): " + invocation.fdLimit() + "\n"
        + "- Server: a fresh child process per run, `java -Xmx" + invocation.heap() + " "
        + String.join(" ", invocation.gcOptions()) + "` (" + (invocation.gcOptions().equals(BenchServer.GC_OPTIONS)
        ? BenchServer.GC_REASON : "given with `--server-gc`") + "); generator in the "
        + "benchmark's own JVM on the same machine (2 event loops), loopback.\n";
  }

  private static String measured(Invocation invocation) {
    return "Measured " + invocation.date() + " with `" + invocation.command() + "`"
        + (invocation.loadAverage().isEmpty() ? "" : "; load average when it started: " + invocation.loadAverage()
        + " (1, 5, 15 min; near 0 when the machine is quiet)") + ".\n\n";
  }

  /** The machine's load average (1, 5 and 15 minutes) from /proc/loadavg, or empty when there is none. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return parts.length >= 3 ? parts[0] + ", " + parts[1] + ", " + parts[2] : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String runDescription(Invocation invocation) {
    return "Each run: one facilitator per session; participants over the three rollen join over a ramp "
        + "(2,000/s); the whole route of 12 vragen through all four fasen: openVoting, votes spread over "
        + Coordinator.fmt(invocation.spread()) + " s (in the burst column within the seconds its label says; "
        + "20% of participants vote twice, changing their vote), closeVoting (decide on a tie), next; finish.\n\n";
  }

  private static String table(List<RunReport> columns) {
    StringBuilder md = new StringBuilder("| figure |");
    columns.forEach(c -> md.append(' ').append(c.label()).append(" |"));
    md.append("\n|---|");
    columns.forEach(c -> md.append("---:|"));
    md.append('\n');
    for (RunReport.Row row : RunReport.ROWS) {
      md.append("| ").append(row.label()).append(" |");
      columns.forEach(c -> md.append(' ').append(c.cell(row)).append(" |"));
      md.append('\n');
    }
    return md.toString();
  }

  static final String HOW_FIGURES_ARE_TAKEN = "How the figures are taken: latencies on the generator's event loops "
      + "(nanoTime at send and at receipt; percentiles over every sample of the run). `last vote→complete tally`: "
      + "from the last vote frame written in a session to the first facilitator `tally` whose counts equal all final "
      + "votes, per session and round. `next→state`: from writing `next` to each phone's next `state`; `last phone` "
      + "is the worst round's slowest phone. Frames, bytes, CPU, heap and store figures come from the server's "
      + "`/api/stats` (process CPU time of the server JVM; heap after `System.gc()` before any connection and with "
      + "everyone connected and idle, divided by connections). CPU per vote counts the vote windows of rounds 2–12 "
      + "(round 1 warms up the JIT) minus the server's idle CPU rate (measured over 10 s after the last round with "
      + "everyone still connected); CPU per round is everything from openVoting to the phones' next state, rounds "
      + "2–12. Event-loop delay: a 100 ms timer on every HTTP event loop of the server, and how much later than due "
      + "it runs; the generator closes the server's delay window (`/api/stats?newWindow=true`) at each phase "
      + "boundary, so each window's maximum belongs to one phase: the join ramp (until every facilitator sees "
      + "everyone), the vote windows (openVoting's state until every `voted` and every complete tally), the "
      + "broadcasts (openVoting, closeVoting, decide, next, finish until every phone has its state) and idle "
      + "(everyone connected, nothing asked). Samples that a forced GC of the heap figures touched are left out "
      + "by the server; the whole-run figure is the worst phase. "
      + "Phones ask for the compact state (route deltas, as the phone page does), all but one, which stays on the "
      + "contract's whole state; `bytes per phone per step` is every byte those phones received (welcome, states, "
      + "`voted`) divided by phones and route steps, and every phone must end with its facilitator's route for "
      + "`route completed`.\n\n";

  private static String json(List<BenchRun> runs) {
    return "<details><summary>" + runs.size() + " runs as JSON</summary>\n\n```json\n"
        + new JsonArray(runs.stream().map(r -> (Object) r.json()).toList()).encodePrettily()
        + "\n```\n\n</details>\n";
  }

  private static String targetTable(List<Target> targets) {
    StringBuilder md = new StringBuilder("| target | figure | |\n|---|---|---|\n");
    for (Target line : targets) {
      md.append("| ").append(line.target()).append(" | ").append(line.figure()).append(" | ").append(line.verdict())
          .append(" |\n");
    }
    return md.toString();
  }

  static String sqliteSection(List<RunReport> columns, List<BenchRun> runs, Invocation invocation) {
    return "## SQLite: scaling\n\n" + measured(invocation)
        + "Store: SQLite (embedded, the server's own temp directory).\n"
        + runDescription(invocation) + table(columns) + "\n" + HOW_FIGURES_ARE_TAKEN
        + "### Targets on SQLite (issues 8 and 17)\n\n" + targetTable(sqliteTargets(columns)) + "\n" + json(runs);
  }

  static String postgresqlSection(List<RunReport> columns, List<BenchRun> runs, Invocation invocation,
                                  String where) {
    return "## PostgreSQL: scaling\n\n" + measured(invocation)
        + "Store: " + where + ". By default this part runs N=10,000 once (`--pg-repeat R` for a median), to keep "
        + "the whole benchmark under an hour; `--only postgresql,N=100,N=1000,burst` runs other columns on "
        + "PostgreSQL too. The figures are taken as in the SQLite part.\n"
        + runDescription(invocation) + table(columns) + "\n"
        + "### Targets on PostgreSQL (issue 17)\n\n" + targetTable(postgresqlTargets(columns)) + "\n" + json(runs);
  }

  static List<Target> sqliteTargets(List<RunReport> columns) {
    List<Target> lines = new ArrayList<>();
    RunReport big = find(columns, "N=10000");
    RunReport many = columns.stream().filter(c -> c.setup().sessions() > 1).findFirst().orElse(null);
    RunReport burst = find(columns, "N=2000");
    if (big != null) {
      lines.addAll(latencyTargets(big, "10,000 in one session"));
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
        && !c.label().contains("votes within")
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
      lines.add(commitsTarget(big));
      lines.add(check("issue 17: 10,000: event-loop delay max ≤ 100 ms over the whole run, outside forced GCs"
              + worstWindow(big), big.store() == null ? null : big.store().eventLoopDelayMaxMs(), 100, "ms"));
      lines.add(check("issue 17: 10,000: vote→voted p99 ≤ 50 ms with votes spread over "
          + Coordinator.fmt(big.setup().spreadSeconds()) + " s", latency(big, RunReport.Latencies::voteP99Ms), 50, "ms"));
    } else {
      lines.add(new Target("issue 17: event-loop delay and vote→voted p99 ≤ 50 ms at 10,000", "not run", "–"));
    }
    if (burst != null) {
      lines.add(check("issue 17: vote→voted p99 ≤ 100 ms when " + String.format(Locale.ROOT, "%,d",
              burst.setup().participantsPerSession()) + " phones vote within "
              + Coordinator.fmt(burst.setup().spreadSeconds()) + " s (" + burst.label() + ")",
          latency(burst, RunReport.Latencies::voteP99Ms), 100, "ms"));
    } else {
      lines.add(new Target("issue 17: vote→voted p99 ≤ 100 ms in a burst of 2,000 phones within 4 s", "not run", "–"));
    }
    return lines;
  }

  static List<Target> postgresqlTargets(List<RunReport> columns) {
    List<Target> lines = new ArrayList<>();
    RunReport big = find(columns, "N=10000");
    if (big == null) {
      lines.add(new Target("10,000 in one session on PostgreSQL", "not run", "–"));
      return lines;
    }
    lines.addAll(latencyTargets(big, "10,000 on PostgreSQL"));
    lines.add(commitsTarget(big));
    lines.add(check("10,000: zero errors (worst of the runs)", (double) big.errors(), 0, ""));
    lines.add(new Target("10,000: event-loop delay max over the whole run, outside forced GCs (for comparison; "
        + "the 100 ms target is set on SQLite)" + worstWindow(big), RunReport.format(big.store() == null ? null
        : big.store().eventLoopDelayMaxMs(), "ms"), "–"));
    return lines;
  }

  private static String worstWindow(RunReport run) {
    return run.loopDelays() == null || run.loopDelays().worstWindow() == null ? ""
        : " (worst in: " + run.loopDelays().worstWindow() + ")";
  }

  /** Durable writes batched: far fewer commits (fsyncs) than votes, here at most one per five votes. */
  private static Target commitsTarget(RunReport big) {
    long votes = big.votesSent();
    long commits = big.store() == null ? 0L : big.store().commits();
    long events = big.store() == null ? 0L : big.store().events();
    double eventsPerCommit = big.store() == null ? 0.0 : big.store().eventsPerCommit();
    double rate = votes / (12 * big.setup().spreadSeconds());
    return new Target("durable writes batched: far fewer commits than votes (10,000: ~"
        + String.format(Locale.ROOT, "%,.0f", rate) + " votes/s in the windows)",
        String.format(Locale.ROOT, "%,d commits for %,d votes (%,d events, %.1f per commit)", commits, votes,
            events, eventsPerCommit),
        big.store() != null && commits * 5 <= votes ? "met" : "**missed**");
  }

  /** The latency targets of issue 8 at N=10,000, the same on either store. */
  private static List<Target> latencyTargets(RunReport big, String where) {
    return List.of(
        check(where + ": vote→voted p99 ≤ 100 ms (" + big.label() + ")",
            latency(big, RunReport.Latencies::voteP99Ms), 100, "ms"),
        check("10,000: last vote→complete facilitator tally ≤ 250 ms (worst of 12 rounds)",
            latency(big, RunReport.Latencies::tallyMaxMs), 250, "ms"),
        check("10,000: next→state on the last phone ≤ 1 s (worst of 12 rounds)",
            latency(big, RunReport.Latencies::nextStateLastMs), 1000, "ms"));
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
