package ai.peeker.provisioning;

import ai.peeker.common.Ids;
import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainStatus;
import ai.peeker.orders.DomainRelease;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderProgress;
import ai.peeker.orders.OrderStatus;
import ai.peeker.orders.PendingActions;
import ai.peeker.partners.Scope;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effect of a cancellation, at its {@code cancels_at}: the domain's inboxes are deleted at the
 * mail provider and from the sequencer, its redirect removed, and the domain goes back to the
 * partner's inventory ({@code inventory}/{@code available}, no order, no customer) so it can be
 * ordered again. A whole-order cancellation then marks the order {@code cancelled}. Runs as a
 * durable job scheduled in the cancelling transaction; every effect is idempotent.
 */
public final class Deprovisioning implements DomainRelease {
  static final TaskDescriptor<ReleaseJob> TASK =
      TaskDescriptor.of("release-domains", ReleaseJob.class);
  private static final Logger log = LoggerFactory.getLogger(Deprovisioning.class);

  /** How long to wait for a domain's provisioning step that is still running. */
  private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final Jobs jobs;
  private final OrderProgress orders;
  private final PendingActions actions;
  private final Providers.ByEnvironment providers;
  private final CustomTask<ReleaseJob> task;

  public Deprovisioning(
      Jdbi jdbi,
      Clock clock,
      Ids ids,
      Jobs jobs,
      OrderProgress orders,
      PendingActions actions,
      Providers.ByEnvironment providers) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.jobs = jobs;
    this.orders = orders;
    this.actions = actions;
    this.providers = providers;
    // A provider having a bad minute fails the job, which is retried whole (it is idempotent)
    // and never given up: the partner stopped paying for these domains.
    this.task =
        jobs.define(
            TASK,
            new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1)),
            instanceId -> new ReleaseJob(instanceId.split("@")[0]),
            (job, failures) -> release(job.orderId()));
  }

  /** Releases the due domains of one order; one job per cancellation ({@code orderId@rel_…}). */
  record ReleaseJob(String orderId) {}

  @Override
  public List<OrderDomain> domainsOf(Handle h, Scope scope, String orderId) {
    return WorkflowStore.carried(h, scope, orderId).stream()
        .map(c -> new OrderDomain(c.id(), c.domain(), c.provider(), c.inboxCount(), c.status()))
        .toList();
  }

  @Override
  public void schedule(
      Handle h, Scope scope, String orderId, List<String> domainIds, Instant cancelsAt) {
    for (String domainId : domainIds) {
      WorkflowStore.scheduleRelease(h, scope, orderId, domainId, cancelsAt);
      DomainLifecycle.setStatus(h, scope, domainId, DomainStatus.CANCEL_SCHEDULED);
    }
    jobs.schedule(
        h, task.instance(orderId + "@" + ids.next("rel_"), new ReleaseJob(orderId)), cancelsAt);
  }

  /** Releases every due domain of the order; answers when to look again, or null when done. */
  private Instant release(String orderId) {
    Scope scope = jdbi.withHandle(h -> WorkflowStore.orderScope(h, orderId)).orElse(null);
    if (scope == null) {
      return null;
    }
    Instant now = now();
    List<WorkflowStore.Carried> due =
        jdbi.withHandle(h -> WorkflowStore.dueReleases(h, scope, orderId, now));
    Providers p = providers.of(scope);
    for (WorkflowStore.Carried d : due) {
      if (jobs.anyRunning(DomainWorkflow.TASK, job -> job.isFor(orderId, d.id()))) {
        // its current step may still create something at a provider; release after it stops
        return now.plus(BUSY_RETRY);
      }
      Order order = jdbi.withHandle(h -> orders.find(h, scope, orderId));
      List<String> addresses = jdbi.withHandle(h -> WorkflowStore.inboxAddresses(h, scope, d.id()));
      undo(() -> p.sequencer().remove(scope, order.sequencerClientId(), addresses));
      undo(() -> p.forwarder().remove(scope, d.domain()));
      undo(() -> p.mail(d.provider()).removeDomain(scope, d.domain()));
      jdbi.useTransaction(
          h -> {
            OrderStatus status = orders.lock(h, scope, orderId);
            WorkflowStore.deleteInboxes(h, scope, d.id());
            actions.resolveOpen(h, scope, orderId, d.id());
            DomainLifecycle.returnToInventory(h, scope, d.id(), orderId);
            WorkflowStore.release(h, scope, orderId, d.id(), now());
            if (status != OrderStatus.CANCEL_SCHEDULED) {
              orders.domainRemoved(h, scope, orderId);
            }
          });
    }
    jdbi.useTransaction(h -> settle(h, scope, orderId));
    return null;
  }

  /**
   * After releases: a whole-order cancellation with nothing left becomes {@code cancelled}; an
   * order that lost some domains may now have nothing blocking it, or nothing left to wait for.
   */
  private void settle(Handle h, Scope scope, String orderId) {
    OrderStatus status = orders.lock(h, scope, orderId);
    if (status == OrderStatus.CANCEL_SCHEDULED) {
      if (WorkflowStore.carried(h, scope, orderId).isEmpty()) {
        orders.moveTo(h, scope, orderId, OrderStatus.CANCELLED);
      }
      return;
    }
    if (status == OrderStatus.ACTION_REQUIRED && actions.openCount(h, scope, orderId, null) == 0) {
      status = OrderStatus.IN_PROGRESS;
      orders.moveTo(h, scope, orderId, status);
    }
    DomainWorkflow.completeIfDone(h, scope, orderId, status, orders);
  }

  /** Undoes one provider effect; a provider that never held anything has nothing to undo. */
  private static void undo(Runnable effect) {
    try {
      effect.run();
    } catch (ProviderFailure f) {
      if (f.retryable()) {
        throw f;
      }
      log.info("nothing to undo: {}", f.getMessage());
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
