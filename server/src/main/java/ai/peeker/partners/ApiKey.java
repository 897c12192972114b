package ai.peeker.partners;

import java.time.Instant;

/** An API key as an operator sees it: never the secret, only its visible prefix. */
public record ApiKey(
    String id,
    String partnerId,
    Environment environment,
    Preset preset,
    int rateLimitPerMinute,
    String hint,
    Instant createdAt,
    Instant revokedAt) {

  public Scope scope() {
    return new Scope(partnerId, environment);
  }
}
