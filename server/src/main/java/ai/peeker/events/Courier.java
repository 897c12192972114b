package ai.peeker.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Carries one claimed delivery to its endpoint and says how the attempt leaves it. The dispatcher
 * and the operator's {@code webhook test} / {@code redeliver} share it, so every attempt is signed,
 * sent and judged the same way.
 */
final class Courier {
  private final WebhookClient client;
  private final RetrySchedule retries;
  private final Clock clock;

  Courier(WebhookClient client, RetrySchedule retries, Clock clock) {
    this.client = client;
    this.retries = retries;
    this.clock = clock;
  }

  CompletableFuture<Settlement> carry(Claimed claimed, Target target) {
    if (target == null || target.secrets().isEmpty()) {
      // cannot happen through Webhooks (an endpoint always has a secret), but must not wedge
      AttemptResult refused =
          new AttemptResult(clock.instant(), null, "the endpoint has no active signing secret", 0);
      return CompletableFuture.completedFuture(Settlement.of(claimed, "", refused, retries));
    }
    return client
        .post(
            target.environment(),
            target.url(),
            claimed.eventId(),
            claimed.payload().getBytes(StandardCharsets.UTF_8),
            target.secrets())
        .thenApply(result -> Settlement.of(claimed, target.url(), result, retries));
  }
}
