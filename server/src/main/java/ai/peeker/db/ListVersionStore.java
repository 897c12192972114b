package ai.peeker.db;

import org.jdbi.v3.core.Handle;

/** All SQL of {@code list_versions} ({@link ListVersions}). */
final class ListVersionStore {
  private ListVersionStore() {}

  /** The committed version of a tenant's list; 0 before its first change. */
  static long current(Handle h, String partnerId, String environment, String list) {
    return h.createQuery(
            "SELECT version FROM list_versions WHERE partner_id = :partner"
                + " AND environment = :env AND list = :list")
        .bind("partner", partnerId)
        .bind("env", environment)
        .bind("list", list)
        .mapTo(Long.class)
        .findOne()
        .orElse(0L);
  }

  static void raise(Handle h, String partnerId, String environment, String list) {
    int updated =
        h.createUpdate(
                "UPDATE list_versions SET version = version + 1 WHERE partner_id = :partner"
                    + " AND environment = :env AND list = :list")
            .bind("partner", partnerId)
            .bind("env", environment)
            .bind("list", list)
            .execute();
    if (updated == 0) {
      // two first changes racing: one insert loses (unique violation) and its transaction runs
      // again (LostRaceRetries), finding the row
      h.createUpdate(
              "INSERT INTO list_versions (partner_id, environment, list, version)"
                  + " VALUES (:partner, :env, :list, 1)")
          .bind("partner", partnerId)
          .bind("env", environment)
          .bind("list", list)
          .execute();
    }
  }
}
