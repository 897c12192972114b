package ai.peeker.provisioning;

import ai.peeker.common.WireValue;
import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;

/**
 * The domain registrar: quotes names (availability, price) and buys them. The sandbox registrar
 * is a deterministic simulation; the live one calls a real registrar.
 */
public interface Registrar {
  /** Why a name cannot be bought; null when it can. */
  enum Unavailable implements WireValue {
    TAKEN("taken"),
    PREMIUM("premium"),
    INVALID("invalid"),
    ERRORED("errored"),
    /** Never a registrar's answer: the cached one is too old to tell. */
    STALE("stale");

    private final String wire;

    Unavailable(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  /** A quote for one normalised name. Prices are cents; usable_for lists mail providers. */
  record Quote(
      String domain,
      Unavailable unavailable,
      long priceCents,
      long renewalPriceCents,
      String currency,
      List<MailProviderKind> usableFor) {
    public boolean available() {
      return unavailable == null;
    }

    public boolean premium() {
      return unavailable == Unavailable.PREMIUM;
    }
  }

  /** A registration this account holds. */
  record Purchase(String domain, Instant registeredAt, Instant expiresAt) {}

  Quote quote(String normalizedDomain);

  /**
   * Buys {@code domain} for the partner of {@code scope}. Idempotent by the name: buying a name
   * the account already holds answers the earlier purchase and buys nothing, so a retried step
   * never pays twice. Throws {@link ProviderFailure} when the name cannot be bought.
   */
  Purchase purchase(Scope scope, String domain);
}
