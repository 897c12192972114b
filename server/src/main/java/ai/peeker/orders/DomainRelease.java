package ai.peeker.orders;

import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What cancelling asks of the provisioning workflow, which implements it: which domains an order
 * still carries, and their release at {@code cancels_at}. Both run in the cancelling transaction.
 */
public interface DomainRelease {
  /** A domain on an order, with the licenses it carries. */
  record OrderDomain(
      String id, String domain, MailProviderKind provider, int inboxCount, DomainStatus status) {}

  /** The order's domains that have not been released yet, oldest first. */
  List<OrderDomain> domainsOf(Handle h, Scope scope, String orderId);

  /**
   * Marks the domains {@code cancel_scheduled} (their provisioning stops) and schedules their
   * release at {@code cancelsAt}.
   */
  void schedule(Handle h, Scope scope, String orderId, List<String> domainIds, Instant cancelsAt);
}
