package ai.peeker.orders;

import java.time.Instant;

/**
 * Something blocking an order until its cause is fixed, as {@code GET /orders/pending} shows it:
 * e.g. a Google domain whose persona picture is not a public image URL.
 */
public record PendingAction(
    String id,
    PendingActionType type,
    PendingActionReason reason,
    PendingActionStatus status,
    String orderId,
    String domainId,
    String domain,
    Order.Persona user,
    String message,
    Instant createdAt,
    Instant resolvedAt) {

  public boolean open() {
    return status == PendingActionStatus.OPEN;
  }
}
