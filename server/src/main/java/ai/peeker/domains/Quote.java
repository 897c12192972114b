package ai.peeker.domains;

import ai.peeker.common.WireValue;
import java.util.List;

/**
 * A registrar's answer for one normalised name: whether it can be bought, at what price (cents),
 * and which mail providers it could serve.
 */
public record Quote(
    String domain,
    Unavailable unavailable,
    long priceCents,
    long renewalPriceCents,
    String currency,
    List<MailProviderKind> usableFor) {

  /** Why a name cannot be bought; null when it can. */
  public enum Unavailable implements WireValue {
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

  public boolean available() {
    return unavailable == null;
  }

  public boolean premium() {
    return unavailable == Unavailable.PREMIUM;
  }
}
