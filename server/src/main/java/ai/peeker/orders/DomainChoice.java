package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.domains.Domain;
import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.domains.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which domain an order gets and for which mail provider. Each requested name is either an
 * inventory domain of the partner (imported, or released by an earlier order: no registration) or a
 * name the registrar can sell now. Microsoft licenses pick first, from the domains usable for
 * Microsoft; Google takes the rest.
 */
final class DomainChoice {
  private DomainChoice() {}

  /** One domain of the order: an inventory row to claim, or a quote to buy on. */
  record Chosen(
      OrderRequest.DomainEntry entry,
      Domain inventory,
      Quote quote,
      MailProviderKind provider,
      boolean usableForGoogle,
      boolean usableForMicrosoft) {

    boolean registered() {
      return inventory == null;
    }

    long registrationCents() {
      return registered() ? quote.priceCents() : 0;
    }
  }

  /**
   * Resolves every entry against this tenant's rows and the quotes, then assigns providers. {@code
   * quoteOf} answers names that have no row.
   */
  static List<Chosen> choose(
      List<OrderRequest.DomainEntry> entries,
      Map<String, Domain> rows,
      Function<String, Quote> quoteOf,
      Plan plan) {
    List<Chosen> resolved = new ArrayList<>(entries.size());
    for (OrderRequest.DomainEntry entry : entries) {
      Domain row = rows.get(entry.domain());
      if (row != null) {
        if (row.connected()) {
          throw OrderBody.refused(
              entry.domain(), "already_connected", "is already on an order of this account");
        }
        if (row.status() == DomainStatus.PENDING_NAMESERVERS) {
          throw OrderBody.refused(
              entry.domain(),
              "nameservers_not_set",
              "is imported but its nameservers do not point at us yet");
        }
        if (!DomainLifecycle.ORDERABLE.contains(row.status())) {
          throw OrderBody.refused(
              entry.domain(),
              "not_ready",
              "is in inventory but " + row.status().wire().replace('_', ' '));
        }
        resolved.add(
            new Chosen(entry, row, null, null, row.usableForGoogle(), row.usableForMicrosoft()));
        continue;
      }
      Quote quote = quoteOf.apply(entry.domain());
      if (!quote.available()) {
        String reason = quote.unavailable().wire();
        throw OrderBody.refused(entry.domain(), reason, "cannot be registered (" + reason + ")");
      }
      resolved.add(
          new Chosen(
              entry,
              null,
              quote,
              null,
              quote.usableFor().contains(MailProviderKind.GOOGLE),
              quote.usableFor().contains(MailProviderKind.MICROSOFT)));
    }
    return assignProviders(resolved, plan.microsoftDomains());
  }

  /**
   * Microsoft-only domains go to Microsoft first, then domains usable for both in request order,
   * until the Microsoft licenses are covered; every other domain serves Google.
   */
  private static List<Chosen> assignProviders(List<Chosen> domains, int microsoftWanted) {
    List<Boolean> microsoft = new ArrayList<>(domains.size());
    int picked = 0;
    for (Chosen c : domains) {
      boolean onlyMicrosoft = c.usableForMicrosoft() && !c.usableForGoogle();
      microsoft.add(onlyMicrosoft);
      picked += onlyMicrosoft ? 1 : 0;
    }
    for (int i = 0; i < domains.size() && picked < microsoftWanted; i++) {
      Chosen c = domains.get(i);
      if (!microsoft.get(i) && c.usableForMicrosoft()) {
        microsoft.set(i, true);
        picked++;
      }
    }
    if (picked != microsoftWanted) {
      String problem =
          picked < microsoftWanted
              ? "only " + picked + " of the submitted domains can serve Microsoft"
              : picked + " of the submitted domains can serve only Microsoft";
      throw ApiError.invalid(
          "domains",
          "The plan needs " + microsoftWanted + " Microsoft domains, but " + problem,
          Map.of("microsoft_required", microsoftWanted, "microsoft_usable", picked));
    }
    List<Chosen> assigned = new ArrayList<>(domains.size());
    for (int i = 0; i < domains.size(); i++) {
      Chosen c = domains.get(i);
      if (!microsoft.get(i) && !c.usableForGoogle()) {
        throw OrderBody.refused(
            c.entry().domain(), "not_usable_for_google", "cannot serve Google Workspace");
      }
      assigned.add(
          new Chosen(
              c.entry(),
              c.inventory(),
              c.quote(),
              microsoft.get(i) ? MailProviderKind.MICROSOFT : MailProviderKind.GOOGLE,
              c.usableForGoogle(),
              c.usableForMicrosoft()));
    }
    return assigned;
  }
}
