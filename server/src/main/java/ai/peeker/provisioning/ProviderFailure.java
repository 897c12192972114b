package ai.peeker.provisioning;

/**
 * A provider refused or failed a call. {@link #retryable} failures (timeouts, rate limits, a
 * provider having a bad minute) are retried with backoff; the others end the domain's workflow.
 */
public final class ProviderFailure extends RuntimeException {
  private final boolean retryable;

  private ProviderFailure(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  /** Worth another try later. */
  public static ProviderFailure transientFailure(String message) {
    return new ProviderFailure(message, true);
  }

  /** No retry will help; the domain fails with this message as its reason. */
  public static ProviderFailure permanent(String message) {
    return new ProviderFailure(message, false);
  }

  public boolean retryable() {
    return retryable;
  }
}
