package ai.peeker.orders;

import ai.peeker.domains.DomainLifecycle;
import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Attaches the chosen domains to a new order through the domains package: rows for names bought for
 * it, and inventory rows claimed by it (their source stays: imported or registered earlier).
 */
final class OrderDomains {
  private OrderDomains() {}

  /** A chosen domain with the row id it gets (new rows) or has (inventory). */
  record Attached(String id, DomainChoice.Chosen chosen) {}

  static void insertRegistered(
      Handle h, Scope scope, Order order, List<Attached> domains, Instant now) {
    DomainLifecycle.insertBought(
        h,
        scope,
        domains.stream()
            .map(
                a ->
                    new DomainLifecycle.Bought(
                        a.id(),
                        a.chosen().entry().domain(),
                        connection(a.chosen(), order),
                        a.chosen().usableForGoogle(),
                        a.chosen().usableForMicrosoft(),
                        a.chosen().quote().priceCents(),
                        now))
            .toList());
  }

  /**
   * Moves an inventory row onto the order. False when another order claimed it first (the condition
   * re-checks under the row lock, so two orders never share a domain).
   */
  static boolean claimInventory(Handle h, Scope scope, Order order, Attached a) {
    return DomainLifecycle.claimFromInventory(h, scope, a.id(), connection(a.chosen(), order));
  }

  private static DomainLifecycle.Connection connection(DomainChoice.Chosen c, Order order) {
    String url =
        c.entry().forwardingUrl() != null ? c.entry().forwardingUrl() : order.forwardingUrl();
    return new DomainLifecycle.Connection(order.id(), order.userId(), c.provider(), url);
  }
}
