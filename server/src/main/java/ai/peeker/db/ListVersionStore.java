package ai.peeker.db;

import org.jdbi.v3.core.Handle;

/** All SQL of {@code list_versions} ({@link ListVersions}). */
final class ListVersionStore {
  private ListVersionStore() {}

  record Tenant(String partnerId, String environment) {}

  /**
   * The committed versions of a list for some tenants; a tenant before its first change has none.
   */
  static java.util.Map<Tenant, Long> current(
      Handle h, String list, java.util.List<Tenant> tenants) {
    record Row(Tenant tenant, long version) {}
    java.util.Map<Tenant, Long> versions = new java.util.HashMap<>();
    h.createQuery(
            "SELECT partner_id, environment, SUM(version) AS version FROM list_versions"
                + " WHERE list = :list AND partner_id IN (<partners>)"
                + " GROUP BY partner_id, environment")
        .bind("list", list)
        .bindList("partners", tenants.stream().map(Tenant::partnerId).distinct().toList())
        .map(
            (rs, ctx) ->
                new Row(
                    new Tenant(rs.getString("partner_id"), rs.getString("environment")),
                    rs.getLong("version")))
        .forEach(row -> versions.put(row.tenant(), row.version()));
    return versions;
  }

  /** Raises one stripe of a tenant's list version by one. */
  static void raise(Handle h, String partnerId, String environment, String list, int stripe) {
    int updated =
        h.createUpdate(
                "UPDATE list_versions SET version = version + 1 WHERE partner_id = :partner"
                    + " AND environment = :env AND list = :list AND stripe = :stripe")
            .bind("partner", partnerId)
            .bind("env", environment)
            .bind("list", list)
            .bind("stripe", stripe)
            .execute();
    if (updated == 0) {
      // two first changes racing: one insert loses (unique violation) and its transaction runs
      // again (LostRaceRetries), finding the row
      h.createUpdate(
              "INSERT INTO list_versions (partner_id, environment, list, stripe, version)"
                  + " VALUES (:partner, :env, :list, :stripe, 1)")
          .bind("partner", partnerId)
          .bind("env", environment)
          .bind("list", list)
          .bind("stripe", stripe)
          .execute();
    }
  }
}
