package ai.peeker.app;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.jdbi.v3.core.Jdbi;

/**
 * The server secret: configured, or generated once and kept in the database so every node and
 * every CLI run on that database shares it.
 */
final class ServerSecret {
  private ServerSecret() {}

  static String resolve(Jdbi jdbi, String configured) {
    if (configured != null) {
      return configured;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String candidate = HexFormat.of().formatHex(random);
    String select = "SELECT content FROM server_settings WHERE name = 'secret'";
    var existing = jdbi.withHandle(h -> h.createQuery(select).mapTo(String.class).findOne());
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate("INSERT INTO server_settings (name, content) VALUES ('secret', :v)")
                  .bind("v", candidate)
                  .execute());
      return candidate;
    } catch (RuntimeException raced) {
      // another node or CLI run inserted it first: theirs wins
      return jdbi.withHandle(h -> h.createQuery(select).mapTo(String.class).one());
    }
  }
}
