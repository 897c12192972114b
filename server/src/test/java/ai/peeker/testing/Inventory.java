package ai.peeker.testing;

import ai.peeker.common.Ids;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Inventory domains for ordering tests, written as an import (or a cancelled order releasing its
 * domains) leaves them. Seeded with SQL because this branch has no import endpoint; the rows are
 * exactly what those features store.
 */
public final class Inventory {
  /** One generator, so rows seeded in one millisecond still sort in the order they were added. */
  private static final Ids IDS = new Ids(Clock.systemUTC());

  private Inventory() {}

  public static String add(
      TestServer server,
      Scope scope,
      String domain,
      String source,
      String status,
      boolean usableForGoogle,
      boolean usableForMicrosoft) {
    String id = IDS.next("dom_");
    server
        .app()
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO domains (id, partner_id, environment, domain, category,"
                            + " status, source, usable_google, usable_microsoft, created_at)"
                            + " VALUES (:id, :partner, :env, :domain, 'inventory', :status,"
                            + " :source, :google, :microsoft, :createdAt)")
                    .bind("id", id)
                    .bind("partner", scope.partnerId())
                    .bind("env", scope.env())
                    .bind("domain", domain)
                    .bind("status", status)
                    .bind("source", source)
                    .bind("google", usableForGoogle)
                    .bind("microsoft", usableForMicrosoft)
                    .bind(
                        "createdAt", server.app().clock().instant().truncatedTo(ChronoUnit.MILLIS))
                    .execute());
    return id;
  }

  /** An imported domain, ready and usable for both providers. */
  public static String imported(TestServer server, Scope scope, String domain) {
    return add(server, scope, domain, "imported", "available", true, true);
  }
}
