package ai.peeker.provisioning.sandbox;

import ai.peeker.domains.DomainNames;
import ai.peeker.domains.TldPrices;
import ai.peeker.provisioning.Registrar;
import java.util.List;

/**
 * The sandbox registrar. Deterministic, steered by magic values (see README, "Sandbox magic
 * values"): {@code taken-…} is taken, a name containing {@code premium} is premium, {@code
 * errored-…} errors, invalid syntax is invalid; everything else is available and usable for
 * Google and Microsoft at the TLD's price.
 */
public final class SandboxRegistrar implements Registrar {
  @Override
  public Quote quote(String domain) {
    String normalized = DomainNames.normalize(domain);
    if (normalized == null) {
      return new Quote(domain, Unavailable.INVALID, 0, 0, "usd", List.of());
    }
    if (normalized.startsWith("taken-")) {
      return new Quote(normalized, Unavailable.TAKEN, 0, 0, "usd", List.of());
    }
    if (normalized.startsWith("errored-")) {
      return new Quote(normalized, Unavailable.ERRORED, 0, 0, "usd", List.of());
    }
    if (normalized.contains("premium")) {
      return new Quote(normalized, Unavailable.PREMIUM, 0, 0, "usd", List.of());
    }
    TldPrices.Price price = TldPrices.of(normalized);
    return new Quote(
        normalized,
        null,
        price.registrationCents(),
        price.renewalCents(),
        "usd",
        List.of("google", "microsoft"));
  }
}
