package ai.peeker.app;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of the server itself rather than of a feature: its settings and the readiness probe. */
final class ServerStore {
  private ServerStore() {}

  static Optional<String> setting(Handle h, String name) {
    return h.createQuery("SELECT content FROM server_settings WHERE name = :name")
        .bind("name", name)
        .mapTo(String.class)
        .findOne();
  }

  /** Fails on the primary key when another node or CLI run stored the setting first. */
  static void insertSetting(Handle h, String name, String content) {
    h.createUpdate("INSERT INTO server_settings (name, content) VALUES (:name, :content)")
        .bind("name", name)
        .bind("content", content)
        .execute();
  }

  /** The cheapest round trip to the database. */
  static void ping(Handle h) {
    h.createQuery("SELECT 1").mapTo(Integer.class).one();
  }
}
