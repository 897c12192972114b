package ai.peeker.orders;

import ai.peeker.domains.DomainCategory;
import ai.peeker.domains.DomainSource;
import ai.peeker.domains.DomainStatus;
import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL that attaches domains to a new order: rows for names bought for it, and inventory rows
 * claimed by it (their source stays: imported or registered earlier).
 */
final class OrderDomains {
  private OrderDomains() {}

  /** A chosen domain with the row id it gets (new rows) or has (inventory). */
  record Attached(String id, DomainChoice.Chosen chosen) {}

  static void insertRegistered(Handle h, Scope scope, Order order, List<Attached> domains, Instant now) {
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO domains (id, partner_id, environment, domain, category, status, source,"
                + " provider, user_id, order_id, usable_google, usable_microsoft, forwarding_url,"
                + " price_cents, created_at) VALUES (:id, :partner, :env, :domain, :category,"
                + " :status, :source, :provider, :userId, :orderId, :google, :microsoft, :url,"
                + " :price, :createdAt)");
    for (Attached a : domains) {
      DomainChoice.Chosen c = a.chosen();
      batch
          .bind("id", a.id())
          .bind("partner", scope.partnerId())
          .bind("env", scope.env())
          .bind("domain", c.entry().domain())
          .bind("category", DomainCategory.CONNECTED)
          .bind("status", DomainStatus.PROVISIONING)
          .bind("source", DomainSource.REGISTERED)
          .bind("provider", c.provider())
          .bind("userId", order.userId())
          .bind("orderId", order.id())
          .bind("google", c.usableForGoogle())
          .bind("microsoft", c.usableForMicrosoft())
          .bind("url", forwardingUrl(c, order))
          .bind("price", c.quote().priceCents())
          .bind("createdAt", now)
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /**
   * Moves an inventory row onto the order. False when another order claimed it first (the
   * condition re-checks under the row lock, so two orders never share a domain).
   */
  static boolean claimInventory(Handle h, Scope scope, Order order, Attached a) {
    DomainChoice.Chosen c = a.chosen();
    return h.createUpdate(
                "UPDATE domains SET category = :connected, status = :provisioning,"
                    + " provider = :provider, user_id = :userId, order_id = :orderId,"
                    + " forwarding_url = :url WHERE id = :id AND partner_id = :partner"
                    + " AND environment = :env AND category = :inventory"
                    + " AND status IN (<orderable>)")
            .bind("connected", DomainCategory.CONNECTED)
            .bind("provisioning", DomainStatus.PROVISIONING)
            .bind("inventory", DomainCategory.INVENTORY)
            .bind("provider", c.provider())
            .bind("userId", order.userId())
            .bind("orderId", order.id())
            .bind("url", forwardingUrl(c, order))
            .bind("id", a.id())
            .bind("partner", scope.partnerId())
            .bind("env", scope.env())
            .bindList("orderable", List.copyOf(DomainChoice.ORDERABLE))
            .execute()
        == 1;
  }

  private static String forwardingUrl(DomainChoice.Chosen c, Order order) {
    return c.entry().forwardingUrl() != null ? c.entry().forwardingUrl() : order.forwardingUrl();
  }
}
