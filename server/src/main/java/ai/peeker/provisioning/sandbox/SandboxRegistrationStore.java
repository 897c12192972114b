package ai.peeker.provisioning.sandbox;

import ai.peeker.partners.Scope;
import ai.peeker.provisioning.Registrar.Purchase;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** All SQL of the sandbox registrar: table {@code sandbox_registrations}. */
final class SandboxRegistrationStore {
  private SandboxRegistrationStore() {}

  /** Records the purchase unless this account holds the name already; true when it bought. */
  static boolean insert(
      Handle h,
      Scope scope,
      String id,
      String domain,
      long priceCents,
      Instant at,
      Instant expires) {
    return h.createUpdate(
                "INSERT INTO sandbox_registrations (id, partner_id, domain, price_cents,"
                    + " registered_at, expires_at) SELECT :id, :partner, :domain, :price,"
                    + " :at, :expires WHERE NOT EXISTS (SELECT 1 FROM"
                    + " sandbox_registrations WHERE partner_id = :partner"
                    + " AND domain = :domain)")
            .bind("id", id)
            .bind("partner", scope.partnerId())
            .bind("domain", domain)
            .bind("price", priceCents)
            .bind("at", at)
            .bind("expires", expires)
            .execute()
        == 1;
  }

  static Optional<Purchase> find(Handle h, Scope scope, String domain) {
    return h.createQuery(
            "SELECT domain, registered_at, expires_at FROM sandbox_registrations"
                + " WHERE partner_id = :partner AND domain = :domain")
        .bind("partner", scope.partnerId())
        .bind("domain", domain)
        .map(
            (rs, ctx) -> {
              var instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
              return new Purchase(
                  rs.getString("domain"),
                  instants.map(rs, "registered_at", ctx),
                  instants.map(rs, "expires_at", ctx));
            })
        .findFirst();
  }
}
