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
   * Half the processors' worth of this node's CPU. On an embedded database a step is all CPU on
   * this node: half the processors (at least one). Against PostgreSQL a step spends about half its
   * time waiting for its forty-odd round trips while the database works: as many as the processors.
   * Measured on 2 cores with PostgreSQL beside the node, 20 orders/s of 10 domains: one step at a
   * time drained 10–25 domains a second with CPU to spare; two reached the machine's limit, about
   * 67 a second; four did no better.
   */
  static StepBudget forThisNode(boolean remoteDatabase) {
    int processors = Runtime.getRuntime().availableProcessors();
    return new StepBudget(remoteDatabase ? processors : Math.max(1, processors / 2));
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
