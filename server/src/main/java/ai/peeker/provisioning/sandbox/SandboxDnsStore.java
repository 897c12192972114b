package ai.peeker.provisioning.sandbox;

import ai.peeker.partners.Scope;
import ai.peeker.provisioning.DnsRecord;
import ai.peeker.provisioning.sandbox.SandboxDnsHost.ZoneStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** All SQL of the sandbox DNS host: {@code sandbox_dns_zones} and {@code sandbox_dns_records}. */
final class SandboxDnsStore {
  private SandboxDnsStore() {}

  /** Creates the zone unless it exists; 1 when this call created it. */
  static int insertZone(
      Handle h, Scope scope, String zone, ZoneStatus status, List<String> nameservers, Instant at) {
    return h.createUpdate(
            "INSERT INTO sandbox_dns_zones (partner_id, zone, status, attempts,"
                + " nameservers, created_at) SELECT :partner, :zone, :status, 1,"
                + " :ns, :at WHERE NOT EXISTS (SELECT 1 FROM sandbox_dns_zones"
                + " WHERE partner_id = :partner AND zone = :zone)")
        .bind("status", status)
        .bind("partner", scope.partnerId())
        .bind("zone", zone)
        .bind("ns", String.join(",", nameservers))
        .bind("at", at)
        .execute();
  }

  /** Counts one more attempt at a pending zone; 0 when there is no pending zone. */
  static int countAttempt(Handle h, Scope scope, String zone) {
    return h.createUpdate(
            "UPDATE sandbox_dns_zones SET attempts = attempts + 1"
                + " WHERE partner_id = :partner AND zone = :zone AND status = :pending")
        .bind("pending", ZoneStatus.PENDING)
        .bind("partner", scope.partnerId())
        .bind("zone", zone)
        .execute();
  }

  static int attempts(Handle h, Scope scope, String zone) {
    return h.createQuery(
            "SELECT attempts FROM sandbox_dns_zones WHERE partner_id = :partner AND zone = :zone")
        .bind("partner", scope.partnerId())
        .bind("zone", zone)
        .mapTo(Integer.class)
        .one();
  }

  static void activate(Handle h, Scope scope, String zone) {
    h.createUpdate(
            "UPDATE sandbox_dns_zones SET status = :active WHERE partner_id = :partner"
                + " AND zone = :zone")
        .bind("active", ZoneStatus.ACTIVE)
        .bind("partner", scope.partnerId())
        .bind("zone", zone)
        .execute();
  }

  static boolean zoneActive(Handle h, Scope scope, String zone) {
    return h.createQuery(
                "SELECT COUNT(*) FROM sandbox_dns_zones WHERE partner_id = :partner"
                    + " AND zone = :zone AND status = :active")
            .bind("active", ZoneStatus.ACTIVE)
            .bind("partner", scope.partnerId())
            .bind("zone", zone)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** Deletes the records of each (type, name) in {@code replaced}, one statement. */
  static void deleteRecords(Handle h, Scope scope, String zone, Collection<List<String>> replaced) {
    if (replaced.isEmpty()) {
      return;
    }
    StringBuilder which = new StringBuilder();
    int i = 0;
    for (List<String> ignored : replaced) {
      which.append(i == 0 ? "" : " OR ").append("(record_type = :type").append(i);
      which.append(" AND name = :name").append(i).append(')');
      i++;
    }
    var delete =
        h.createUpdate(
                "DELETE FROM sandbox_dns_records WHERE partner_id = :partner AND zone = :zone"
                    + " AND ("
                    + which
                    + ")")
            .bind("partner", scope.partnerId())
            .bind("zone", zone);
    i = 0;
    for (List<String> typeAndName : replaced) {
      delete.bind("type" + i, typeAndName.get(0)).bind("name" + i, typeAndName.get(1));
      i++;
    }
    delete.execute();
  }

  /** Inserts {@code records}, one statement. */
  static void insertRecords(
      Handle h, Scope scope, String zone, Collection<DnsRecord> records, Instant at) {
    if (records.isEmpty()) {
      return;
    }
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < records.size(); i++) {
      rows.append(i == 0 ? "" : ", ")
          .append("(:partner, :zone, :type")
          .append(i)
          .append(", :name")
          .append(i)
          .append(", :content")
          .append(i)
          .append(", :priority")
          .append(i)
          .append(", :at)");
    }
    var insert =
        h.createUpdate(
                "INSERT INTO sandbox_dns_records (partner_id, zone, record_type, name, content,"
                    + " priority, created_at) VALUES "
                    + rows)
            .bind("partner", scope.partnerId())
            .bind("zone", zone)
            .bind("at", at);
    int i = 0;
    for (DnsRecord r : records) {
      insert
          .bind("type" + i, r.type())
          .bind("name" + i, r.name())
          .bind("content" + i, r.content())
          .bindByType("priority" + i, r.priority(), Integer.class);
      i++;
    }
    insert.execute();
  }

  static List<DnsRecord> records(Handle h, Scope scope, String zone) {
    return h.createQuery(
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
        .list();
  }
}
