package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.domains.TldPrices;
import ai.peeker.partners.Scope;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** SQL that attaches domains to an order. */
final class OrderDomains {
  private OrderDomains() {}

  static void connect(
      Handle h, Scope scope, String domainId, OrderRequest.DomainEntry d, Order order, Instant now) {
    boolean taken =
        h.createQuery(
                "SELECT COUNT(*) FROM domains WHERE partner_id = :partner AND environment = :env"
                    + " AND domain = :domain")
            .bind("partner", scope.partnerId())
            .bind("env", scope.env())
            .bind("domain", d.domain())
            .mapTo(Long.class)
            .one()
            > 0;
    if (taken) {
      throw ApiError.invalid(
          d.field(),
          "Domain " + d.domain() + " is already on an order of this account",
          java.util.Map.of("domain", d.domain()));
    }
    h.createUpdate(
            "INSERT INTO domains (id, partner_id, environment, domain, category, status, source,"
                + " provider, user_id, order_id, usable_google, usable_microsoft, forwarding_url,"
                + " price_cents, created_at) VALUES (:id, :partner, :env, :domain, 'connected',"
                + " 'provisioning', 'registered', NULL, :userId, :orderId, TRUE, TRUE, :url,"
                + " :price, :createdAt)")
        .bind("id", domainId)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("domain", d.domain())
        .bind("userId", order.userId())
        .bind("orderId", order.id())
        .bind("url", d.forwardingUrl() != null ? d.forwardingUrl() : order.forwardingUrl())
        .bind("price", TldPrices.of(d.domain()).registrationCents())
        .bind("createdAt", now)
        .execute();
  }
}
