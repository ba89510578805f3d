package nl.buurtroute.store;

/**
 * Running totals of a store's writes, for /metrics and the benchmark: how many transactions (commits,
 * and so fsyncs) carried how many events, and how long they took.
 */
public record StoreStats(long commits, long events, long maxBatch, double meanWriteMillis, double maxWriteMillis) {
}
