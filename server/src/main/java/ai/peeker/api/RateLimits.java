package ai.peeker.api;

import ai.peeker.partners.ApiKey;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * N requests per minute per API key (600 by default), a fixed one-minute window: the 601st request
 * inside the window is refused with 429 and {@code retry_after_seconds}. Every response carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}.
 */
final class RateLimits {
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  void consume(Context ctx, ApiKey key) {
    int limit = key.rateLimitPerMinute();
    Bucket bucket =
        buckets.computeIfAbsent(
            key.id() + "/" + limit,
            k ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(limit)
                            .refillIntervally(limit, Duration.ofMinutes(1))
                            .build())
                    .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    long resetSeconds =
        Math.max(1, ceilSeconds(probe.isConsumed() ? probe.getNanosToWaitForReset() : 0));
    ctx.header("RateLimit-Limit", Integer.toString(limit));
    ctx.header("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
    if (!probe.isConsumed()) {
      long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
      ctx.header("RateLimit-Reset", Long.toString(retryAfter));
      ctx.header("Retry-After", Long.toString(retryAfter));
      throw new ApiError(
          429,
          "rate_limited",
          "API rate limit exceeded",
          null,
          Map.of("retry_after_seconds", retryAfter));
    }
    ctx.header("RateLimit-Reset", Long.toString(resetSeconds));
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}
