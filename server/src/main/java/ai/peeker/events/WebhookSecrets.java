package ai.peeker.events;

import java.security.SecureRandom;
import java.util.Base64;

/** Signing secrets: {@code whsec_} + 32 random bytes (base64url), shown once, sealed at rest. */
final class WebhookSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  static String generate() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** What an operator may see of a secret: its prefix and first characters. */
  static String hint(String secret) {
    return secret.substring(0, "whsec_".length() + 4) + "…";
  }
}
