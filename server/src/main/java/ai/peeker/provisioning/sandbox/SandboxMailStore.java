package ai.peeker.provisioning.sandbox;

import ai.peeker.db.Database;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.MailProvider.Mailbox;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * All SQL of the sandbox mail providers: tables {@code sandbox_mail_domains} and {@code
 * sandbox_mailboxes}, one provider's rows at a time.
 */
final class SandboxMailStore {
  private SandboxMailStore() {}

  /** A domain as the provider holds it: its verification token, DKIM key, and when verified. */
  record MailDomain(String token, String dkimKey, Instant verifiedAt) {}

  /** Adds the domain unless the provider holds it already; true when this call added it. */
  static boolean insertDomain(
      Handle h,
      Scope scope,
      MailProviderKind provider,
      String domain,
      MailDomain fresh,
      Instant at) {
    return h.createUpdate(
                "INSERT INTO sandbox_mail_domains (partner_id, provider, domain,"
                    + " verification_token, dkim_key, created_at) SELECT :partner,"
                    + " :provider, :domain, :token, :dkim, :at WHERE NOT EXISTS (SELECT 1"
                    + " FROM sandbox_mail_domains WHERE partner_id = :partner"
                    + " AND provider = :provider AND domain = :domain)")
            .bind("partner", scope.partnerId())
            .bind("provider", provider)
            .bind("domain", domain)
            .bind("token", fresh.token())
            .bind("dkim", fresh.dkimKey())
            .bind("at", at)
            .execute()
        == 1;
  }

  static Optional<MailDomain> findDomain(
      Handle h, Scope scope, MailProviderKind provider, String domain) {
    return h.createQuery(
            "SELECT verification_token, dkim_key, verified_at FROM sandbox_mail_domains"
                + " WHERE partner_id = :partner AND provider = :provider AND domain = :domain")
        .bind("partner", scope.partnerId())
        .bind("provider", provider)
        .bind("domain", domain)
        .map(
            (rs, ctx) ->
                new MailDomain(
                    rs.getString("verification_token"),
                    rs.getString("dkim_key"),
                    Database.instant(rs, "verified_at", ctx)))
        .findOne();
  }

  static void markVerified(
      Handle h, Scope scope, MailProviderKind provider, String domain, Instant at) {
    h.createUpdate(
            "UPDATE sandbox_mail_domains SET verified_at = :at WHERE partner_id = :partner"
                + " AND provider = :provider AND domain = :domain")
        .bind("at", at)
        .bind("partner", scope.partnerId())
        .bind("provider", provider)
        .bind("domain", domain)
        .execute();
  }

  /** Creates the mailbox on a verified domain unless it exists; true when this call created it. */
  static boolean insertMailbox(
      Handle h,
      Scope scope,
      String id,
      MailProviderKind provider,
      String domain,
      Mailbox mailbox,
      Instant at) {
    return h.createUpdate(
                "INSERT INTO sandbox_mailboxes (id, partner_id, provider, domain, address,"
                    + " display_name, created_at) SELECT :id, :partner, :provider, :domain,"
                    + " :address, :displayName, :at WHERE EXISTS (SELECT 1 FROM"
                    + " sandbox_mail_domains WHERE partner_id = :partner"
                    + " AND provider = :provider AND domain = :domain"
                    + " AND verified_at IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM"
                    + " sandbox_mailboxes WHERE partner_id = :partner"
                    + " AND provider = :provider AND domain = :domain"
                    + " AND address = :address AND deleted_at IS NULL)")
            .bind("id", id)
            .bind("partner", scope.partnerId())
            .bind("provider", provider)
            .bind("domain", domain)
            .bind("address", mailbox.address())
            .bind("displayName", mailbox.displayName())
            .bind("at", at)
            .execute()
        == 1;
  }

  /** Deletes the domain's mailboxes (kept, marked deleted) and the domain itself. */
  static void removeDomain(
      Handle h, Scope scope, MailProviderKind provider, String domain, Instant at) {
    h.createUpdate(
            "UPDATE sandbox_mailboxes SET deleted_at = :at WHERE partner_id = :partner"
                + " AND provider = :provider AND domain = :domain AND deleted_at IS NULL")
        .bind("at", at)
        .bind("partner", scope.partnerId())
        .bind("provider", provider)
        .bind("domain", domain)
        .execute();
    h.createUpdate(
            "DELETE FROM sandbox_mail_domains WHERE partner_id = :partner"
                + " AND provider = :provider AND domain = :domain")
        .bind("partner", scope.partnerId())
        .bind("provider", provider)
        .bind("domain", domain)
        .execute();
  }

  /** Renames a live mailbox in place; true when this call renamed it. */
  static boolean renameMailbox(
      Handle h,
      Scope scope,
      MailProviderKind provider,
      String domain,
      String address,
      Mailbox renamed) {
    return h.createUpdate(
                "UPDATE sandbox_mailboxes SET address = :newAddress, display_name = :displayName"
                    + " WHERE partner_id = :partner AND provider = :provider AND domain = :domain"
                    + " AND address = :address AND deleted_at IS NULL")
            .bind("newAddress", renamed.address())
            .bind("displayName", renamed.displayName())
            .bind("partner", scope.partnerId())
            .bind("provider", provider)
            .bind("domain", domain)
            .bind("address", address)
            .execute()
        == 1;
  }

  static boolean hasMailbox(
      Handle h, Scope scope, MailProviderKind provider, String domain, String address) {
    return h.createQuery(
                "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = :partner"
                    + " AND provider = :provider AND domain = :domain AND address = :address"
                    + " AND deleted_at IS NULL")
            .bind("partner", scope.partnerId())
            .bind("provider", provider)
            .bind("domain", domain)
            .bind("address", address)
            .mapTo(Long.class)
            .one()
        > 0;
  }
}
