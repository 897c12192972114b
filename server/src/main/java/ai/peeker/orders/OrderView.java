package ai.peeker.orders;

import ai.peeker.domains.MailProviderKind;
import java.time.Instant;
import java.util.List;

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
    Instant cancelsAt) {

  public record FullCosts(long totalCents, String currency, List<Order.LineItem> lineItems) {}

  public record Domains(List<String> registered, List<String> imported) {}

  public record Inbox(
      String address,
      String displayName,
      MailProviderKind provider,
      String domain,
      InboxStatus status) {}

  static OrderView full(Order o, Domains domains, List<Inbox> inboxes) {
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
        o.cancelsAt());
  }
}
