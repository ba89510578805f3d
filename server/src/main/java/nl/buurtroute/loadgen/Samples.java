package nl.buurtroute.loadgen;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds: a growable array, sorted once when read. Not thread-safe; each event loop
 * of the generator keeps its own and they are merged at the end. (A run holds at most a few hundred thousand
 * samples, a few MB, so exact percentiles cost less than a histogram library.)
 */
final class Samples {
  private long[] values = new long[1024];
  private int size;
  private boolean sorted = true;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sorted = false;
  }

  void addAll(Samples other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  int size() {
    return size;
  }

  /** The p-th percentile (0..100) in milliseconds, nearest-rank; NaN when empty. */
  double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    int rank = (int) Math.ceil(p / 100.0 * size);
    return values[Math.min(size - 1, Math.max(0, rank - 1))] / 1e6;
  }

  double maxMillis() {
    return percentileMillis(100);
  }
}
