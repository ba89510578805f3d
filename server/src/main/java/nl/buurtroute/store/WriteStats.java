package nl.buurtroute.store;

/**
 * Counts a store's write transactions cheaply: one short synchronized update per commit (not per event),
 * read as a {@link StoreStats} snapshot.
 */
final class WriteStats {

  private long commits;
  private long events;
  private long maxBatch;
  private long totalNanos;
  private long maxNanos;

  /** One committed write transaction that carried {@code eventCount} events and took {@code nanos}. */
  synchronized void committed(int eventCount, long nanos) {
    commits++;
    events += eventCount;
    maxBatch = Math.max(maxBatch, eventCount);
    totalNanos += nanos;
    maxNanos = Math.max(maxNanos, nanos);
  }

  synchronized StoreStats snapshot() {
    double mean = commits == 0 ? 0 : totalNanos / 1e6 / commits;
    return new StoreStats(commits, events, maxBatch, mean, maxNanos / 1e6);
  }
}
