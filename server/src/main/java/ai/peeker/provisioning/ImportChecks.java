package ai.peeker.provisioning;

import ai.peeker.api.ApiError;
import ai.peeker.api.ErrorCode;
import ai.peeker.domains.imports.ImportScheduler;
import ai.peeker.domains.imports.NameserverCheck;
import ai.peeker.domains.imports.ZoneHost;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * What imports need from provisioning: their durable check job (one per import, {@code
 * import-checks}), zones at the environment's DNS host, and nameserver checks (the sandbox's magic
 * names for test keys, real DNS for live ones).
 */
public final class ImportChecks implements ImportScheduler, ZoneHost, NameserverCheck {
  static final TaskDescriptor<ImportJob> TASK = TaskDescriptor.of("import-checks", ImportJob.class);

  /** The data of an import's job. */
  record ImportJob(String importId) {}

  private final Jobs jobs;
  private final Providers.ByEnvironment providers;
  private final NameserverCheck sandbox;
  private final NameserverCheck live;
  private final CustomTask<ImportJob> task;
  private volatile Function<String, Instant> work;

  public ImportChecks(
      Jobs jobs, Providers.ByEnvironment providers, NameserverCheck sandbox, NameserverCheck live) {
    this.jobs = jobs;
    this.providers = providers;
    this.sandbox = sandbox;
    this.live = live;
    // a failed run (the DNS host having a bad minute) is tried again, ever less often
    this.task =
        jobs.define(
            TASK,
            new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0),
            instanceId -> new ImportJob(instanceId),
            (job, failures) -> work.apply(job.importId()));
  }

  /**
   * The imports service whose {@code run} each job calls (wired once, before the runner starts).
   */
  public void runWith(Function<String, Instant> work) {
    this.work = work;
  }

  @Override
  public void schedule(Handle h, String importId, Instant at) {
    jobs.schedule(h, task.instance(importId, new ImportJob(importId)), at);
  }

  @Override
  public Map<String, List<String>> createZones(Scope scope, List<String> domains) {
    try {
      return providers.of(scope).dns().ensureZones(scope, domains);
    } catch (ProviderFailure f) {
      if (f.capacityExhausted()) {
        // the account's zone limit, met while creating: the same answer as hasRoomFor's
        throw new ApiError(
            429,
            ErrorCode.RATE_LIMITED,
            "The DNS host has no room for new zones right now; retry later or use"
                + " POST /domains/import/jobs, which waits for room",
            null,
            java.util.Map.of("reason", "cloudflare_account_capacity", "retry_after_seconds", 60));
      }
      if (f.retryable()) {
        throw f;
      }
      throw new ApiError(503, ErrorCode.SERVICE_UNAVAILABLE, f.getMessage(), null, null);
    }
  }

  @Override
  public boolean hasRoomFor(Scope scope, int zones) {
    return providers.of(scope).dns().hasRoomFor(scope, zones);
  }

  @Override
  public Result check(Scope scope, String domain, List<String> nameservers) {
    return (scope.environment() == Environment.LIVE ? live : sandbox)
        .check(scope, domain, nameservers);
  }
}
