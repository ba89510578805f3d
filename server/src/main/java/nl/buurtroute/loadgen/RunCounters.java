package nl.buurtroute.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the phones and facilitator desks count on the generator's event loops and the coordinator reads: the
 * only state they share. The coordinator also announces the current phase here, so a phone can tell its first
 * state frame of a phase from a surplus one.
 */
final class RunCounters {
  private static final int MAX_ERROR_NOTES = 20;

  final AtomicInteger errors = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> errorNotes = new ConcurrentLinkedQueue<>();
  final AtomicInteger joined = new AtomicInteger();
  final AtomicLong firstJoinStart = new AtomicLong(Long.MAX_VALUE);
  final AtomicLong lastWelcome = new AtomicLong(Long.MIN_VALUE);
  final AtomicInteger acks = new AtomicInteger();
  final AtomicInteger votesSent = new AtomicInteger();
  final AtomicInteger phaseCount = new AtomicInteger();
  final AtomicInteger unexpectedStates = new AtomicInteger();
  final LongAdder framesIn = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  /** Bytes received by the phones on the compact state, and by the one phone on the contract's whole state. */
  final LongAdder compactPhoneBytesIn = new LongAdder();
  final LongAdder fullPhoneBytesIn = new LongAdder();
  /** The size of the last state frame a phone got, compact and whole (the route is longest at the end). */
  final AtomicInteger lastCompactStateBytes = new AtomicInteger();
  final AtomicInteger lastFullStateBytes = new AtomicInteger();
  volatile int phase;
  volatile boolean phaseIsNext;
  /** Set when the run shuts down: connections closing from then on are expected, not errors. */
  volatile boolean closing;

  void error(String note) {
    errors.incrementAndGet();
    if (errorNotes.size() < MAX_ERROR_NOTES) {
      errorNotes.add(note);
    }
  }

  List<String> errorNotes() {
    return new ArrayList<>(errorNotes);
  }

  void frameIn(int bytes) {
    framesIn.increment();
    bytesIn.add(bytes);
  }
}
