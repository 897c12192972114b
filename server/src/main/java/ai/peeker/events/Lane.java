package ai.peeker.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint's lane on this node: at most {@code concurrency} requests in flight, and, while the
 * endpoint answers fast, a few deliveries claimed ahead so that a finished request is followed by
 * the next one at once instead of after a database round trip. A slow endpoint gets no claims
 * ahead: what it cannot take now stays in the shared queue for later (or another node).
 */
final class Lane {
  /** Claims ahead, in multiples of the concurrency, for an endpoint that answers fast. */
  static final int AHEAD_ROUNDS = 4;

  /** An endpoint answering faster than this on average gets claims ahead. */
  static final double FAST_MS = 250;

  /** A claimed delivery waiting for a free slot in its lane. */
  record Waiting(Claimed claimed, Target target, Instant leaseUntil) {}

  private final int concurrency;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

  /** Mean answer time (exponentially weighted); negative until the first answer. */
  private volatile double meanMillis = -1;

  /** Due deliveries of this endpoint were left in the queue for lack of room. */
  volatile boolean backlogged;

  Lane(int concurrency) {
    this.concurrency = concurrency;
  }

  /** How many more deliveries this lane may take from the queue now. */
  int room() {
    double mean = meanMillis;
    int ahead = mean >= 0 && mean < FAST_MS ? AHEAD_ROUNDS * concurrency : 0;
    return concurrency + ahead - inFlight.get() - waitingCount.get();
  }

  int inFlight() {
    return inFlight.get();
  }

  void add(Waiting w) {
    waitingCount.incrementAndGet();
    waiting.add(w);
  }

  /** The next delivery to send, with a slot reserved for it; null when none waits or no slot. */
  Waiting reserveNext() {
    while (true) {
      int n = inFlight.get();
      if (n >= concurrency) {
        return null;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        break;
      }
    }
    Waiting next = waiting.poll();
    if (next == null) {
      inFlight.decrementAndGet();
      return null;
    }
    waitingCount.decrementAndGet();
    return next;
  }

  /** A reserved slot is free again; {@code latencyMs} is how long the answer took, if any. */
  void finished(Long latencyMs) {
    inFlight.decrementAndGet();
    if (latencyMs != null) {
      double mean = meanMillis;
      meanMillis = mean < 0 ? latencyMs : 0.8 * mean + 0.2 * latencyMs;
    }
  }

  /** Everything still waiting, removed from the lane (to hand back to the queue). */
  List<Waiting> drain() {
    List<Waiting> all = new ArrayList<>();
    Waiting w;
    while ((w = waiting.poll()) != null) {
      waitingCount.decrementAndGet();
      all.add(w);
    }
    return all;
  }
}
