package ai.peeker.provisioning;

import ai.peeker.domains.RegistrarQuotes;
import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;

/**
 * The domain registrar: quotes names (availability, price) and buys them. The sandbox registrar is
 * a deterministic simulation; the live one calls a real registrar.
 */
public interface Registrar extends RegistrarQuotes {
  /** A registration this account holds. */
  record Purchase(String domain, Instant registeredAt, Instant expiresAt) {}

  /**
   * Buys {@code domain} for the partner of {@code scope}. Idempotent by the name: buying a name the
   * account already holds answers the earlier purchase and buys nothing, so a retried step never
   * pays twice. Throws {@link ProviderFailure} when the name cannot be bought.
   */
  Purchase purchase(Scope scope, String domain);

  /**
   * Points a name bought here at the DNS host's nameservers. Does nothing for a name this account
   * does not hold (an imported domain, whose owner sets them).
   */
  default void delegate(Scope scope, String domain, List<String> nameservers) {}
}
