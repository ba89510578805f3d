package nl.buurtroute.guard;

/**
 * A burst, then a steady rate. Not thread-safe: each bucket belongs to one connection (one event loop)
 * or is guarded by its owner.
 */
public final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private double tokens;
  private long last;

  public TokenBucket(int burst, double perSecond, long nowNanos) {
    this.capacity = burst;
    this.perNano = perSecond / 1_000_000_000d;
    this.tokens = burst;
    this.last = nowNanos;
  }

  public boolean tryTake(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** True when the bucket has refilled completely, so it can be forgotten. */
  public boolean full(long nowNanos) {
    return tokens + (nowNanos - last) * perNano >= capacity;
  }
}
