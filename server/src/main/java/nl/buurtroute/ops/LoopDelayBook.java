package nl.buurtroute.ops;

/**
 * How late the event loops' probes ran, as a maximum since the server started and a maximum per window that a
 * reader closes and restarts (the benchmark closes one at each phase boundary, so it can tell the join ramp, the
 * vote windows and the broadcasts apart). Stalls caused by a forced full GC ({@code /api/stats?gc=true}, which
 * the benchmark asks for to measure the heap) are left out: a sample whose interval touches a forced GC says
 * how long that GC took, not how long our work held a loop; it is counted as left out instead.
 *
 * <p>Plain logic on nanosecond timestamps handed in by the caller; thread-safe (every loop's probe records
 * here, the stats handler reads), at a few calls per loop per 100 ms.
 */
public final class LoopDelayBook {
  /** The maxima of one closed window (or, for {@link #sinceStart}, of the whole life of the server). */
  public record Window(double maxMillis, long samples, long leftOut, double seconds) {
  }

  private int forcedGcsRunning;
  private long lastForcedGcEnd = Long.MIN_VALUE;
  private long maxNanos;
  private long leftOut;
  private long samples;
  private long windowMaxNanos;
  private long windowSamples;
  private long windowLeftOut;
  private long windowStart;

  public LoopDelayBook(long now) {
    this.windowStart = now;
  }

  /** A forced GC starts now; samples until it ended (and the first one after it) are left out. */
  public synchronized void forcedGcStarted() {
    forcedGcsRunning++;
  }

  public synchronized void forcedGcEnded(long now) {
    forcedGcsRunning = Math.max(0, forcedGcsRunning - 1);
    lastForcedGcEnd = now;
  }

  /**
   * One probe: it was due {@code lateNanos} before {@code now}; {@code intervalStart} is when the probe ran
   * before (the interval it waited through). Returns whether the sample counts (false: a forced GC touched it).
   */
  public synchronized boolean record(long intervalStart, long now, long lateNanos) {
    boolean touchedByForcedGc = forcedGcsRunning > 0
        || lastForcedGcEnd != Long.MIN_VALUE && lastForcedGcEnd - intervalStart >= 0;
    if (touchedByForcedGc) {
      leftOut++;
      windowLeftOut++;
      return false;
    }
    long late = Math.max(0, lateNanos);
    samples++;
    windowSamples++;
    maxNanos = Math.max(maxNanos, late);
    windowMaxNanos = Math.max(windowMaxNanos, late);
    return true;
  }

  /** Since the server started, outside forced GCs. */
  public synchronized Window sinceStart(long startedAt, long now) {
    return new Window(maxNanos / 1e6, samples, leftOut, (now - startedAt) / 1e9);
  }

  /** The window open now, without closing it. */
  public synchronized Window window(long now) {
    return new Window(windowMaxNanos / 1e6, windowSamples, windowLeftOut, (now - windowStart) / 1e9);
  }

  /** Closes the window open now and returns it; a new one starts at {@code now}. */
  public synchronized Window closeWindow(long now) {
    Window closed = window(now);
    windowMaxNanos = 0;
    windowSamples = 0;
    windowLeftOut = 0;
    windowStart = now;
    return closed;
  }
}
