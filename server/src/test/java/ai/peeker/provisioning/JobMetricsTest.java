package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.peeker.db.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scrape never waits for the job queue: the queue is read off the scrape's thread, so a database
 * that cannot hand out a connection (every one busy under a backlog) leaves the figures stale, and
 * says how stale, instead of holding {@code /metrics}.
 */
class JobMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch gate = new CountDownLatch(1);
  private Database database;
  private JobMetrics metrics;

  @BeforeEach
  void open() {
    database =
        Database.open("jdbc:h2:mem:jobmetrics" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", 2);
    database
        .jdbi()
        .useHandle(
            h -> {
              for (int i = 0; i < 3; i++) {
                h.execute(
                    "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked,"
                        + " version) VALUES ('t', ?, TIMESTAMP WITH TIME ZONE '2026-01-01"
                        + " 00:00:00+00', FALSE, 1)",
                    "i" + i);
              }
            });
    // a pool whose connections are all taken until the gate opens
    DataSource pool = database.backgroundPool();
    DataSource gated =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection")) {
                    gate.await();
                  }
                  return method.invoke(pool, args);
                });
    metrics = new JobMetrics(Jdbi.create(gated), Clock.systemUTC(), registry);
  }

  @AfterEach
  void close() {
    gate.countDown();
    metrics.close();
    database.close();
  }

  @Test
  void a_scrape_answers_at_once_while_the_queue_cannot_be_read_then_shows_the_backlog() {
    metrics.register(List.of("t"));
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertThat(due()).isZero();
          assertThat(age()).isNaN();
        },
        "a scrape waited for the job queue");
    gate.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> due() == 3);
    assertThat(age()).isBetween(0.0, 10.0);
    assertThat(registry.get("peeker.jobs.lag").tag("task", "t").gauge().value())
        .isGreaterThan(86_400);
  }

  private double due() {
    return registry.get("peeker.jobs.due").tag("task", "t").gauge().value();
  }

  private double age() {
    return registry.get("peeker.jobs.queue.age").gauge().value();
  }
}
