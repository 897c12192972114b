package ai.peeker.provisioning;

import ai.peeker.orders.Order;
import ai.peeker.orders.OrderProgress;
import ai.peeker.partners.Scope;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Monthly renewal: one durable job per order, due at its {@code renews_at}, that moves {@code
 * renews_at} on by a month while the order is active and runs again then. In live this is where a
 * renewal is charged; in the sandbox nothing is billed and the clock alone drives it. An order
 * being cancelled (or failed) is not renewed: its job ends.
 */
final class Renewals {
  static final TaskDescriptor<RenewalJob> TASK = TaskDescriptor.of("renew-order", RenewalJob.class);

  /** One order's renewals: {@code renew/orderId}. */
  record RenewalJob(String orderId) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Jobs jobs;
  private final OrderProgress orders;
  private final CustomTask<RenewalJob> task;

  Renewals(Jdbi jdbi, Clock clock, Jobs jobs, OrderProgress orders) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.jobs = jobs;
    this.orders = orders;
    // a database having a bad minute fails the run; it is retried (renewing is idempotent)
    this.task =
        jobs.define(
            TASK,
            new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5)),
            instanceId -> new RenewalJob(instanceId.substring("renew/".length())),
            (job, failures) -> renew(job.orderId()));
  }

  /** Schedules the order's first renewal, in the transaction that places it. */
  void schedule(Handle h, Order order) {
    RenewalJob job = new RenewalJob(order.id());
    jobs.schedule(h, task.instance("renew/" + order.id(), job), order.renewsAt());
  }

  /** Renews the order if its period is over; answers when to look again, or null when done. */
  private Instant renew(String orderId) {
    Scope scope = jdbi.withHandle(h -> WorkflowStore.orderScope(h, orderId)).orElse(null);
    if (scope == null) {
      return null;
    }
    return jdbi.inTransaction(h -> orders.renewIfDue(h, scope, orderId, clock.instant()));
  }
}
