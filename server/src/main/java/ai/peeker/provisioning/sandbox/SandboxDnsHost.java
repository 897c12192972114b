package ai.peeker.provisioning.sandbox;

import ai.peeker.partners.Scope;
import ai.peeker.provisioning.DnsHost;
import ai.peeker.provisioning.DnsRecord;
import ai.peeker.provisioning.ProviderFailure;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox DNS host: zones and records in tables {@code sandbox_dns_zones} and {@code
 * sandbox_dns_records}, readable back as a real host serves them. Magic value: a zone starting
 * {@code flaky-} fails twice with a transient error before it is created, to show retries.
 */
public final class SandboxDnsHost implements DnsHost {
  static final List<String> NAMESERVERS =
      List.of("ns1.sandbox.peeker.dev", "ns2.sandbox.peeker.dev");
  private static final int FLAKY_FAILURES = 2;

  private final Jdbi jdbi;
  private final Clock clock;

  public SandboxDnsHost(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public List<String> ensureZone(Scope scope, String zone) {
    int attempts =
        jdbi.inTransaction(
            h -> {
              int updated =
                  h.createUpdate(
                          "UPDATE sandbox_dns_zones SET attempts = attempts + 1"
                              + " WHERE partner_id = :partner AND zone = :zone AND status = 'pending'")
                      .bind("partner", scope.partnerId())
                      .bind("zone", zone)
                      .execute();
              if (updated == 0) {
                h.createUpdate(
                        "INSERT INTO sandbox_dns_zones (partner_id, zone, status, attempts,"
                            + " nameservers, created_at) SELECT :partner, :zone, 'pending', 1, :ns,"
                            + " :at WHERE NOT EXISTS (SELECT 1 FROM sandbox_dns_zones"
                            + " WHERE partner_id = :partner AND zone = :zone)")
                    .bind("partner", scope.partnerId())
                    .bind("zone", zone)
                    .bind("ns", String.join(",", NAMESERVERS))
                    .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS))
                    .execute();
              }
              return h.createQuery(
                      "SELECT attempts FROM sandbox_dns_zones WHERE partner_id = :partner"
                          + " AND zone = :zone")
                  .bind("partner", scope.partnerId())
                  .bind("zone", zone)
                  .mapTo(Integer.class)
                  .one();
            });
    if (zone.startsWith("flaky-") && attempts <= FLAKY_FAILURES) {
      throw ProviderFailure.transientFailure(
          "the DNS host timed out creating zone " + zone + " (sandbox flaky- magic value)");
    }
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE sandbox_dns_zones SET status = 'active' WHERE partner_id = :partner"
                        + " AND zone = :zone")
                .bind("partner", scope.partnerId())
                .bind("zone", zone)
                .execute());
    return NAMESERVERS;
  }

  @Override
  public void putRecords(Scope scope, String zone, List<DnsRecord> records) {
    Set<List<String>> replaced = new LinkedHashSet<>();
    for (DnsRecord r : records) {
      replaced.add(List.of(r.type(), r.name()));
    }
    jdbi.useTransaction(
        h -> {
          requireZone(h, scope, zone);
          for (List<String> typeAndName : replaced) {
            h.createUpdate(
                    "DELETE FROM sandbox_dns_records WHERE partner_id = :partner AND zone = :zone"
                        + " AND record_type = :type AND name = :name")
                .bind("partner", scope.partnerId())
                .bind("zone", zone)
                .bind("type", typeAndName.get(0))
                .bind("name", typeAndName.get(1))
                .execute();
          }
          for (DnsRecord r : new LinkedHashSet<>(records)) {
            h.createUpdate(
                    "INSERT INTO sandbox_dns_records (partner_id, zone, record_type, name, content,"
                        + " priority, created_at) VALUES (:partner, :zone, :type, :name, :content,"
                        + " :priority, :at)")
                .bind("partner", scope.partnerId())
                .bind("zone", zone)
                .bind("type", r.type())
                .bind("name", r.name())
                .bind("content", r.content())
                .bind("priority", r.priority())
                .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .execute();
          }
        });
  }

  @Override
  public List<DnsRecord> records(Scope scope, String zone) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT record_type, name, content, priority FROM sandbox_dns_records"
                        + " WHERE partner_id = :partner AND zone = :zone"
                        + " ORDER BY record_type, name, content")
                .bind("partner", scope.partnerId())
                .bind("zone", zone)
                .map(
                    (rs, ctx) ->
                        new DnsRecord(
                            rs.getString("record_type"),
                            rs.getString("name"),
                            rs.getString("content"),
                            (Integer) rs.getObject("priority")))
                .list());
  }

  private static void requireZone(org.jdbi.v3.core.Handle h, Scope scope, String zone) {
    boolean active =
        h.createQuery(
                "SELECT COUNT(*) FROM sandbox_dns_zones WHERE partner_id = :partner"
                    + " AND zone = :zone AND status = 'active'")
            .bind("partner", scope.partnerId())
            .bind("zone", zone)
            .mapTo(Long.class)
            .one()
            > 0;
    if (!active) {
      throw ProviderFailure.permanent("the DNS host has no zone " + zone);
    }
  }
}
