package ai.peeker.provisioning;

import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Scope;
import java.util.List;

/**
 * A mail provider (Google Workspace or Microsoft 365): takes a domain, verifies it through DNS,
 * creates mailboxes on it. Every write is idempotent by its natural key (domain, address).
 */
public interface MailProvider {
  MailProviderKind kind();

  /**
   * Adds the domain to the tenant (idempotent) and answers the records it needs in DNS: the
   * verification record, MX, SPF and DKIM.
   */
  List<DnsRecord> addDomain(Scope scope, String domain);

  /** True once the provider has seen its verification record; false means "not yet, ask later". */
  boolean verifyDomain(Scope scope, String domain);

  /** A mailbox on a verified domain. */
  record Mailbox(String address, String firstName, String lastName) {
    public String displayName() {
      return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName))
          .strip();
    }
  }

  /**
   * Creates the mailbox unless it exists (same address): never a second one. An existing one gets
   * {@code password}, so a step repeated after a crash leaves the password it recorded.
   */
  void createMailbox(Scope scope, String domain, Mailbox mailbox, String password);

  /**
   * Renames a mailbox in place (its mail, and its warmup history, stay): a new address and display
   * name. Idempotent: a mailbox already renamed is left as it is. Providers that cannot rename
   * refuse it permanently.
   */
  default void renameMailbox(Scope scope, String domain, String address, Mailbox renamed) {
    throw ProviderFailure.permanent(kind().wire() + " cannot rename mailboxes here");
  }

  /** Removes the domain and deletes every mailbox on it. Idempotent. */
  void removeDomain(Scope scope, String domain);
}
