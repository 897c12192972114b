package ai.peeker.provisioning;

import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job runner: db-scheduler on the application database. Jobs are scheduled inside the
 * transaction of the change that needs them (a rolled-back order leaves no job), and the runner is
 * woken when that transaction commits. Heartbeats and dead-execution detection are tuned to
 * seconds, so the work of a killed node resumes on a live one within about 17 seconds.
 */
public final class Jobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Jobs.class);
  static final Duration POLLING_INTERVAL = Duration.ofMillis(250);

  /*
   * When a running job counts as dead. A node writes one heartbeat per running execution, one
   * after the other, then waits HEARTBEAT; every node (itself included) revives an execution whose
   * heartbeat is older than HEARTBEAT × MISSED_HEARTBEATS_BEFORE_DEAD. So a live execution's
   * heartbeat ages by HEARTBEAT plus the time one round of writes takes plus any pause of the
   * JVM; that sum must stay well under the limit, or live work is revived and runs twice (its
   * first run then fails to complete: db-scheduler's "Expected one execution to be removed, but
   * removed 0"). Measured with two nodes on one PostgreSQL under 64 connections of mixed load on
   * a 2-core machine (ClusterLoadTest, see README "Under load"): the oldest heartbeat of a
   * running job reached 4.1 s with a 2 s interval (rounds of ~128 writes took up to ~2 s), the
   * longest JVM stall was 0.35 s. The old 1 s × 4 = 4 s limit sits right at that; 2 s × 6 = 12 s
   * leaves about three times the measured age, and a killed node's work still resumes within
   * 12 s + one dead-execution check (every 2 × HEARTBEAT) + a poll: about 17 s.
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(2);
  static final int MISSED_HEARTBEATS_BEFORE_DEAD = 6;
  private static final int THREADS = 128;

  private final DataSource dataSource;
  private final DataSource bookkeeping;
  private final boolean postgres;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final List<Task<?>> tasks = new ArrayList<>();
  private JdbcCustomization jdbc;
  private volatile Scheduler scheduler;

  /**
   * @param dataSource where the jobs' own queries run (e.g. {@link #anyRunning}); jobs scheduled
   *     inside a transaction use that transaction's connection
   * @param bookkeeping where the runner keeps its own table: picks, heartbeats, completions. Give
   *     it connections nothing else uses ({@link ai.peeker.db.Database#jobRunnerPool()}): a
   *     heartbeat that queues behind the jobs' own work arrives late, and late enough counts as
   *     dead. Losing its last commits in a database crash only repeats idempotent work, so it may
   *     commit without waiting for the disk.
   */
  public Jobs(
      DataSource dataSource,
      DataSource bookkeeping,
      boolean postgres,
      Clock clock,
      MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.bookkeeping = bookkeeping;
    this.postgres = postgres;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Defines and registers a job (before {@link #start}). {@code work} gets the instance id and
   * answers when to run that instance again, or null when it is done. Should the work itself
   * throw (e.g. the database is away), it is retried with exponential backoff.
   */
  synchronized CustomTask<Void> define(String name, Function<String, Instant> work) {
    if (scheduler != null) {
      throw new IllegalStateException("define jobs before the runner starts");
    }
    CustomTask<Void> task =
        Tasks.custom(name, Void.class)
            .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1)))
            .execute(
                (instance, context) -> {
                  Instant again = work.apply(instance.getId());
                  return again == null
                      ? (complete, operations) -> operations.remove()
                      : (complete, operations) -> operations.reschedule(complete, again);
                });
    tasks.add(task);
    return task;
  }

  /** Starts executing due jobs on this node. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    var builder =
        Scheduler.create(bookkeeping, List.copyOf(tasks))
            .clock(clock::instant)
            .jdbcCustomization(jdbc())
            .schedulerName(new SchedulerName.Fixed(nodeName()))
            .threads(THREADS)
            // Steps mostly wait on providers (or the sandbox's pacing): virtual threads are cheap.
            .executorService(Executors.newVirtualThreadPerTaskExecutor())
            .pollingInterval(POLLING_INTERVAL)
            .heartbeatInterval(HEARTBEAT)
            .missedHeartbeatsLimit(MISSED_HEARTBEATS_BEFORE_DEAD)
            .shutdownMaxWait(Duration.ofSeconds(2))
            .addSchedulerListener(new Watch());
    // Every fetched execution runs at once on its own virtual thread, so the fetch limit
    // (THREADS) is what bounds concurrent work and the database connections it needs.
    if (postgres) {
      builder.pollUsingLockAndFetch(0.5, 1.0);
    } else {
      builder.pollUsingFetchAndLockOnExecute(0.5, 1.0);
    }
    scheduler = builder.build();
    scheduler.start();
  }

  /**
   * Counts the runner's trouble on {@code /metrics} ({@code peeker_jobs_events_total{event}}):
   * dead executions, repeatedly failed heartbeats and errors. A single failed heartbeat is not
   * counted: it is the harmless race of a job that completed while its heartbeat was being
   * written. A dead execution on a healthy cluster means the heartbeat limits are too tight for
   * the load, so it is logged as a warning too.
   */
  private final class Watch extends AbstractSchedulerListener {
    @Override
    public void onSchedulerEvent(SchedulerEventType type) {
      switch (type) {
        case DEAD_EXECUTION,
            FAILED_MULTIPLE_HEARTBEATS,
            UNEXPECTED_ERROR,
            COMPLETIONHANDLER_ERROR,
            FAILUREHANDLER_ERROR ->
            metrics
                .counter("peeker.jobs.events", "event", type.name().toLowerCase(Locale.ROOT))
                .increment();
        default -> {}
      }
    }

    @Override
    public void onExecutionDead(Execution execution) {
      log.warn(
          "reviving {} of {}: its last heartbeat ({}) is older than {}",
          execution.taskInstance,
          execution.pickedBy,
          execution.lastHeartbeat,
          HEARTBEAT.multipliedBy(MISSED_HEARTBEATS_BEFORE_DEAD));
    }
  }

  /**
   * Schedules {@code instance} at {@code at} as part of {@code h}'s transaction: the job exists
   * exactly when the transaction commits.
   */
  void schedule(Handle h, TaskInstance<?> instance, Instant at) {
    clientIn(h).schedule(instance, at);
    h.afterCommit(this::wake);
  }

  /** True while some node executes a job of {@code task} whose instance id starts with {@code prefix}. */
  boolean anyRunning(String task, String prefix) {
    return client(dataSource)
        .getScheduledExecutionsForTask(
            task, Void.class, ScheduledExecutionsFilter.all().withPicked(true))
        .stream()
        .anyMatch(e -> e.getTaskInstance().getId().startsWith(prefix));
  }

  /** Looks for due jobs now instead of at the next poll. */
  void wake() {
    Scheduler running = scheduler;
    if (running != null) {
      running.triggerCheckForDueExecutions();
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.stop();
      scheduler = null;
    }
  }

  private SchedulerClient clientIn(Handle h) {
    return client(new JoinedTransaction(h.getConnection()));
  }

  private SchedulerClient client(DataSource source) {
    return SchedulerClient.Builder.create(source, tasks).jdbcCustomization(jdbc()).build();
  }

  private synchronized JdbcCustomization jdbc() {
    if (jdbc == null) {
      jdbc = new UtcInstants(new AutodetectJdbcCustomization(dataSource, true));
    }
    return jdbc;
  }

  private static String nodeName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "node";
    }
    // two processes on one host (a restart while the old one dies) must not share a name
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A data source that hands out one connection already inside a transaction and keeps
   * db-scheduler from closing or committing it; the transaction's owner does both.
   */
  private record JoinedTransaction(Connection connection) implements DataSource {
    @Override
    public Connection getConnection() {
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "close", "commit", "rollback", "setAutoCommit" -> {
                    return null;
                  }
                  case "isClosed" -> {
                    return false;
                  }
                  default -> {
                    try {
                      return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  }
                }
              });
    }

    @Override
    public Connection getConnection(String username, String password) {
      return getConnection();
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
      throw new java.sql.SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
