package nl.buurtroute.guard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * What is counted per client address, shared by every event loop of the server: typed join codes, through
 * the {@link WrongCodeGate} (so codes cannot be guessed, and a flood slows only itself down), and session
 * creations. Also counts the server's open connections. An IPv6 client counts per /64 network
 * ({@link AddressRanges#limitKey}): one phone or household gets a whole /64 and could otherwise take a fresh
 * address for every try.
 */
public final class AddressGuard {
  private static final Logger LOG = Logger.getLogger(AddressGuard.class.getName());

  private final GuardSettings settings;
  private final LongSupplier clock;
  private final Map<String, TokenBucket> creations = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  /** WebSockets per address that have not yet said who they are; an address leaves the map at zero. */
  private final Map<String, Integer> ungreeted = new ConcurrentHashMap<>();
  private volatile WrongCodeGate wrongCodeGate;

  public AddressGuard(GuardSettings settings) {
    this(settings, System::nanoTime);
  }

  AddressGuard(GuardSettings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
  }

  public GuardSettings settings() {
    return settings;
  }

  /**
   * The one gate for typed join codes of this server (shared by every event loop); the first caller's
   * scheduler runs its timers. Wrong codes slow an address down instead of shutting it
   * out
   * (the old block for {@code BUURTROUTE_WRONG_CODE_BLOCK_SECONDS} is gone).
   */
  public synchronized WrongCodeGate wrongCodeGate(WrongCodeGate.Scheduler scheduler) {
    if (wrongCodeGate == null) {
      wrongCodeGate = new WrongCodeGate(settings.wrongCodesPerMinute(), clock, scheduler);
    }
    return wrongCodeGate;
  }

  public boolean mayCreateSession(String clientAddress) {
    String address = AddressRanges.limitKey(clientAddress);
    long now = clock.getAsLong();
    TokenBucket bucket = creations.computeIfAbsent(address,
        a -> new TokenBucket(settings.createBurst(), settings.createsPerHour() / 3600d, now));
    synchronized (bucket) {
      if (bucket.tryTake(now)) {
        return true;
      }
    }
    LOG.warning("limit hit: too many new sessions from one address");
    return false;
  }

  /** Takes a connection slot, or returns false when the server is full. */
  public boolean openConnection() {
    if (connections.incrementAndGet() > settings.maxConnections()) {
      connections.decrementAndGet();
      LOG.warning("limit hit: " + settings.maxConnections() + " connections");
      return false;
    }
    return true;
  }

  public void closeConnection() {
    connections.decrementAndGet();
  }

  /**
   * Counts a WebSocket that has not said who it is yet against its address, or returns false when that
   * address already holds {@code limit} of them. Each admitted socket must later call {@link #ungreetedLeft}
   * once (welcomed or closed).
   */
  public boolean admitUngreeted(String clientAddress, int limit) {
    String address = AddressRanges.limitKey(clientAddress);
    boolean[] admitted = {false};
    ungreeted.compute(address, (a, count) -> {
      int now = count == null ? 0 : count;
      if (now >= limit) {
        return count;
      }
      admitted[0] = true;
      return now + 1;
    });
    if (!admitted[0]) {
      LOG.warning("limit hit: " + limit + " WebSockets from one address that have not said who they are");
    }
    return admitted[0];
  }

  public void ungreetedLeft(String clientAddress) {
    ungreeted.computeIfPresent(AddressRanges.limitKey(clientAddress), (a, count) -> count <= 1 ? null : count - 1);
  }

  /** Not-yet-welcomed WebSockets of this address (its /64 for IPv6). */
  public int ungreeted(String clientAddress) {
    return ungreeted.getOrDefault(AddressRanges.limitKey(clientAddress), 0);
  }

  public int connections() {
    return connections.get();
  }

  /** Forgets buckets that refilled, so the maps do not grow with every address ever seen. */
  public void sweep() {
    long now = clock.getAsLong();
    creations.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue().full(now);
      }
    });
    WrongCodeGate gate = wrongCodeGate;
    if (gate != null) {
      gate.sweep();
    }
  }
}
