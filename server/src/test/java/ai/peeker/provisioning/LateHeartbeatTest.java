package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.db.Database;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.api.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job whose heartbeat is older than the limit is revived, unless the node checking is running it
 * at that moment: a node never runs its own live job a second time because its heartbeats were
 * late.
 */
class LateHeartbeatTest {
  private static final TaskDescriptor<String> TASK = TaskDescriptor.of("late-test", String.class);

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final CountDownLatch finish = new CountDownLatch(1);
  private Database database;
  private Jobs jobs;

  @BeforeEach
  void start() {
    database = Database.open("jdbc:h2:mem:late" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", 4);
    jobs =
        new Jobs(
            database.backgroundPool(), database.jobRunnerPool(), false, Clock.systemUTC(), metrics);
    FailureHandler<String> never = (complete, operations) -> operations.stop();
    jobs.define(
        TASK,
        never,
        id -> id,
        (data, failures) -> {
          runs.computeIfAbsent(data, d -> new AtomicInteger()).incrementAndGet();
          try {
            finish.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
    jobs.start();
  }

  @AfterEach
  void stop() {
    finish.countDown();
    jobs.close();
    database.close();
  }

  @Test
  void a_job_this_node_is_running_is_kept_though_its_heartbeat_is_stale() {
    database
        .jdbi()
        .useTransaction(
            h -> jobs.schedule(h, TASK.instance("mine").data("mine").build(), Instant.now()));
    await().atMost(Duration.ofSeconds(20)).until(() -> runs.containsKey("mine"));

    // The node's heartbeat writes are held back (the trigger below keeps a stale heartbeat stale):
    // the node's dead-job check (every 4 s) must see it stale, whatever the phase of its
    // heartbeat writes.
    database.jdbi().useHandle(h -> h.execute(HOLD_STALE_HEARTBEATS));
    makeStale("mine");
    await().atMost(Duration.ofSeconds(30)).until(() -> count("late_heartbeat") > 0);
    assertThat(count("dead_execution")).isZero();

    finish.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> rows("mine") == 0);
    assertThat(runs.get("mine").get()).as("runs of the job").isEqualTo(1);
  }

  @Test
  void a_job_picked_by_a_node_that_is_gone_is_revived_and_run() {
    finish.countDown();
    database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time,"
                        + " picked, picked_by, last_heartbeat, version)"
                        + " VALUES ('late-test', 'orphan', ?, TRUE, 'gone-node', ?, 1)",
                    Instant.now().minusSeconds(3600),
                    Instant.now().minusSeconds(3600)));

    await().atMost(Duration.ofSeconds(30)).until(() -> rows("orphan") == 0);
    assertThat(runs.get("orphan").get()).isEqualTo(1);
    assertThat(count("dead_execution")).isEqualTo(1);
    assertThat(count("late_heartbeat")).isZero();
  }

  private static final String HOLD_STALE_HEARTBEATS =
      "CREATE TRIGGER hold_stale_heartbeats BEFORE UPDATE ON scheduled_tasks FOR EACH ROW CALL \""
          + HeldHeartbeat.class.getName()
          + "\"";

  /** Keeps a heartbeat more than a minute old as it is: the node's writes do not freshen it. */
  public static final class HeldHeartbeat implements Trigger {
    private int heartbeat;

    @Override
    public void init(
        Connection conn, String schema, String trigger, String table, boolean before, int type)
        throws SQLException {
      try (var columns =
          conn.prepareStatement(
              "SELECT ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS"
                  + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                  + " AND UPPER(COLUMN_NAME) = 'LAST_HEARTBEAT'")) {
        columns.setString(1, schema);
        columns.setString(2, table);
        try (var row = columns.executeQuery()) {
          row.next();
          heartbeat = row.getInt(1) - 1;
        }
      }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
      if (oldRow[heartbeat] instanceof OffsetDateTime old
          && old.toInstant().isBefore(Instant.now().minusSeconds(60))) {
        newRow[heartbeat] = old;
      }
    }
  }

  private void makeStale(String id) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE scheduled_tasks SET last_heartbeat = ? WHERE task_instance = ?",
                    Instant.now().minusSeconds(3600),
                    id));
  }

  private long rows(String id) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = :id")
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one());
  }

  private double count(String event) {
    Counter counter = metrics.find("peeker.jobs.events").tag("event", event).counter();
    return counter == null ? 0 : counter.count();
  }
}
