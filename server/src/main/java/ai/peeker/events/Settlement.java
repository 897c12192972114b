package ai.peeker.events;

import java.time.Instant;

/**
 * How an attempt leaves its delivery: {@code delivered}, {@code pending} again with the next
 * attempt due at {@code dueAt}, or {@code failed}.
 */
record Settlement(
    Claimed claimed, String url, AttemptResult result, DeliveryState state, Instant dueAt) {
  static Settlement of(Claimed claimed, String url, AttemptResult result, RetrySchedule retries) {
    if (result.delivered()) {
      return new Settlement(claimed, url, result, DeliveryState.DELIVERED, null);
    }
    return retries
        .nextAttempt(claimed.attempt(), claimed.createdAt(), result.startedAt())
        .map(next -> new Settlement(claimed, url, result, DeliveryState.PENDING, next))
        .orElseGet(() -> new Settlement(claimed, url, result, DeliveryState.FAILED, null));
  }
}
