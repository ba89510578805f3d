package nl.buurtroute.loadgen;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/** The figures of one run, as JSON (the source of truth) and as a table for people. */
public record RunReport(JsonObject json) {

  /** Row label, JSON key, unit; the order of the table. */
  record Row(String label, String key, String unit) {
  }

  static final List<Row> ROWS = List.of(
      new Row("sessions × participants", null, ""),
      new Row("connections", "connections", ""),
      new Row("join rate", "joinRatePerSecond", "/s"),
      new Row("votes sent / acknowledged", null, ""),
      new Row("vote→voted p50", "voteLatencyP50Ms", "ms"),
      new Row("vote→voted p95", "voteLatencyP95Ms", "ms"),
      new Row("vote→voted p99", "voteLatencyP99Ms", "ms"),
      new Row("vote→voted max", "voteLatencyMaxMs", "ms"),
      new Row("last vote→complete tally p50", "tallyLatencyP50Ms", "ms"),
      new Row("last vote→complete tally max", "tallyLatencyMaxMs", "ms"),
      new Row("next→state p50", "nextStateP50Ms", "ms"),
      new Row("next→state p99", "nextStateP99Ms", "ms"),
      new Row("next→state last phone (worst round)", "nextStateLastMs", "ms"),
      new Row("frames out/s (avg over play)", "framesOutPerSecondAvg", "/s"),
      new Row("frames out/s (peak 1 s)", "framesOutPerSecondPeak", "/s"),
      new Row("bytes out/s (peak 1 s)", "bytesOutPerSecondPeak", "B/s"),
      new Row("server CPU per vote (net of idle)", "cpuMillisPerVote", "ms"),
      new Row("server CPU per vote (raw vote windows)", "cpuMillisPerVoteRaw", "ms"),
      new Row("server idle CPU with all connected", "idleCpuPerSecond", "s/s"),
      new Row("server CPU per round", "cpuSecondsPerRound", "s"),
      new Row("heap after GC, connected", "heapConnectedMiB", "MiB"),
      new Row("heap per connection", "heapPerConnectionKiB", "KiB"),
      new Row("store commits", "storeCommits", ""),
      new Row("store events per commit", "storeEventsPerCommit", ""),
      new Row("store max batch", "storeMaxBatch", ""),
      new Row("store write mean", "storeMeanWriteMs", "ms"),
      new Row("store write max", "storeMaxWriteMs", "ms"),
      new Row("event-loop delay max", "eventLoopDelayMaxMs", "ms"),
      new Row("route completed", "routeCompleted", ""),
      new Row("errors", "errors", ""));

  public String label() {
    return json.getString("label");
  }

  public int errors() {
    return json.getInteger("errors", 0);
  }

  public boolean routeCompleted() {
    return json.getBoolean("routeCompleted", false);
  }

  public long votesSent() {
    return json.getLong("votesSent", 0L);
  }

  public long votesAcked() {
    return json.getLong("votesAcked", 0L);
  }

  public Double number(String key) {
    Object value = json.getValue(key);
    return value instanceof Number n ? n.doubleValue() : null;
  }

  /** One cell of the table for this report. */
  String cell(Row row) {
    if (row.key() == null) {
      return row.label().startsWith("sessions") ? json.getInteger("sessions") + " × " + json.getInteger("participantsPerSession")
          : json.getValue("votesSent") + " / " + json.getValue("votesAcked");
    }
    return format(json.getValue(row.key()), row.unit());
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
    json.getJsonArray("errorSamples").forEach(e -> out.append("  ! ").append(e).append('\n'));
    return out.toString();
  }
}
