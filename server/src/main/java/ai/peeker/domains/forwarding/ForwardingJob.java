package ai.peeker.domains.forwarding;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A forwarding job ({@code fwj_…}) as {@code GET /domains/forwarding/{id}} shows it and the {@code
 * domain.forwarding_*} events carry it. The counts are the lengths of the two lists.
 */
public record ForwardingJob(
    String id,
    ForwardingStatus status,
    String forwardingUrl,
    List<Row> rows,
    Instant createdAt,
    Instant completedAt) {

  /** One domain of the job. */
  record Row(
      int seq,
      String domainId,
      String domain,
      ForwardingRowStatus status,
      ForwardingFailure reason) {}

  @JsonValue
  Map<String, Object> wire() {
    List<String> completed = new ArrayList<>();
    List<Map<String, Object>> failed = new ArrayList<>();
    for (Row row : rows) {
      switch (row.status()) {
        case COMPLETED -> completed.add(row.domain());
        case FAILED -> {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("domain", row.domain());
          f.put("reason", row.reason());
          failed.add(f);
        }
        case PENDING -> {}
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", status);
    body.put("completed_count", completed.size());
    body.put("failed_count", failed.size());
    body.put("forwarding_url", forwardingUrl);
    body.put("completed", completed);
    body.put("failed", failed);
    body.put("created_at", createdAt);
    if (completedAt != null) {
      body.put("completed_at", completedAt);
    }
    return body;
  }
}
