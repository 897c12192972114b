package ai.peeker.provisioning;

import java.util.List;

/**
 * The domain registrar: quotes names (availability, price) and buys them. The sandbox registrar
 * is a deterministic simulation; the live one calls a real registrar.
 */
public interface Registrar {
  /** Why a name cannot be bought; null when it can. */
  enum Unavailable {
    TAKEN,
    PREMIUM,
    INVALID,
    ERRORED
  }

  /** A quote for one normalised name. Prices are cents; usable_for lists mail providers. */
  record Quote(
      String domain,
      Unavailable unavailable,
      long priceCents,
      long renewalPriceCents,
      String currency,
      List<String> usableFor) {
    public boolean available() {
      return unavailable == null;
    }

    public boolean premium() {
      return unavailable == Unavailable.PREMIUM;
    }
  }

  Quote quote(String normalizedDomain);
}
