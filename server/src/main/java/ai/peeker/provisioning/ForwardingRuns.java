package ai.peeker.provisioning;

import ai.peeker.domains.forwarding.ForwardingFailure;
import ai.peeker.domains.forwarding.Redirects;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding jobs on the job runner ({@code forwarding-jobs}, one per {@code fwj_…}), pointing
 * domains through the environment's forwarder. Sandbox magic values: a domain starting {@code
 * nodns-} fails with {@code dns_lookup_failed}; a target host starting {@code unreachable-} fails
 * with {@code target_unreachable}; a target on {@code localhost} or a private address fails with
 * {@code invalid_target}.
 */
public final class ForwardingRuns implements Redirects {
  static final TaskDescriptor<ForwardingJob> TASK =
      TaskDescriptor.of("forwarding-jobs", ForwardingJob.class);
  private static final Logger log = LoggerFactory.getLogger(ForwardingRuns.class);

  /** Sandbox targets are judged by their text alone: no name is looked up. */
  private static final PictureUrls SANDBOX_TARGETS = new PictureUrls(false);

  /** The data of a forwarding job's run. */
  record ForwardingJob(String jobId) {}

  private final Jobs jobs;
  private final Providers.ByEnvironment providers;
  private final CustomTask<ForwardingJob> task;
  private volatile Function<String, Instant> work;

  public ForwardingRuns(Jobs jobs, Providers.ByEnvironment providers) {
    this.jobs = jobs;
    this.providers = providers;
    // a forwarder having a bad minute fails the run; rows already settled stay settled
    this.task =
        jobs.define(
            TASK,
            new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0),
            ForwardingJob::new,
            (job, failures) -> work.apply(job.jobId()));
  }

  /** The forwarding service whose {@code run} each job calls (wired before the runner starts). */
  public void runWith(Function<String, Instant> work) {
    this.work = work;
  }

  @Override
  public void schedule(Handle h, String jobId, Instant at) {
    jobs.schedule(h, task.instance(jobId, new ForwardingJob(jobId)), at);
  }

  @Override
  public ForwardingFailure point(Scope scope, String domain, String url) {
    if (scope.environment() == Environment.TEST) {
      String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
      if (!SANDBOX_TARGETS.isPublic(url)) {
        return ForwardingFailure.INVALID_TARGET;
      }
      if (domain.startsWith("nodns-")) {
        return ForwardingFailure.DNS_LOOKUP_FAILED;
      }
      if (host.startsWith("unreachable-")) {
        return ForwardingFailure.TARGET_UNREACHABLE;
      }
    }
    try {
      providers.of(scope).forwarder().redirect(scope, domain, url);
      return null;
    } catch (ProviderFailure f) {
      if (f.retryable()) {
        throw f;
      }
      log.info("forwarding {} to {} failed: {}", domain, url, f.getMessage());
      return ForwardingFailure.TARGET_UNREACHABLE;
    }
  }
}
