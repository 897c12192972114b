package ai.peeker.provisioning.sandbox;

import ai.peeker.common.WireValue;
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
import org.jdbi.v3.core.statement.PreparedBatch;

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

  /** A zone is pending until the (simulated) host has created it. */
  private enum ZoneStatus implements WireValue {
    PENDING("pending"),
    ACTIVE("active");

    private final String wire;

    ZoneStatus(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  public SandboxDnsHost(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public List<String> ensureZone(Scope scope, String zone) {
    // one statement in the usual case: a new, ordinary zone is created active at once
    if (!zone.startsWith("flaky-")
        && jdbi.inTransaction(
                h ->
                    h.createUpdate(
                            "INSERT INTO sandbox_dns_zones (partner_id, zone, status, attempts,"
                                + " nameservers, created_at) SELECT :partner, :zone, :active, 1,"
                                + " :ns, :at WHERE NOT EXISTS (SELECT 1 FROM sandbox_dns_zones"
                                + " WHERE partner_id = :partner AND zone = :zone)")
                        .bind("active", ZoneStatus.ACTIVE)
                        .bind("partner", scope.partnerId())
                        .bind("zone", zone)
                        .bind("ns", String.join(",", NAMESERVERS))
                        .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS))
                        .execute())
            == 1) {
      return NAMESERVERS;
    }
    boolean created =
        jdbi.inTransaction(
            h -> {
              int updated =
                  h.createUpdate(
                          "UPDATE sandbox_dns_zones SET attempts = attempts + 1"
                              + " WHERE partner_id = :partner AND zone = :zone"
                              + " AND status = :pending")
                      .bind("pending", ZoneStatus.PENDING)
                      .bind("partner", scope.partnerId())
                      .bind("zone", zone)
                      .execute();
              if (updated == 0) {
                h.createUpdate(
                        "INSERT INTO sandbox_dns_zones (partner_id, zone, status, attempts,"
                            + " nameservers, created_at) SELECT :partner, :zone, :pending, 1, :ns,"
                            + " :at WHERE NOT EXISTS (SELECT 1 FROM sandbox_dns_zones"
                            + " WHERE partner_id = :partner AND zone = :zone)")
                    .bind("pending", ZoneStatus.PENDING)
                    .bind("partner", scope.partnerId())
                    .bind("zone", zone)
                    .bind("ns", String.join(",", NAMESERVERS))
                    .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS))
                    .execute();
              }
              int attempts =
                  h.createQuery(
                          "SELECT attempts FROM sandbox_dns_zones WHERE partner_id = :partner"
                              + " AND zone = :zone")
                      .bind("partner", scope.partnerId())
                      .bind("zone", zone)
                      .mapTo(Integer.class)
                      .one();
              if (zone.startsWith("flaky-") && attempts <= FLAKY_FAILURES) {
                return false; // the attempt is counted (committed); the call fails below
              }
              h.createUpdate(
                      "UPDATE sandbox_dns_zones SET status = :active WHERE partner_id = :partner"
                          + " AND zone = :zone")
                  .bind("active", ZoneStatus.ACTIVE)
                  .bind("partner", scope.partnerId())
                  .bind("zone", zone)
                  .execute();
              return true;
            });
    if (!created) {
      throw ProviderFailure.transientFailure(
          "the DNS host timed out creating zone " + zone + " (sandbox flaky- magic value)");
    }
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
          PreparedBatch delete =
              h.prepareBatch(
                  "DELETE FROM sandbox_dns_records WHERE partner_id = :partner AND zone = :zone"
                      + " AND record_type = :type AND name = :name");
          for (List<String> typeAndName : replaced) {
            delete
                .bind("partner", scope.partnerId())
                .bind("zone", zone)
                .bind("type", typeAndName.get(0))
                .bind("name", typeAndName.get(1))
                .add();
          }
          if (delete.size() > 0) {
            delete.execute();
          }
          PreparedBatch insert =
              h.prepareBatch(
                  "INSERT INTO sandbox_dns_records (partner_id, zone, record_type, name, content,"
                      + " priority, created_at) VALUES (:partner, :zone, :type, :name, :content,"
                      + " :priority, :at)");
          for (DnsRecord r : new LinkedHashSet<>(records)) {
            insert
                .bind("partner", scope.partnerId())
                .bind("zone", zone)
                .bind("type", r.type())
                .bind("name", r.name())
                .bind("content", r.content())
                .bindByType("priority", r.priority(), Integer.class)
                .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .add();
          }
          if (insert.size() > 0) {
            insert.execute();
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
                    + " AND zone = :zone AND status = :active")
            .bind("active", ZoneStatus.ACTIVE)
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
