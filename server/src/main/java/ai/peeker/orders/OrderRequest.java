package ai.peeker.orders;

import ai.peeker.users.SequencerProvider;
import java.util.List;

/**
 * A parsed {@code POST /orders} body, v1 and v2 shapes folded into one. Shape checks (types,
 * required keys) are done; business rules are the service's.
 */
public record OrderRequest(
    Customer customer,
    String bundleId,
    Integer googleLicenses,
    Integer microsoftLicenses,
    Integer googleInboxesPerDomain,
    Sequencer sequencer,
    String forwardingUrl,
    List<DomainEntry> domains,
    List<Order.Persona> personas) {

  /** Either an existing user id, or an email (with optional names) to reuse or create. */
  public record Customer(String userId, String email, String firstName, String lastName) {}

  public record Sequencer(
      SequencerProvider provider, long clientId, String loginEmail, String loginPassword) {
    @Override
    public String toString() {
      return "Sequencer[provider=" + provider + ", clientId=" + clientId + ", login=<redacted>]";
    }
  }

  /**
   * A domain to connect, with an optional per-domain redirect; {@code field} names it in errors.
   */
  public record DomainEntry(String domain, String forwardingUrl, String field) {}
}
