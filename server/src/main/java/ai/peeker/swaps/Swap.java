package ai.peeker.swaps;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A swap as {@code GET /swaps/{id}} shows it: a domain replaced inside an order ({@code standard},
 * {@code premium}), or the names on one inbox of a domain changed ({@code user_names}).
 */
public record Swap(
    String id,
    SwapType type,
    SwapStatus status,
    String domainId,
    String orderId,
    String userId,
    String replacementDomain,
    String replacementDomainId,
    String inboxAddress,
    String newAddress,
    String newDisplayName,
    int inboxCount,
    String reason,
    Instant retireAt,
    Instant retiredAt,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {

  /** The docs' six fields first, then ours. */
  @JsonValue
  Map<String, Object> wire() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("type", type);
    body.put("domain_id", domainId);
    body.put("replacement_domain", replacementDomain);
    body.put("status", status);
    body.put("created_at", createdAt);
    body.put("replacement_domain_id", replacementDomainId);
    body.put("order_id", orderId);
    body.put("user_id", userId);
    body.put("inbox", inboxAddress == null && newAddress == null ? null : inbox());
    body.put("reason", reason);
    body.put("retires_at", retireAt);
    body.put("retired_at", retiredAt);
    body.put("updated_at", updatedAt);
    body.put("completed_at", completedAt);
    return body;
  }

  private Map<String, Object> inbox() {
    Map<String, Object> inbox = new LinkedHashMap<>();
    inbox.put("address", inboxAddress);
    inbox.put("new_address", newAddress);
    inbox.put("new_display_name", newDisplayName);
    return inbox;
  }
}
