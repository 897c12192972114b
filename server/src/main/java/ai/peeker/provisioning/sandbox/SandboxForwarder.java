package ai.peeker.provisioning.sandbox;

import ai.peeker.partners.Scope;
import ai.peeker.provisioning.Forwarder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;

/** The sandbox forwarder: one redirect per domain (table {@code sandbox_redirects}). */
public final class SandboxForwarder implements Forwarder {
  private final Jdbi jdbi;
  private final Clock clock;

  public SandboxForwarder(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void redirect(Scope scope, String domain, String targetUrl) {
    jdbi.useTransaction(
        h -> {
          var at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
          int inserted =
              h.createUpdate(
                      "INSERT INTO sandbox_redirects (partner_id, domain, target_url, updated_at)"
                          + " SELECT :partner, :domain, :url, :at WHERE NOT EXISTS (SELECT 1"
                          + " FROM sandbox_redirects WHERE partner_id = :partner"
                          + " AND domain = :domain)")
                  .bind("partner", scope.partnerId())
                  .bind("domain", domain)
                  .bind("url", targetUrl)
                  .bind("at", at)
                  .execute();
          if (inserted == 0) {
            h.createUpdate(
                    "UPDATE sandbox_redirects SET target_url = :url, updated_at = :at"
                        + " WHERE partner_id = :partner AND domain = :domain")
                .bind("url", targetUrl)
                .bind("at", at)
                .bind("partner", scope.partnerId())
                .bind("domain", domain)
                .execute();
          }
        });
  }

  @Override
  public void remove(Scope scope, String domain) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM sandbox_redirects WHERE partner_id = :partner AND domain = :domain")
                .bind("partner", scope.partnerId())
                .bind("domain", domain)
                .execute());
  }
}
