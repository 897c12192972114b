package ai.peeker.provisioning;

import ai.peeker.common.Foreground;
import ai.peeker.common.Ids;
import ai.peeker.common.Sealer;
import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.events.Outbox;
import ai.peeker.orders.Fulfilment;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderProgress;
import ai.peeker.orders.OrderStatus;
import ai.peeker.orders.PendingActions;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import ai.peeker.swaps.SwapProgress;
import ai.peeker.swaps.SwapWork;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable per-domain provisioning workflow. {@link #start} plans every domain of a new order
 * and schedules one job per domain in the order's transaction; each job then walks its domain
 * through the {@link Step}s, persisting the step after each one, so a job revived after a crash
 * carries on where the dead one stopped. Provider writes are idempotent by natural key, so
 * repeating a step whose effect happened but was not yet recorded changes nothing.
 *
 * <p>Transient provider failures are retried with exponential backoff; permanent ones (and too many
 * transient ones) fail the domain and the order. When the last domain connects, the order
 * completes.
 */
public final class DomainWorkflow implements Fulfilment {
  static final TaskDescriptor<DomainJob> TASK =
      TaskDescriptor.of("provision-domain", DomainJob.class);
  private static final Logger log = LoggerFactory.getLogger(DomainWorkflow.class);

  /** How often and how patiently a failed step is retried, per environment. */
  static final Jobs.Backoff SANDBOX_RETRIES =
      new Jobs.Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 8);

  /** Live: from the configured first pause, doubling up to an hour, 12 times (about 8 hours). */
  static Jobs.Backoff liveRetries(Duration first) {
    return new Jobs.Backoff(first, Duration.ofHours(1), 12);
  }

  /**
   * One domain's job: {@code orderId/domainId}; {@code …/run_…} once resumed after its actions (the
   * parked job may not be gone yet).
   */
  record DomainJob(String orderId, String domainId, Environment environment) {
    String instanceId() {
      return orderId + "/" + domainId;
    }

    boolean isFor(String order, String domain) {
      return orderId.equals(order) && domainId.equals(domain);
    }
  }

  private final Jdbi jdbi;
  private final Jdbi progress;
  private final Clock clock;
  private final Ids ids;
  private final Jobs jobs;
  private final OrderProgress orders;
  private final PendingActions actions;
  private final Outbox outbox;
  private final Providers.ByEnvironment providers;
  private final Duration sandboxStepDelay;
  private final Sealer sealer;
  private final StepBudget budget;
  private final CustomTask<DomainJob> task;
  private final Renewals renewals;
  private final SwapProgress swaps;
  private final SwapWorkflow swapWorkflow;

  /**
   * @param jdbi orders, events and everything partners see
   * @param progress where steps are recorded: idempotent progress, which may commit without waiting
   *     for the disk ({@link ai.peeker.db.Database#relaxedJdbi()})
   * @param foreground the HTTP requests in flight, which sandbox steps give way to ({@link
   *     StepBudget})
   */
  public DomainWorkflow(
      Jdbi jdbi,
      Jdbi progress,
      Clock clock,
      Ids ids,
      Jobs jobs,
      OrderProgress orders,
      PendingActions actions,
      Outbox outbox,
      Providers.ByEnvironment providers,
      Duration sandboxStepDelay,
      Duration liveFirstRetry,
      Sealer sealer,
      SwapProgress swaps,
      Duration sandboxPremiumWarm,
      Foreground foreground) {
    this.jdbi = jdbi;
    this.progress = progress;
    this.clock = clock;
    this.ids = ids;
    this.jobs = jobs;
    this.orders = orders;
    this.actions = actions;
    this.outbox = outbox;
    this.providers = providers;
    this.sandboxStepDelay = sandboxStepDelay;
    this.sealer = sealer;
    this.budget = StepBudget.forThisNode(jobs.remoteDatabase(), foreground);
    budget.countOn(jobs.metrics());
    Jobs.Backoff liveRetries = liveRetries(liveFirstRetry);
    this.task =
        jobs.define(
            TASK,
            Jobs.Backoff.orGiveUp(
                job -> job.environment() == Environment.LIVE ? liveRetries : SANDBOX_RETRIES,
                this::giveUp),
            this::fromInstanceId,
            this::walk);
    this.renewals = new Renewals(jdbi, clock, jobs, orders);
    this.swaps = swaps;
    this.swapWorkflow = new SwapWorkflow(this, jobs, providers, sandboxPremiumWarm);
  }

  /** The swap side of the workflow, for {@code swaps.Swaps} (the app wires the port). */
  public SwapWork swapWork() {
    return swapWorkflow;
  }

  /** Schedules the domain's job now, in {@code h}'s transaction. */
  void scheduleDomainJob(Handle h, Scope scope, String orderId, String domainId) {
    DomainJob job = new DomainJob(orderId, domainId, scope.environment());
    jobs.schedule(h, task.instance(job.instanceId(), job), now());
  }

  /** A job queued as {@code orderId/domainId[/run_…]} before jobs carried their data. */
  private DomainJob fromInstanceId(String instanceId) {
    String[] parts = instanceId.split("/");
    return progress
        .withHandle(h -> WorkflowStore.load(h, parts[0], parts[1]))
        .map(s -> new DomainJob(parts[0], parts[1], s.scope().environment()))
        .orElse(null);
  }

  /**
   * Plans the order's domains (provider, inbox count, first persona) and schedules their jobs, all
   * inside the order's transaction.
   */
  @Override
  public void start(Handle h, Scope scope, String orderId) {
    Order order = orders.find(h, scope, orderId);
    renewals.schedule(h, order);
    List<WorkflowStore.OrderDomain> domains = WorkflowStore.orderDomains(h, scope, orderId);
    int personas = Math.max(1, order.personas().size());
    int perDomain = order.googleInboxesPerDomain();
    int microsoftLeft =
        order.microsoftLicenses()
            - (int)
                domains.stream().filter(d -> d.provider() == MailProviderKind.MICROSOFT).count();
    int google = 0;
    int microsoft = 0;
    Instant now = now();
    Map<MailProviderKind, List<String>> chosen = new EnumMap<>(MailProviderKind.class);
    List<WorkflowStore.Planned> planned = new ArrayList<>();
    List<TaskInstance<?>> jobs = new ArrayList<>();
    for (WorkflowStore.OrderDomain d : domains) {
      MailProviderKind provider = d.provider();
      if (provider == null) {
        // Microsoft licenses go first to domains usable for Microsoft; the rest serve Google.
        provider =
            microsoftLeft > 0 && d.usableMicrosoft()
                ? MailProviderKind.MICROSOFT
                : MailProviderKind.GOOGLE;
        if (provider == MailProviderKind.MICROSOFT) {
          microsoftLeft--;
        }
        chosen.computeIfAbsent(provider, p -> new ArrayList<>()).add(d.id());
      }
      int inboxes =
          switch (provider) {
            case GOOGLE ->
                Math.max(1, Math.min(perDomain, order.googleLicenses() - google * perDomain));
            case MICROSOFT -> 1;
          };
      // each provider's domains take the personas in turn
      int firstPersona =
          switch (provider) {
            case GOOGLE -> (google++ * perDomain) % personas;
            case MICROSOFT -> microsoft++ % personas;
          };
      Step first =
          switch (d.source()) {
            case REGISTERED -> Step.REGISTER;
            case IMPORTED -> Step.DNS;
          };
      planned.add(new WorkflowStore.Planned(d.id(), provider, first, inboxes, firstPersona));
      DomainJob job = new DomainJob(orderId, d.id(), scope.environment());
      jobs.add(task.instance(job.instanceId(), job));
    }
    // a few statements per order, not a few per domain: intake holds its locks that much shorter
    chosen.forEach((provider, ids) -> DomainLifecycle.assignProvider(h, scope, ids, provider));
    WorkflowStore.insert(h, scope, orderId, planned, now);
    this.jobs.scheduleAll(h, jobs, now);
  }

  /**
   * Resolves a pending action (operator command) and, when nothing else blocks its domain, resumes
   * the domain's provisioning; the order returns to {@code in_progress} once none of its actions is
   * open. Empty when there is no such action.
   */
  public Optional<PendingActions.Resolution> resolveAction(String actionId) {
    return jdbi.inTransaction(
        h -> {
          var resolution = actions.resolve(h, actionId);
          resolution
              .filter(PendingActions.Resolution::changed)
              .ifPresent(r -> resume(h, r.scope(), r.action().orderId(), r.action().domainId()));
          return resolution;
        });
  }

  void resume(Handle h, Scope scope, String orderId, String domainId) {
    OrderStatus status = orders.lock(h, scope, orderId);
    if (actions.openCount(h, scope, orderId, domainId) == 0) {
      WorkflowStore.load(h, orderId, domainId)
          .filter(s -> s.domainStatus() == DomainStatus.ACTION_REQUIRED)
          .ifPresent(
              s -> {
                DomainLifecycle.setStatus(h, scope, domainId, DomainStatus.PROVISIONING);
                if (s.forSwap()) {
                  swaps.begin(h, scope, s.swapId());
                }
                DomainJob job = new DomainJob(orderId, domainId, scope.environment());
                String instance = job.instanceId() + "/" + ids.next("run_");
                jobs.schedule(h, task.instance(instance, job), now());
              });
    }
    if (status == OrderStatus.ACTION_REQUIRED && actions.openCount(h, scope, orderId, null) == 0) {
      orders.moveTo(h, scope, orderId, OrderStatus.IN_PROGRESS);
    }
  }

  /**
   * Runs the domain's steps until it is done, parked or must wait; answers when to run again. A
   * failed step throws: the task's failure policy retries it, or gives up ({@link #giveUp}).
   */
  private Instant walk(DomainJob job, int failures) {
    DomainSteps steps = new DomainSteps(this);
    WorkflowStore.State s = load(job);
    if (s != null && s.forSwap() && !s.step().finished()) {
      WorkflowStore.State swapped = s;
      if (s.domainStatus() == DomainStatus.CANCEL_SCHEDULED || !s.orderAllows()) {
        // the order is being cancelled under the swap: the swap ends, the release cleans up
        jdbi.useTransaction(
            h -> swaps.fail(h, swapped.scope(), swapped.swapId(), "the order was cancelled"));
        return null;
      }
      if (s.domainStatus() == DomainStatus.PROVISIONING) {
        jdbi.useTransaction(h -> swaps.begin(h, swapped.scope(), swapped.swapId()));
      }
    }
    while (true) {
      if (s == null || s.step().finished() || s.domainStatus() != DomainStatus.PROVISIONING) {
        return null; // done, parked on an action, or on its way out
      }
      if (s.orderStatus() == OrderStatus.FAILED) {
        fail(s, "another domain of the order failed");
        return null;
      }
      if (!s.orderAllows()) {
        return null; // the order is being cancelled
      }
      DomainSteps.Outcome outcome;
      try {
        WorkflowStore.State current = s;
        outcome =
            current.scope().environment() == Environment.TEST
                ? budget.spend(() -> steps.perform(current, providers.of(current.scope())))
                : steps.perform(current, providers.of(current.scope()));
      } catch (ProviderFailure f) {
        if (!f.retryable()) {
          fail(s, f.getMessage());
          return null;
        }
        throw f;
      } catch (RuntimeException e) {
        log.warn(
            "step {} of {} ({}) failed unexpectedly", s.step().wire(), s.domain(), s.orderId(), e);
        throw e;
      }
      switch (outcome) {
        case CONNECTED, PARKED -> {
          return null;
        }
        case CHANGED -> s = load(job);
        case MOVED_ON -> {
          if (failures > 0 || !pace(s.scope())) {
            // a step that failed before is done: its count starts again with the next step; or
            // the node is shutting down: carry on from the persisted step later
            return now();
          }
          s = s.movedOn();
        }
      }
    }
  }

  /** Reads go through the progress pool too: a busy HTTP side never starves the workflow. */
  private WorkflowStore.State load(DomainJob job) {
    return progress
        .withHandle(h -> WorkflowStore.load(h, job.orderId(), job.domainId()))
        .orElse(null);
  }

  /**
   * The sandbox's simulated provider latency between steps; live providers bring their own. False
   * when the wait was interrupted.
   */
  private boolean pace(Scope scope) {
    if (jobs.stopping()) {
      return false; // carried on by whichever node runs it next
    }
    if (scope.environment() == Environment.TEST && !sandboxStepDelay.isZero()) {
      try {
        Thread.sleep(sandboxStepDelay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** The last retry failed too: the domain fails, and with it the order. */
  private void giveUp(DomainJob job, String reason) {
    Optional.ofNullable(load(job)).ifPresent(s -> fail(s, reason));
  }

  /** Fails the domain and, unless it has failed already, the order. */
  void fail(WorkflowStore.State s, String reason) {
    inOrderTransaction(
        s,
        (h, fresh) -> {
          if (fresh.step().finished()) {
            return;
          }
          WorkflowStore.advance(h, fresh, fresh.step(), Step.FAILED, clip(reason), now());
          DomainLifecycle.setStatus(h, fresh.scope(), fresh.domainId(), DomainStatus.FAILED);
          log.warn("provisioning of {} for {} failed: {}", fresh.domain(), fresh.orderId(), reason);
          if (fresh.forSwap()) {
            // a failed replacement fails its swap; the order keeps the domain it had
            swaps.fail(h, fresh.scope(), fresh.swapId(), reason);
            return;
          }
          if (fresh.orderStatus().provisioning()) {
            orders.moveTo(h, fresh.scope(), fresh.orderId(), OrderStatus.FAILED);
          }
        });
  }

  /** Work on one domain that changes its order: the order row is locked, the state re-read. */
  interface OrderWork {
    void run(Handle h, WorkflowStore.State fresh);
  }

  void inOrderTransaction(WorkflowStore.State s, OrderWork work) {
    jdbi.useTransaction(
        h -> {
          orders.lock(h, s.scope(), s.orderId());
          WorkflowStore.load(h, s.orderId(), s.domainId()).ifPresent(fresh -> work.run(h, fresh));
        });
  }

  /**
   * Completes the order (locked, in {@code status}) once none of its domains has provisioning ahead
   * of it.
   */
  static void completeIfDone(
      Handle h, Scope scope, String orderId, OrderStatus status, OrderProgress orders) {
    if (status == OrderStatus.IN_PROGRESS && WorkflowStore.unfinished(h, scope, orderId) == 0) {
      orders.moveTo(h, scope, orderId, OrderStatus.COMPLETED);
    }
  }

  Jdbi jdbi() {
    return jdbi;
  }

  Jdbi progress() {
    return progress;
  }

  /** Seals mailbox passwords at rest; only the sequencer step opens them. */
  Sealer sealer() {
    return sealer;
  }

  Ids ids() {
    return ids;
  }

  OrderProgress orders() {
    return orders;
  }

  PendingActions actions() {
    return actions;
  }

  Outbox outbox() {
    return outbox;
  }

  SwapProgress swaps() {
    return swaps;
  }

  SwapWorkflow swapWorkflow() {
    return swapWorkflow;
  }

  Jobs jobs() {
    return jobs;
  }

  Clock clock() {
    return clock;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String clip(String reason) {
    if (reason == null) {
      return null;
    }
    return reason.length() > 500 ? reason.substring(0, 500) : reason;
  }
}
