package nl.buurtroute.loadgen;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server process holds in memory at one moment, as the operating system sees it (resident set, from
 * {@code /proc/PID/status}) and as the JVM's native memory tracking accounts for it ({@code jcmd PID
 * VM.native_memory summary}: committed bytes per category, the Java heap among them). The resident set is what
 * a machine must have; the categories say where it went.
 *
 * @param residentBytes         VmRSS
 * @param committedBytes        NMT's total committed, or 0 when the server runs without tracking
 * @param committedByCategory   NMT's committed bytes per category, in the report's order ("Java Heap", "Thread",
 *                              "GC", "Other" = direct buffers, ...); empty without tracking
 */
record ResidentMemory(long residentBytes, long committedBytes, Map<String, Long> committedByCategory) {

  static final String JAVA_HEAP = "Java Heap";

  private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
  private static final Pattern CATEGORY = Pattern.compile(
      "(?m)^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

  ResidentMemory {
    committedByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(committedByCategory));
  }

  /** From the text of {@code /proc/PID/status} and of {@code jcmd PID VM.native_memory summary} (may be null). */
  static ResidentMemory parse(String procStatus, String nmtSummary) {
    Matcher rss = VM_RSS.matcher(procStatus);
    if (!rss.find()) {
      throw new IllegalArgumentException("no VmRSS line in the process status");
    }
    long resident = Long.parseLong(rss.group(1)) * 1024;
    if (nmtSummary == null) {
      return new ResidentMemory(resident, 0, Map.of());
    }
    Matcher total = TOTAL.matcher(nmtSummary);
    long committed = total.find() ? Long.parseLong(total.group(2)) * 1024 : 0;
    Map<String, Long> categories = new LinkedHashMap<>();
    Matcher category = CATEGORY.matcher(nmtSummary);
    while (category.find()) {
      categories.put(category.group(1).strip(), Long.parseLong(category.group(3)) * 1024);
    }
    return new ResidentMemory(resident, committed, categories);
  }

  long committed(String category) {
    return committedByCategory.getOrDefault(category, 0L);
  }

  /** Everything NMT counts outside the Java heap (threads, GC structures, code, metaspace, direct buffers...). */
  long committedOutsideHeap() {
    return committedBytes == 0 ? 0 : committedBytes - committed(JAVA_HEAP);
  }

  /**
   * What grew from {@code before} to this, per connection, in KiB: the resident set, the native part (committed
   * outside the heap), the committed heap, and the {@code top} native categories that grew most, largest first.
   */
  PerConnection perConnectionSince(ResidentMemory before, int connections, int top) {
    double n = Math.max(1, connections);
    Map<String, Double> grown = new LinkedHashMap<>();
    committedByCategory.entrySet().stream()
        .filter(e -> !e.getKey().equals(JAVA_HEAP))
        .map(e -> Map.entry(e.getKey(), (e.getValue() - before.committed(e.getKey())) / 1024.0 / n))
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .limit(top)
        .forEach(e -> grown.put(e.getKey(), e.getValue()));
    return new PerConnection(
        (residentBytes - before.residentBytes) / 1024.0 / n,
        committedBytes == 0 || before.committedBytes == 0 ? null
            : (committedOutsideHeap() - before.committedOutsideHeap()) / 1024.0 / n,
        committedBytes == 0 || before.committedBytes == 0 ? null
            : (committed(JAVA_HEAP) - before.committed(JAVA_HEAP)) / 1024.0 / n,
        grown);
  }

  /** KiB per connection of what grew; the NMT figures are null when the server ran without tracking. */
  record PerConnection(double residentKiB, Double nativeKiB, Double heapCommittedKiB,
                       Map<String, Double> topCategoriesKiB) {
    PerConnection {
      topCategoriesKiB = Collections.unmodifiableMap(new LinkedHashMap<>(topCategoriesKiB));
    }

    /** "GC 3.1, Thread 0.4" for the table. */
    String topCategories() {
      List<String> parts = topCategoriesKiB.entrySet().stream()
          .map(e -> e.getKey() + " " + RunReport.format(e.getValue(), "KiB")).toList();
      return parts.isEmpty() ? null : String.join(", ", parts);
    }
  }
}
