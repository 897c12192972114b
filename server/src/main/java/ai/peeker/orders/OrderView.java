package ai.peeker.orders;

import ai.peeker.domains.MailProviderKind;
import ai.peeker.domains.ManualDnsRecords;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The full order ({@code GET /orders/{id}}, the {@code order.completed} webhook). */
public record OrderView(
    String id,
    String userId,
    String email,
    String bundleId,
    OrderStatus status,
    int domainCount,
    FullCosts costs,
    Instant renewsAt,
    Instant createdAt,
    String forwardingUrl,
    int googleLicenses,
    int microsoftLicenses,
    int googleInboxesPerDomain,
    Domains domains,
    List<Order.Persona> users,
    List<Inbox> inboxes,
    Instant cancellationScheduledAt,
    Instant cancelsAt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> manualDnsRecords) {

  public record FullCosts(long totalCents, String currency, List<Order.LineItem> lineItems) {}

  public record Domains(List<String> registered, List<String> imported) {}

  public record Inbox(
      String address,
      String displayName,
      MailProviderKind provider,
      String domain,
      InboxStatus status) {}

  /**
   * {@code live}: the order's domains are real, so the DNS records their providers have no API for
   * (DKIM) are listed as manual.
   */
  static OrderView full(Order o, Domains domains, List<Inbox> inboxes, boolean live) {
    Map<String, MailProviderKind> providers = new LinkedHashMap<>();
    inboxes.forEach(i -> providers.putIfAbsent(i.domain(), i.provider()));
    List<String> manual = new ArrayList<>();
    if (live) {
      providers.forEach((domain, provider) -> manual.addAll(ManualDnsRecords.of(provider, domain)));
    }
    return new OrderView(
        o.id(),
        o.userId(),
        o.email(),
        o.bundleId(),
        o.status(),
        o.domainCount(),
        new FullCosts(o.totalCents(), o.currency(), o.lineItems()),
        o.renewsAt(),
        o.createdAt(),
        o.forwardingUrl(),
        o.googleLicenses(),
        o.microsoftLicenses(),
        o.googleInboxesPerDomain(),
        domains,
        o.personas(),
        inboxes,
        o.cancellationScheduledAt(),
        o.cancelsAt(),
        manual);
  }
}
