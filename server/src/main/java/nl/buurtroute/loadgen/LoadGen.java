package nl.buurtroute.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;

/**
 * {@code java -jar buurtroute.jar loadgen [options]}: plays real workshops against a server on this machine
 * and reports latency, throughput, CPU, heap and store figures as a table and as JSON.
 */
public final class LoadGen {
  private LoadGen() {
  }

  /** Runs once; returns the exit code (0 only with zero errors). */
  public static int main(String[] args, int from, PrintStream out) {
    LoadOptions options;
    try {
      if (args.length > from && (args[from].equals("--help") || args[from].equals("-h"))) {
        out.print(LoadOptions.USAGE);
        return 0;
      }
      options = LoadOptions.parse(args, from);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(LoadOptions.USAGE);
      return 2;
    }
    RunReport report = run(options, out);
    out.print(report.table());
    out.println(report.json().encodePrettily());
    if (options.jsonOut() != null) {
      try {
        Files.writeString(options.jsonOut(), report.json().encodePrettily());
      } catch (IOException e) {
        System.err.println("kan " + options.jsonOut() + " niet schrijven: " + e.getMessage());
        return 1;
      }
    }
    return report.errors() == 0 ? 0 : 1;
  }

  /** One run; never throws for what goes wrong in the run itself, it counts it as an error in the report. */
  public static RunReport run(LoadOptions options, PrintStream log) {
    return run(options, log, null);
  }

  /** One run against a server whose process {@code memory} looks into (the benchmark's child server), or null. */
  static RunReport run(LoadOptions options, PrintStream log, java.util.function.Supplier<ResidentMemory> memory) {
    options.validate();
    return new Coordinator(options, log, memory).execute();
  }
}
