package ai.peeker.provisioning;

import java.time.Duration;

/**
 * A provider refused or failed a call. {@link #retryable} failures (timeouts, rate limits, a
 * provider having a bad minute) are retried with backoff, never sooner than {@link #retryAfter};
 * the others end the domain's workflow.
 */
public final class ProviderFailure extends RuntimeException {
  private final boolean retryable;
  private final Duration retryAfter;
  private final boolean capacity;

  private ProviderFailure(
      String message, boolean retryable, Duration retryAfter, boolean capacity) {
    super(message, null, false, false);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.capacity = capacity;
  }

  /** Worth another try later. */
  public static ProviderFailure transientFailure(String message) {
    return new ProviderFailure(message, true, Duration.ZERO, false);
  }

  /** The provider asked for a pause ({@code Retry-After}): the next try waits at least that. */
  public static ProviderFailure rateLimited(String message, Duration retryAfter) {
    return new ProviderFailure(message, true, retryAfter, false);
  }

  /** No retry will help; the domain fails with this message as its reason. */
  public static ProviderFailure permanent(String message) {
    return new ProviderFailure(message, false, Duration.ZERO, false);
  }

  /**
   * The DNS host's account holds as many zones as it may (Cloudflare's zone limits): transient for
   * an order, and the {@code cloudflare_account_capacity} answer for a synchronous import.
   */
  public static ProviderFailure capacityExhausted(String message) {
    return new ProviderFailure(message, true, Duration.ZERO, true);
  }

  public boolean capacityExhausted() {
    return capacity;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The least pause before the next try (zero: the backoff policy alone decides). */
  public Duration retryAfter() {
    return retryAfter;
  }
}
