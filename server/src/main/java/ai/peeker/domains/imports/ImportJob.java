package ai.peeker.domains.imports;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An import ({@code imp_…}) as {@code GET /domains/import/{id}} shows it and its {@code
 * domain_import.*} events carry it: its rows in request order and the nameserver groups the
 * customer must set (one group per distinct set of nameservers, listing its domains).
 */
public record ImportJob(
    String id, ImportStatus status, List<ImportRow> rows, Instant createdAt, Instant completedAt) {

  @JsonValue
  Map<String, Object> wire() {
    Map<List<String>, List<String>> groups = new LinkedHashMap<>();
    List<Map<String, Object>> domains = new ArrayList<>(rows.size());
    for (ImportRow row : rows) {
      if (row.nameservers() != null && row.status() != ImportRowStatus.FAILED) {
        groups.computeIfAbsent(row.nameservers(), ns -> new ArrayList<>()).add(row.domain());
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("domain", row.domain());
      d.put("status", row.status());
      if (row.domainId() != null) {
        d.put("domain_id", row.domainId());
      }
      if (row.reason() != null) {
        d.put("reason", row.reason());
      }
      domains.add(d);
    }
    List<Map<String, Object>> nameserverGroups = new ArrayList<>();
    groups.forEach(
        (ns, names) -> {
          Map<String, Object> g = new LinkedHashMap<>();
          g.put("nameservers", ns);
          g.put("domains", names);
          nameserverGroups.add(g);
        });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", status);
    body.put("domain_count", rows.size());
    body.put("nameserver_groups", nameserverGroups);
    body.put("domains", domains);
    body.put("created_at", createdAt);
    body.put("completed_at", completedAt);
    return body;
  }
}
