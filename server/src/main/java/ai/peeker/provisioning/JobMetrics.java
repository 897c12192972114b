package ai.peeker.provisioning;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue on {@code /metrics}, by task: {@code peeker_jobs_due} (waiting for a runner, the
 * backlog), {@code peeker_jobs_running}, {@code peeker_jobs_lag_seconds} (how long the oldest due
 * job has waited), and {@code peeker_jobs_executions_total{result}} with {@code
 * peeker_jobs_duration_seconds}.
 *
 * <p>The queue is read by a thread of its own every {@link #EVERY}, never by the scrape: under a
 * large backlog the read waits for a connection and counts every due job, and a scrape that waited
 * with it would time out just when the operator needs the figures. A scrape answers the last read,
 * and {@code peeker_jobs_queue_age_seconds} says how old that read is.
 */
final class JobMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobMetrics.class);
  private static final Duration EVERY = Duration.ofSeconds(2);
  private static final int QUERY_TIMEOUT_SECONDS = 30;

  /** One read of the queue, and when it was taken (null: not yet). */
  private record Snapshot(Map<String, JobQueueStore.Depth> depths, Instant readAt) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final MeterRegistry metrics;
  private volatile Snapshot last = new Snapshot(Map.of(), null);
  private ScheduledExecutorService reader;

  JobMetrics(Jdbi jdbi, Clock clock, MeterRegistry metrics) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Registers the series of {@code tasks} and starts reading the queue. */
  synchronized void register(List<String> tasks) {
    for (String task : tasks) {
      gauge("peeker.jobs.due", task, "jobs due and waiting for a runner", d -> d.due());
      gauge("peeker.jobs.running", task, "jobs running on some node", d -> d.running());
      Gauge.builder(
              "peeker.jobs.lag",
              this,
              m -> {
                JobQueueStore.Depth d = m.last.depths().get(task);
                return d == null || d.oldestDue() == null
                    ? 0
                    : Math.max(0, Duration.between(d.oldestDue(), clock.instant()).toMillis())
                        / 1000.0;
              })
          .tag("task", task)
          .baseUnit("seconds")
          .description("how long the oldest due job has waited for a runner")
          .register(metrics);
    }
    Gauge.builder(
            "peeker.jobs.queue.age",
            this,
            m -> {
              Instant readAt = m.last.readAt();
              return readAt == null
                  ? Double.NaN
                  : Duration.between(readAt, clock.instant()).toMillis() / 1000.0;
            })
        .baseUnit("seconds")
        .description("how old the job queue figures are (read every 2 s; NaN before the first)")
        .register(metrics);
    if (reader == null) {
      reader =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("peeker-job-metrics").daemon().factory());
      // fixed delay: a slow read is never overtaken by the next one
      var unused =
          reader.scheduleWithFixedDelay(this::read, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void gauge(
      String name, String task, String description, ToDoubleFunction<JobQueueStore.Depth> value) {
    Gauge.builder(
            name,
            this,
            m -> {
              JobQueueStore.Depth d = m.last.depths().get(task);
              return d == null ? 0 : value.applyAsDouble(d);
            })
        .tag("task", task)
        .description(description)
        .register(metrics);
  }

  /** Reads the queue; a failed read keeps the last figures (their age grows). */
  void read() {
    Instant now = clock.instant();
    try {
      Map<String, JobQueueStore.Depth> depths =
          jdbi.withHandle(h -> JobQueueStore.depths(h, now, QUERY_TIMEOUT_SECONDS)).stream()
              .collect(Collectors.toMap(JobQueueStore.Depth::task, d -> d));
      last = new Snapshot(depths, now);
    } catch (RuntimeException e) {
      log.debug("could not read the job queue for metrics", e);
    }
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.shutdownNow();
      reader = null;
    }
  }

  void completed(ExecutionComplete complete) {
    String task = complete.getExecution().taskInstance.getTaskName();
    String result = complete.getResult().name().toLowerCase(Locale.ROOT);
    Counter.builder("peeker.jobs.executions")
        .tag("task", task)
        .tag("result", result)
        .description("job runs on this node by how they ended (a failure is retried by policy)")
        .register(metrics)
        .increment();
    Timer.builder("peeker.jobs.duration")
        .tag("task", task)
        .description("how long job runs take on this node")
        .serviceLevelObjectives(
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30))
        .register(metrics)
        .record(complete.getDuration());
  }
}
