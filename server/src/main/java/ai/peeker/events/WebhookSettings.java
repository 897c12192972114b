package ai.peeker.events;

import java.time.Duration;

/**
 * How webhooks are delivered (see {@code ai.peeker.app.Config} for the variables behind them).
 *
 * @param timeout a partner must answer within this (the contract: 15 s)
 * @param retries the pauses between attempts
 * @param concurrencyPerEndpoint requests in flight to one endpoint from one node, so a slow partner
 *     holds at most this many of the node's slots
 * @param pollInterval how often an idle node looks for due deliveries
 */
public record WebhookSettings(
    Duration timeout, RetrySchedule retries, int concurrencyPerEndpoint, Duration pollInterval) {
  public static final WebhookSettings DEFAULT =
      new WebhookSettings(Duration.ofSeconds(15), RetrySchedule.DEFAULT, 4, Duration.ofMillis(100));

  /** Old secrets keep signing this long after a rotation. */
  public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

  /** Slack for clocks that differ a little between nodes. */
  static final Duration CLOCK_MARGIN = Duration.ofSeconds(5);

  /** How long a claimed delivery may wait on its node for a free slot before it is handed back. */
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  /**
   * How long a node owns a delivery it took: a short wait for a slot, the request's timeout, and a
   * margin. A node that dies mid-request loses its deliveries to the others once this has passed.
   */
  public Duration lease() {
    return MAX_WAIT.plus(timeout).plus(CLOCK_MARGIN);
  }
}
