package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sandbox steps run as many at once as the budget allows while the HTTP side is quiet, and one at a
 * time, resting as long as each worked, while the requests in flight could fill every core.
 */
class StepBudgetTest {
  private static final int PERMITS = 3;
  private static final int BUSY_AT = 2;

  private final AtomicLong requestsInFlight = new AtomicLong();
  private final StepBudget budget = new StepBudget(PERMITS, requestsInFlight::get, BUSY_AT);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void a_quiet_node_runs_as_many_steps_at_once_as_it_has_permits() throws Exception {
    requestsInFlight.set(BUSY_AT - 1);
    CountDownLatch allIn = new CountDownLatch(PERMITS);
    List<Future<Boolean>> steps = new ArrayList<>();
    for (int i = 0; i < PERMITS; i++) {
      steps.add(
          threads.submit(
              () ->
                  budget.spend(
                      () -> {
                        allIn.countDown();
                        return await(allIn); // each waits for the others to be inside too
                      })));
    }
    for (Future<Boolean> step : steps) {
      assertThat(step.get(10, TimeUnit.SECONDS)).as("every step was inside at once").isTrue();
    }
  }

  @Test
  void a_busy_node_runs_one_step_at_a_time_and_rests_as_long_as_it_worked() throws Exception {
    requestsInFlight.set(BUSY_AT);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<long[]> spans = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> steps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      steps.add(
          threads.submit(
              () ->
                  budget.spend(
                      () -> {
                        long start = System.nanoTime();
                        mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        sleep(30);
                        inside.decrementAndGet();
                        spans.add(new long[] {start, System.nanoTime()});
                        return null;
                      })));
    }
    for (Future<?> step : steps) {
      step.get(10, TimeUnit.SECONDS);
    }
    assertThat(mostAtOnce).hasValue(1);
    List<long[]> ordered = spans.stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList();
    for (int i = 1; i < ordered.size(); i++) {
      long worked = ordered.get(i - 1)[1] - ordered.get(i - 1)[0];
      long gap = ordered.get(i)[0] - ordered.get(i - 1)[1];
      assertThat(gap).as("rest after step %d", i).isGreaterThanOrEqualTo(worked);
    }
  }

  @Test
  void steps_waiting_behind_a_busy_node_run_together_once_it_is_quiet() throws Exception {
    requestsInFlight.set(BUSY_AT);
    CountDownLatch firstIn = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first =
        threads.submit(
            () ->
                budget.spend(
                    () -> {
                      firstIn.countDown();
                      return await(release);
                    }));
    assertThat(await(firstIn)).isTrue();
    CountDownLatch bothIn = new CountDownLatch(2);
    List<Future<Boolean>> waiting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      waiting.add(
          threads.submit(
              () ->
                  budget.spend(
                      () -> {
                        bothIn.countDown();
                        return await(bothIn);
                      })));
    }
    sleep(100);
    assertThat(bothIn.getCount()).as("nobody else runs beside a busy node's step").isEqualTo(2);

    requestsInFlight.set(0);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<Boolean> step : waiting) {
      assertThat(step.get(10, TimeUnit.SECONDS)).as("both waiting steps ran at once").isTrue();
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
