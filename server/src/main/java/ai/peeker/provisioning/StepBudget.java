package ai.peeker.provisioning;

import ai.peeker.common.Foreground;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many sandbox provisioning steps do their work at once on this node. A sandbox step is all
 * database work (its providers are tables), so a burst of thousands of domains would otherwise take
 * every core from the HTTP requests; the budget makes the backlog drain steadily behind them
 * instead. The runner may hold many more jobs (their simulated provider latency is a sleep, outside
 * the budget); live steps mostly wait on providers and are not counted.
 *
 * <p>While the requests in flight could keep every core busy, steps give way: one at a time, and
 * after each the budget stays closed for as long as the step worked, so provisioning takes at most
 * half of one core's time and the backlog still drains. Against PostgreSQL a step's work runs
 * mostly in the database's processes, which no thread priority of this node reaches; this is what
 * keeps it from the requests' cores. Page 1 of the orders listing beside the provisioning of 300 ×
 * 10 domains (bench/orders-listing/burst.sh on 2 cores) kept 0.87–0.89 of its idle throughput and
 * 1.26–1.34× its idle p99 on PostgreSQL in three runs (0.57 and 2.37× with six steps at once
 * whatever the requests), and 0.86–0.91 and 1.99–2.10× on H2 (0.84 and 2.55× before), where the
 * rest of the tail is garbage collection, not steps (1.54–1.72× with the launcher's {@code
 * -XX:MaxTenuringThreshold=2}, .mvn/jdk.sh).
 */
final class StepBudget {
  private final int permits;
  private final Foreground foreground;
  private final int busyAt;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition freed = lock.newCondition();
  private int running;

  StepBudget(int permits, Foreground foreground, int busyAt) {
    this.permits = permits;
    this.foreground = foreground;
    this.busyAt = busyAt;
  }

  /**
   * How many steps at once leave CPU for the requests. On an embedded database a step is all CPU on
   * this node, and its thread runs at nice 19 ({@link JobThreads}), so the operating system already
   * serves the requests first: as many steps as processors. Measured on 2 cores, 50 orders/s of 10
   * domains for 60 s after 30 s of warm-up (bench/order-intake/run.sh h2 with RATE=50
   * SECONDS_TOTAL=60, one run each): one step at a time drained the backlog 7.0 s after the last
   * order (order to completed p95 6.7 s), two in 5.5 s (p95 5.3 s), four in 4.8 s (p95 4.7 s); POST
   * /orders p99 29–34 ms in all three.
   *
   * <p>Against PostgreSQL a step mostly waits: for its forty-odd round trips, for the commits of
   * its order's other domains (they take the order's row lock in turn) and for the disk; three
   * times the processors keep the CPU, not those waits, the limit. Measured on 2 cores with
   * PostgreSQL beside the node, 10 orders/s of 10 domains for 60 s: two steps at a time fell behind
   * (order to completed p95 9.7 s), six kept up (p95 1.4, 2.5 s).
   *
   * <p>Requests keep every core busy when there are as many in flight as processors.
   */
  static StepBudget forThisNode(boolean remoteDatabase, Foreground foreground) {
    int processors = Runtime.getRuntime().availableProcessors();
    return new StepBudget(remoteDatabase ? 3 * processors : processors, foreground, processors);
  }

  /** Publishes how many steps may run at once right now: {@code peeker_sandbox_steps_allowed}. */
  void countOn(MeterRegistry metrics) {
    Gauge.builder("peeker.sandbox.steps.allowed", this, b -> b.limit(b.busy()))
        .description(
            "sandbox steps this node lets run at once now; 1 while its requests could fill every"
                + " core")
        .register(metrics);
  }

  interface Work<T> {
    T run();
  }

  <T> T spend(Work<T> work) {
    boolean busy = enter();
    long started = System.nanoTime();
    try {
      return work.run();
    } finally {
      if (busy) {
        restFor(System.nanoTime() - started);
      }
      leave();
    }
  }

  /** As many requests in flight as {@code busyAt} (the node's processors) or more. */
  private boolean busy() {
    return foreground.requestsInFlight() >= busyAt;
  }

  private int limit(boolean busy) {
    return busy ? 1 : permits;
  }

  private boolean enter() {
    lock.lock();
    try {
      boolean busy = busy();
      while (running >= limit(busy)) {
        freed.awaitUninterruptibly();
        busy = busy();
      }
      running++;
      return busy;
    } finally {
      lock.unlock();
    }
  }

  private void leave() {
    lock.lock();
    try {
      running--;
      for (int room = limit(busy()) - running; room > 0; room--) {
        freed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private static void restFor(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
