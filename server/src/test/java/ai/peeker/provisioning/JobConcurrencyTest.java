package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.db.Database;
import ai.peeker.testing.TestDatabases;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog larger than the runner's threads runs a thread-full at a time, however many polls and
 * wake-ups pass meanwhile; the rest waits its turn in the database, unclaimed, with at most a
 * thread-full fetched ahead.
 */
class JobConcurrencyTest {
  private static final TaskDescriptor<String> TASK = TaskDescriptor.of("busy-test", String.class);
  private static final int BACKLOG = 3 * Jobs.THREADS;

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private Database database;
  private Jobs jobs;

  @BeforeEach
  void start() {
    database = Database.open(TestDatabases.fresh(), 4);
    jobs =
        new Jobs(
            database.backgroundPool(),
            database.jobRunnerPool(),
            database.isPostgres(),
            Clock.systemUTC(),
            new SimpleMeterRegistry());
    FailureHandler<String> never = (complete, operations) -> operations.stop();
    jobs.define(
        TASK,
        never,
        id -> id,
        (data, failures) -> {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            running.decrementAndGet();
          }
          done.incrementAndGet();
          return null;
        });
    jobs.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    jobs.close();
    database.close();
  }

  @Test
  void a_backlog_runs_no_more_jobs_at_once_than_the_runner_has_threads() throws Exception {
    List<TaskInstance<?>> backlog = new ArrayList<>();
    for (int i = 0; i < BACKLOG; i++) {
      backlog.add(TASK.instance("job-" + i).data("job-" + i).build());
    }
    database.jdbi().useTransaction(h -> jobs.scheduleAll(h, backlog, Instant.now()));
    await().atMost(Duration.ofSeconds(30)).until(() -> running.get() == Jobs.THREADS);

    // polls (every 250 ms) and wake-ups keep coming while every thread is busy
    for (int i = 0; i < 8; i++) {
      jobs.wake();
      Thread.sleep(250);
    }
    assertThat(mostAtOnce.get()).isEqualTo(Jobs.THREADS);
    long claimed =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM scheduled_tasks WHERE picked = TRUE")
                        .mapTo(Long.class)
                        .one());
    assertThat(claimed).as("jobs claimed in the database").isEqualTo(Jobs.THREADS);
    // nor more than a thread-full fetched to wait for a thread (H2 fetched one more at each poll)
    assertThat(jobs.queued())
        .as("jobs fetched and waiting for a thread")
        .isBetween(0, Jobs.THREADS);

    release.countDown();
    await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == BACKLOG);
    assertThat(mostAtOnce.get()).isEqualTo(Jobs.THREADS);
  }
}
