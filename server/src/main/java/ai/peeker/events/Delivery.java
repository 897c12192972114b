package ai.peeker.events;

import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;

/**
 * One event's delivery to its partner's endpoint, as the delivery log shows it.
 *
 * @param state {@code pending} (waiting for an attempt or in one), {@code delivered} or {@code
 *     failed} (out of attempts; {@code webhook redeliver} tries again)
 * @param dueAt when the next attempt may start; null once settled
 * @param attemptLog every attempt, oldest first (filled when one event is asked for)
 */
public record Delivery(
    String eventId,
    EventType type,
    Scope scope,
    DeliveryState state,
    int attempts,
    Integer lastStatus,
    String lastError,
    Instant createdAt,
    Instant dueAt,
    Instant settledAt,
    List<Attempt> attemptLog) {

  Delivery withAttempts(List<Attempt> log) {
    return new Delivery(
        eventId,
        type,
        scope,
        state,
        attempts,
        lastStatus,
        lastError,
        createdAt,
        dueAt,
        settledAt,
        List.copyOf(log));
  }

  /** One HTTP attempt: the status the partner answered, or the error, and the time it took. */
  public record Attempt(
      int number,
      String url,
      Integer statusCode,
      long latencyMs,
      String error,
      Instant startedAt) {}
}
