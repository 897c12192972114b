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
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue on {@code /metrics}, by task: {@code peeker_jobs_due} (waiting for a runner, the
 * backlog), {@code peeker_jobs_running}, {@code peeker_jobs_lag_seconds} (how long the oldest due
 * job has waited), and {@code peeker_jobs_executions_total{result}} with {@code
 * peeker_jobs_duration_seconds}. The queue is read at most once a second, however often scraped.
 */
final class JobMetrics {
  private static final Logger log = LoggerFactory.getLogger(JobMetrics.class);
  private static final Duration FRESH = Duration.ofSeconds(1);

  private final Jdbi jdbi;
  private final Clock clock;
  private final MeterRegistry metrics;
  private Map<String, JobQueueStore.Depth> depths = Map.of();
  private Instant readAt = Instant.EPOCH;

  JobMetrics(Jdbi jdbi, Clock clock, MeterRegistry metrics) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.metrics = metrics;
  }

  void register(List<String> tasks) {
    for (String task : tasks) {
      gauge("peeker.jobs.due", task, "jobs due and waiting for a runner", d -> d.due());
      gauge("peeker.jobs.running", task, "jobs running on some node", d -> d.running());
      Gauge.builder(
              "peeker.jobs.lag",
              this,
              m -> {
                JobQueueStore.Depth d = m.depth(task);
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
  }

  private void gauge(
      String name, String task, String description, ToDoubleFunction<JobQueueStore.Depth> value) {
    Gauge.builder(
            name,
            this,
            m -> {
              JobQueueStore.Depth d = m.depth(task);
              return d == null ? 0 : value.applyAsDouble(d);
            })
        .tag("task", task)
        .description(description)
        .register(metrics);
  }

  private synchronized JobQueueStore.Depth depth(String task) {
    Instant now = clock.instant();
    if (Duration.between(readAt, now).compareTo(FRESH) >= 0) {
      readAt = now;
      try {
        depths =
            jdbi.withHandle(h -> JobQueueStore.depths(h, now)).stream()
                .collect(Collectors.toMap(JobQueueStore.Depth::task, d -> d));
      } catch (RuntimeException e) {
        log.debug("could not read the job queue for metrics", e);
      }
    }
    return depths.get(task);
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
