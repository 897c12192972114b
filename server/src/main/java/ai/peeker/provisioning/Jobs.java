package ai.peeker.provisioning;

import ai.peeker.common.Json;
import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job runner: db-scheduler on the application database. Every job is a task with typed
 * data (JSON in the job table) and a declared failure policy; nothing else retries a job. Jobs are
 * scheduled inside the transaction of the change that needs them (a rolled-back order leaves no
 * job), and the runner is woken when that transaction commits. Heartbeats and dead-execution
 * detection are tuned to seconds, so the work of a killed node resumes on a live one within about
 * 17 seconds.
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
  static final int THREADS = 128;

  /**
   * Task data (records) as JSON through the house mapper. Not db-scheduler's {@code
   * JacksonSerializer}: loading it needs Jackson's java.time module, which the server does not
   * carry.
   */
  private static final Serializer DATA =
      new Serializer() {
        @Override
        public byte[] serialize(Object data) {
          try {
            return Json.MAPPER.writeValueAsBytes(data);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }

        @Override
        public <T> T deserialize(Class<T> type, byte[] json) {
          if (json == null) {
            return null; // a job with its data in the instance id
          }
          try {
            return Json.MAPPER.readValue(json, type);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };

  private final DataSource bookkeeping;
  private final boolean postgres;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final List<Task<?>> tasks = new ArrayList<>();

  /** The connection of the transaction that is scheduling a job on this thread, if any. */
  private final ThreadLocal<Connection> scheduling = new ThreadLocal<>();

  private final DataSource joinable;
  private final JdbcCustomization jdbc;
  private SchedulerClient client;
  private volatile Scheduler scheduler;
  private volatile ThreadPoolExecutor pool;
  private volatile boolean stopping;
  private final JobMetrics queue;

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
    this.bookkeeping = bookkeeping;
    this.postgres = postgres;
    this.clock = clock;
    this.metrics = metrics;
    this.joinable = joinable(dataSource);
    this.jdbc = new JobDialect(new AutodetectJdbcCustomization(dataSource, true), this::room);
    this.queue = new JobMetrics(org.jdbi.v3.core.Jdbi.create(dataSource), clock, metrics);
  }

  /**
   * A job's work: when to run it again, or null when it is done. {@code failures} counts the runs
   * that failed in a row just before this one; answering "again now" sets it back to zero.
   */
  interface Work<T> {
    Instant run(T data, int failures);
  }

  /**
   * Defines and registers a job (before it is first scheduled or the runner starts). {@code
   * fromInstanceId} rebuilds the data of a job queued by an earlier build, whose jobs carried their
   * data in the instance id only (null when there is nothing left to do).
   */
  synchronized <T> CustomTask<T> define(
      TaskDescriptor<T> descriptor,
      FailureHandler<T> onFailure,
      Function<String, T> fromInstanceId,
      Work<T> work) {
    if (scheduler != null || client != null) {
      throw new IllegalStateException("define jobs before the runner starts");
    }
    CustomTask<T> task =
        Tasks.custom(descriptor)
            .onFailure(onFailure)
            .onDeadExecution(this::deadExecution)
            .execute(
                (instance, context) -> {
                  T data = instance.getData();
                  if (data == null) {
                    data = fromInstanceId.apply(instance.getId());
                  }
                  if (data == null) {
                    log.warn("dropping {}: nothing is left for it to do", instance);
                    return (complete, operations) -> operations.remove();
                  }
                  Instant again = work.run(data, context.getExecution().consecutiveFailures);
                  return again == null
                      ? (complete, operations) -> operations.remove()
                      : (complete, operations) -> operations.reschedule(complete, again);
                });
    tasks.add(task);
    return task;
  }

  /**
   * A failure policy: run again {@code first} after a failure, twice as long after each further one
   * up to {@code longest}, {@code retries} times; the failure after that is final. (db- scheduler's
   * {@code ExponentialBackoffFailureHandler} has no ceiling, and its {@code
   * MaxRetriesFailureHandler} removes the job before the give-up step runs.)
   */
  record Backoff(Duration first, Duration longest, int retries) {
    Duration delay(int failures) {
      long millis = first.toMillis() << Math.min(failures - 1, 20);
      return Duration.ofMillis(Math.min(millis, longest.toMillis()));
    }

    /**
     * Retries by the policy picked for the job's data; then {@code giveUp} records the terminal
     * state with the reason ({@code gave up after 8 attempts: …}) before the job is removed, so a
     * give-up that fails leaves the job to be revived.
     */
    static <T> FailureHandler<T> orGiveUp(
        Function<T, Backoff> policy, BiConsumer<T, String> giveUp) {
      return (complete, operations) -> {
        @SuppressWarnings("unchecked")
        T data = (T) complete.getExecution().taskInstance.getData();
        Backoff backoff = policy.apply(data);
        int failures = complete.getExecution().consecutiveFailures + 1;
        if (failures <= backoff.retries()) {
          Duration delay = backoff.delay(failures);
          // a provider's Retry-After is a floor under the policy's pause
          if (complete.getCause().orElse(null) instanceof ProviderFailure f
              && f.retryAfter().compareTo(delay) > 0) {
            delay = f.retryAfter();
          }
          operations.reschedule(complete, complete.getTimeDone().plus(delay));
          return;
        }
        Throwable cause = complete.getCause().orElseThrow();
        String reason =
            cause instanceof ProviderFailure
                ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        giveUp.accept(data, "gave up after " + backoff.retries() + " attempts: " + reason);
        operations.stop();
      };
    }
  }

  /** Starts executing due jobs on this node. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    pool = JobThreads.pool("peeker-job-", priority(), THREADS);
    var builder =
        Scheduler.create(bookkeeping, List.copyOf(tasks))
            .clock(clock::instant)
            .jdbcCustomization(jdbc)
            .serializer(DATA)
            .schedulerName(new SchedulerName.Fixed(nodeName()))
            .threads(THREADS)
            // below the requests' priority: a backlog of steps must not queue requests
            .executorService(pool)
            .pollingInterval(POLLING_INTERVAL)
            .heartbeatInterval(HEARTBEAT)
            .missedHeartbeatsLimit(MISSED_HEARTBEATS_BEFORE_DEAD)
            .shutdownMaxWait(Duration.ofSeconds(2))
            // a failed run is routine (its task's policy retries it): one line, no stack trace
            .failureLogging(LogLevel.WARN, false)
            .addSchedulerListener(new Watch());
    // At most THREADS jobs run at once (the pool queues the rest), which bounds the threads and
    // the database connections they need. PostgreSQL claims only as many as there is room for;
    // H2 claims a job when a thread takes it from the queue.
    if (postgres) {
      builder.pollUsingLockAndFetch(0.5, 1.0);
    } else {
      builder.pollUsingFetchAndLockOnExecute(0.5, 1.0);
    }
    scheduler = builder.build();
    queue.register(tasks.stream().map(Task::getName).toList());
    scheduler.start();
    logPriority(priority());
  }

  private int priority() {
    return postgres ? JobThreads.REMOTE : JobThreads.EMBEDDED;
  }

  private static void logPriority(int priority) {
    OptionalInt nice = JobThreads.niceness(priority);
    if (nice.isPresent() && nice.getAsInt() > 0) {
      log.info("jobs run at nice {}, below the HTTP requests", nice.getAsInt());
    } else if (nice.isPresent()) {
      log.info(
          "jobs run at the HTTP requests' priority (nice {}); JVM flags {} put them below"
              + " (./peeker sets them)",
          nice.getAsInt(),
          JobThreads.JVM_FLAGS);
    }
  }

  /**
   * A job whose heartbeat is older than the limit is revived (run again from its last committed
   * state), unless this node is running it right now: its heartbeats were late (a round of
   * heartbeat writes queued behind a saturated database), but the job is alive, and reviving it
   * would run it twice and make its own completion fail (db-scheduler's "Expected one execution to
   * be removed, but removed 0"). A node cannot know that of another node's job, so there the limit
   * decides. Both outcomes are counted: {@code dead_execution} (revived, and logged as a warning)
   * and {@code late_heartbeat} (kept).
   */
  private <T> void deadExecution(ExecutionComplete dead, ExecutionOperations<T> operations) {
    Execution execution = dead.getExecution();
    Scheduler running = scheduler;
    boolean alive =
        running != null
            && running.getCurrentlyExecuting().stream()
                .map(CurrentlyExecuting::getExecution)
                .anyMatch(
                    e ->
                        e.taskInstance.equals(execution.taskInstance)
                            && e.version == execution.version);
    if (alive) {
      count("late_heartbeat");
      return;
    }
    count("dead_execution");
    log.warn(
        "reviving {} of {}: its last heartbeat ({}) is older than {}",
        execution.taskInstance,
        execution.pickedBy,
        execution.lastHeartbeat,
        HEARTBEAT.multipliedBy(MISSED_HEARTBEATS_BEFORE_DEAD));
    new DeadExecutionHandler.ReviveDeadExecution<T>().deadExecution(dead, operations);
  }

  private void count(String event) {
    metrics.counter("peeker.jobs.events", "event", event).increment();
  }

  /**
   * Counts the runner's trouble on {@code /metrics} ({@code peeker_jobs_events_total{event}}):
   * repeatedly failed heartbeats and errors (dead executions are counted where they are handled). A
   * single failed heartbeat is not counted: it is the harmless race of a job that completed while
   * its heartbeat was being written.
   */
  private final class Watch extends AbstractSchedulerListener {
    @Override
    public void onSchedulerEvent(SchedulerEventType type) {
      switch (type) {
        case FAILED_MULTIPLE_HEARTBEATS,
            UNEXPECTED_ERROR,
            COMPLETIONHANDLER_ERROR,
            FAILUREHANDLER_ERROR ->
            count(type.name().toLowerCase(Locale.ROOT));
        default -> {}
      }
    }

    @Override
    public void onExecutionComplete(ExecutionComplete complete) {
      queue.completed(complete);
    }
  }

  /**
   * Schedules {@code instance} at {@code at} as part of {@code h}'s transaction: the job exists
   * exactly when the transaction commits.
   */
  void schedule(Handle h, TaskInstance<?> instance, Instant at) {
    inTransactionOf(h, () -> client().schedule(instance, at));
  }

  /** Schedules every one of {@code instances} at {@code at} in one batch, as {@link #schedule}. */
  void scheduleAll(Handle h, List<TaskInstance<?>> instances, Instant at) {
    if (!instances.isEmpty()) {
      inTransactionOf(h, () -> client().scheduleBatch(instances, at));
    }
  }

  /** Runs {@code scheduling} on {@code h}'s connection; the runner wakes when it commits. */
  private void inTransactionOf(Handle h, Runnable scheduling) {
    this.scheduling.set(h.getConnection());
    try {
      scheduling.run();
    } finally {
      this.scheduling.remove();
    }
    h.afterCommit(this::wake);
  }

  /** True while some node executes a job of {@code task} whose data is {@code which}. */
  <T> boolean anyRunning(TaskDescriptor<T> task, Predicate<T> which) {
    return client()
        .getScheduledExecutionsForTask(
            task.getTaskName(),
            task.getDataClass(),
            ScheduledExecutionsFilter.all().withPicked(true))
        .stream()
        .anyMatch(e -> which.test(e.getData()));
  }

  /** True when the database is another process (PostgreSQL), false on embedded H2. */
  boolean remoteDatabase() {
    return postgres;
  }

  /** Where the job side's series go ({@code /metrics}). */
  MeterRegistry metrics() {
    return metrics;
  }

  /** True while this node's runner is started and not stopping. */
  public boolean running() {
    Scheduler running = scheduler;
    return running != null
        && running.getSchedulerState().isStarted()
        && !running.getSchedulerState().isShuttingDown();
  }

  /**
   * Jobs this node fetches at its next look: enough for every thread and one thread-full waiting
   * behind them, less what is running and waiting already. The waiting ones keep a thread that
   * comes free busy until the next poll (without them H2 drained a backlog half as fast).
   */
  private int room() {
    ThreadPoolExecutor threads = pool;
    return threads == null
        ? THREADS
        : 2 * THREADS - threads.getActiveCount() - threads.getQueue().size();
  }

  /** Jobs fetched by this node and waiting for a thread (H2; PostgreSQL fetches what fits). */
  int queued() {
    ThreadPoolExecutor threads = pool;
    return threads == null ? 0 : threads.getQueue().size();
  }

  /**
   * Looks for due jobs now instead of at the next poll, unless every thread is busy: the poll finds
   * them then (on H2 a look would find no room, or make the thread-full waiting stale).
   */
  void wake() {
    Scheduler running = scheduler;
    ThreadPoolExecutor threads = pool;
    if (running != null && threads != null && threads.getActiveCount() < THREADS) {
      running.triggerCheckForDueExecutions();
    }
  }

  /**
   * True once this node is stopping: a long job stops at its next step boundary and asks to run
   * again at once, so it completes (and is released for any node) before db-scheduler's short
   * shutdown wait ends in an interrupt, which would leave it picked until declared dead.
   */
  public boolean stopping() {
    return stopping;
  }

  @Override
  public synchronized void close() {
    stopping = true;
    queue.close();
    if (scheduler != null) {
      scheduler.stop();
      scheduler = null;
    }
  }

  /** The one client, built on first use, once every job is defined. */
  private synchronized SchedulerClient client() {
    if (client == null) {
      client =
          SchedulerClient.Builder.create(joinable, List.copyOf(tasks))
              .jdbcCustomization(jdbc)
              .serializer(DATA)
              .build();
    }
    return client;
  }

  /**
   * {@code pool}, except on a thread inside {@link #schedule}: there it hands out the scheduling
   * transaction's connection, wrapped so that db-scheduler cannot close or end it (db-scheduler
   * commits nothing on a connection whose auto-commit is off; the transaction's owner does).
   */
  private DataSource joinable(DataSource pool) {
    return proxy(
        DataSource.class,
        (method, args) -> {
          Connection joined = scheduling.get();
          if (joined == null || !method.getName().equals("getConnection")) {
            return method.invoke(pool, args);
          }
          return proxy(
              Connection.class, (m, a) -> ENDS.contains(m.getName()) ? null : m.invoke(joined, a));
        });
  }

  private static final Set<String> ENDS = Set.of("close", "commit", "rollback", "setAutoCommit");

  private interface Call {
    Object invoke(Method method, Object[] args) throws ReflectiveOperationException;
  }

  private static <T> T proxy(Class<T> type, Call call) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              try {
                return call.invoke(method, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
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
}
