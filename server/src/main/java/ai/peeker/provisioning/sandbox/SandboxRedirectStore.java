package ai.peeker.provisioning.sandbox;

import ai.peeker.partners.Scope;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** All SQL of the sandbox forwarder: table {@code sandbox_redirects}. */
final class SandboxRedirectStore {
  private SandboxRedirectStore() {}

  /** Creates the domain's redirect unless it has one; 1 when this call created it. */
  static int insert(Handle h, Scope scope, String domain, String targetUrl, Instant at) {
    return h.createUpdate(
            "INSERT INTO sandbox_redirects (partner_id, domain, target_url, updated_at)"
                + " SELECT :partner, :domain, :url, :at WHERE NOT EXISTS (SELECT 1"
                + " FROM sandbox_redirects WHERE partner_id = :partner AND domain = :domain)")
        .bind("partner", scope.partnerId())
        .bind("domain", domain)
        .bind("url", targetUrl)
        .bind("at", at)
        .execute();
  }

  static void update(Handle h, Scope scope, String domain, String targetUrl, Instant at) {
    h.createUpdate(
            "UPDATE sandbox_redirects SET target_url = :url, updated_at = :at"
                + " WHERE partner_id = :partner AND domain = :domain")
        .bind("url", targetUrl)
        .bind("at", at)
        .bind("partner", scope.partnerId())
        .bind("domain", domain)
        .execute();
  }

  static void delete(Handle h, Scope scope, String domain) {
    h.createUpdate("DELETE FROM sandbox_redirects WHERE partner_id = :partner AND domain = :domain")
        .bind("partner", scope.partnerId())
        .bind("domain", domain)
        .execute();
  }
}
