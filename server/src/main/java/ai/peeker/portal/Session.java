package ai.peeker.portal;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.time.Instant;

/**
 * A signed-in portal user: the partner whose rows every page reads, and the token every form of the
 * session must carry.
 */
public record Session(
    String tokenHash,
    String userId,
    String email,
    String partnerId,
    String partnerName,
    String csrfToken,
    Instant expiresAt) {

  /** The same scope an API key of this partner in {@code environment} has. */
  public Scope scope(Environment environment) {
    return new Scope(partnerId, environment);
  }
}
