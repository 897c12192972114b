package ai.peeker.provisioning;

import java.util.concurrent.Semaphore;

/**
 * How many sandbox provisioning steps do their work at once on this node. A sandbox step is all
 * database work (its providers are tables), so a burst of thousands of domains would otherwise take
 * every core from the HTTP requests; the budget makes the backlog drain steadily behind them
 * instead. The runner may hold many more jobs (their simulated provider latency is a sleep, outside
 * the budget); live steps mostly wait on providers and are not counted.
 */
final class StepBudget {
  private final Semaphore permits;

  StepBudget(int permits) {
    this.permits = new Semaphore(permits, true);
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
   * (order to completed p95 9.7 s), six kept up (p95 1.4, 2.5 s). The price is paid by requests
   * during a burst: page 1 of the orders listing beside the provisioning of 300 × 10 domains kept
   * 0.47–0.57 of its idle throughput and 1.71–2.74× its idle p99 with six (three runs), 0.68 and
   * 2.17× with two (one run).
   */
  static StepBudget forThisNode(boolean remoteDatabase) {
    int processors = Runtime.getRuntime().availableProcessors();
    return new StepBudget(remoteDatabase ? 3 * processors : processors);
  }

  interface Work<T> {
    T run();
  }

  <T> T spend(Work<T> work) {
    permits.acquireUninterruptibly();
    try {
      return work.run();
    } finally {
      permits.release();
    }
  }
}
