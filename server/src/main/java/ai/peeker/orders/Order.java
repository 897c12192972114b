package ai.peeker.orders;

import java.time.Instant;
import java.util.List;

/**
 * An order as stored. {@link #lean()} and {@link OrderView#full} give its two wire shapes. The
 * sequencer password never leaves the store except to the provisioning workflow.
 */
public record Order(
    String id,
    String userId,
    String email,
    String bundleId,
    OrderStatus status,
    int domainCount,
    int googleLicenses,
    int microsoftLicenses,
    int googleInboxesPerDomain,
    long totalCents,
    String currency,
    List<LineItem> lineItems,
    List<Persona> personas,
    String forwardingUrl,
    long sequencerClientId,
    Instant renewsAt,
    Instant createdAt,
    Instant cancellationScheduledAt,
    Instant cancelsAt) {

  public LeanOrder lean() {
    return new LeanOrder(
        id,
        userId,
        email,
        bundleId,
        status,
        domainCount,
        new Costs(totalCents, currency),
        renewsAt,
        createdAt);
  }

  /** The create and list shape. */
  public record LeanOrder(
      String id,
      String userId,
      String email,
      String bundleId,
      OrderStatus status,
      int domainCount,
      Costs costs,
      Instant renewsAt,
      Instant createdAt) {}

  public record Costs(long totalCents, String currency) {}

  public record LineItem(LineItemType type, int quantity, long amountCents) {}

  /** A persona whose name the inboxes carry. */
  public record Persona(String firstName, String lastName, String profilePictureUrl) {}
}
