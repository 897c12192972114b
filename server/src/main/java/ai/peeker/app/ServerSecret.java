package ai.peeker.app;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.jdbi.v3.core.Jdbi;

/**
 * The server secret: configured, or generated once and kept in the database so every node and every
 * CLI run on that database shares it.
 */
final class ServerSecret {
  private static final String NAME = "secret";

  private ServerSecret() {}

  static String resolve(Jdbi jdbi, String configured) {
    if (configured != null) {
      return configured;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String candidate = HexFormat.of().formatHex(random);
    var existing = jdbi.withHandle(h -> ServerStore.setting(h, NAME));
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      jdbi.useHandle(h -> ServerStore.insertSetting(h, NAME, candidate));
      return candidate;
    } catch (RuntimeException raced) {
      // another node or CLI run inserted it first: theirs wins
      return jdbi.withHandle(h -> ServerStore.setting(h, NAME).orElseThrow());
    }
  }
}
