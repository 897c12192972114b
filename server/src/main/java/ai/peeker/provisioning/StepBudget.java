package ai.peeker.provisioning;

import java.util.concurrent.Semaphore;

/**
 * How many sandbox provisioning steps do their work at once on this node: half the processors, at
 * least one. A sandbox step is all CPU and database work (its providers are tables), so a burst of
 * thousands of domains would otherwise take every core from the HTTP requests; the budget makes the
 * backlog drain steadily behind them instead. The runner may hold many more jobs (their simulated
 * provider latency is a sleep, outside the budget); live steps mostly wait on providers and are not
 * counted.
 */
final class StepBudget {
  private final Semaphore permits;

  StepBudget(int permits) {
    this.permits = new Semaphore(permits, true);
  }

  static StepBudget forThisMachine() {
    return new StepBudget(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
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
