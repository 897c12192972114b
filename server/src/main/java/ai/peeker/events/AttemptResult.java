package ai.peeker.events;

import java.time.Instant;

/**
 * How one HTTP attempt ended: the partner's status code, or the error that kept us from getting
 * one, and how long it took.
 */
record AttemptResult(Instant startedAt, Integer statusCode, String error, long latencyMs) {
  /** Any 2xx counts as delivered; redirects are not followed and count as failures. */
  boolean delivered() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  /** What the delivery log says about a failure, or null when delivered. */
  String failure() {
    if (delivered()) {
      return null;
    }
    if (error != null) {
      return error;
    }
    return statusCode >= 300 && statusCode < 400
        ? "HTTP " + statusCode + " (redirects are not followed)"
        : "HTTP " + statusCode;
  }
}
