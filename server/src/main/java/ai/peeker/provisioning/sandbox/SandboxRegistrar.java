package ai.peeker.provisioning.sandbox;

import ai.peeker.common.Ids;
import ai.peeker.domains.DomainNames;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.domains.Quote;
import ai.peeker.domains.Quote.Unavailable;
import ai.peeker.domains.TldPrices;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.Registrar;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox registrar. Deterministic, steered by magic values (see README, "Sandbox magic
 * values"): {@code taken-…} is taken, a name containing {@code premium} is premium, {@code
 * errored-…} errors, invalid syntax is invalid; everything else is available and usable for Google
 * and Microsoft at the TLD's price. It remembers what it sold (table {@code
 * sandbox_registrations}), so buying a name twice for one partner buys it once.
 */
public final class SandboxRegistrar implements Registrar {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;

  public SandboxRegistrar(Jdbi jdbi, Clock clock, Ids ids) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
  }

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
        List.of(MailProviderKind.GOOGLE, MailProviderKind.MICROSOFT));
  }

  @Override
  public Purchase purchase(Scope scope, String domain) {
    Quote quote = quote(domain);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expires = now.atOffset(ZoneOffset.UTC).plusYears(1).toInstant();
    // no transaction: each statement stands alone, and one is all the usual case takes
    return jdbi.withHandle(
        h -> {
          // buy unless this account holds the name already
          if (quote.available()
              && SandboxRegistrationStore.insert(
                  h, scope, ids.next("sbr_"), domain, quote.priceCents(), now, expires)) {
            return new Purchase(domain, now, expires);
          }
          return SandboxRegistrationStore.find(h, scope, domain)
              .orElseThrow(
                  () ->
                      ProviderFailure.permanent(
                          "the registrar refused " + domain + ": " + quote.unavailable().wire()));
        });
  }
}
