package ai.peeker.domains;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain of a partner: {@code inventory} (ready, on no order) or {@code connected} (on an order).
 * Its wire shape carries {@code provider}, {@code user_id}, {@code order_id} and {@code
 * forwarding_url} only when it is connected; a connected live domain also lists the DNS records its
 * mail provider has no API for ({@code manual_dns_records}).
 */
public record Domain(
    String id,
    String domain,
    DomainCategory category,
    DomainStatus status,
    DomainSource source,
    MailProviderKind provider,
    String userId,
    String orderId,
    boolean usableForGoogle,
    boolean usableForMicrosoft,
    String forwardingUrl,
    Instant createdAt,
    boolean live) {

  public boolean connected() {
    return category == DomainCategory.CONNECTED;
  }

  public List<MailProviderKind> usableFor() {
    return MailProviderKind.usable(usableForGoogle, usableForMicrosoft);
  }

  @JsonValue
  Map<String, Object> wire() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("domain", domain);
    body.put("category", category);
    body.put("status", status);
    if (connected()) {
      body.put("provider", provider);
      body.put("user_id", userId);
      body.put("order_id", orderId);
    }
    body.put("usable_for", usableFor());
    if (connected()) {
      body.put("forwarding_url", forwardingUrl);
      List<String> manual = live ? ManualDnsRecords.of(provider, domain) : List.of();
      if (!manual.isEmpty()) {
        body.put("manual_dns_records", manual);
      }
    }
    body.put("created_at", createdAt);
    return body;
  }
}
