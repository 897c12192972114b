package ai.peeker.events;

import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;

/**
 * A partner's webhook endpoint in one environment, with what an operator may see of its secrets.
 */
public record WebhookEndpoint(
    String id,
    Scope scope,
    String url,
    Instant createdAt,
    Instant updatedAt,
    List<SecretHint> secrets) {

  /** A signing secret, never its value: a hint, and until when it signs (null: until rotated). */
  public record SecretHint(String hint, Instant createdAt, Instant expiresAt) {}
}
