package ai.peeker.provisioning.live.cloudflare;

import ai.peeker.common.Json;
import ai.peeker.domains.LiveProvider;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.DnsHost;
import ai.peeker.provisioning.DnsRecord;
import ai.peeker.provisioning.Forwarder;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.live.LiveSettings;
import ai.peeker.provisioning.live.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DNS host and web forwarding on Cloudflare's API v4 (Bearer token): zones in the configured
 * account ({@code POST /zones}, answering its {@code name_servers}), records through {@code
 * /zones/{id}/dns_records} (made to match per type and name), and forwarding as one redirect rule
 * in the zone's dynamic-redirect phase, with the proxied placeholder record a redirect needs.
 */
public final class CloudflareDns implements DnsHost, Forwarder {
  /**
   * Error codes Cloudflare answers when the account may not add more zones (pending-zone and
   * zone-count limits).
   */
  static final Set<Integer> ZONE_LIMIT_CODES = Set.of(1105, 1118, 1224);

  /** The placeholder the redirect rule answers for: proxied, never reached (TEST-NET-1). */
  static final String PLACEHOLDER_IP = "192.0.2.1";

  private static final String REDIRECT_PHASE = "http_request_dynamic_redirect";

  private final String base;
  private final String accountId;
  private final Map<String, String> auth;
  private final ProviderHttp http;
  private final Map<String, String> zoneIds = new ConcurrentHashMap<>();

  /**
   * Cloudflare has no call that tells how many more zones an account may add: after it refused one
   * for a zone limit, the host reports no room for {@link #FULL_FOR}.
   */
  static final Duration FULL_FOR = Duration.ofMinutes(10);

  private volatile java.time.Instant fullUntil = java.time.Instant.EPOCH;

  public CloudflareDns(LiveSettings.Cloudflare settings, Duration timeout, MeterRegistry metrics) {
    this.base = settings.url();
    this.accountId = settings.accountId();
    this.auth = Map.of("Authorization", "Bearer " + settings.apiToken());
    // Cloudflare allows 1,200 requests per 5 minutes per token: 4 per second on average
    this.http =
        new ProviderHttp(LiveProvider.CLOUDFLARE, timeout, 4, metrics, CloudflareDns::message);
  }

  /** Cloudflare's envelope: {@code {"success":false,"errors":[{"code":1003,"message":"…"}]}}. */
  static String message(JsonNode body) {
    List<String> parts = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      parts.add(e.path("code").asText() + " " + e.path("message").asText());
    }
    return String.join("; ", parts);
  }

  @Override
  public List<String> ensureZone(Scope scope, String zone) {
    JsonNode existing = findZone(zone);
    if (existing != null) {
      return nameservers(existing);
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("name", zone);
    body.putObject("account").put("id", accountId);
    body.put("type", "full");
    ProviderHttp.Reply reply = http.send("create_zone", "POST", uri("/zones"), auth, body);
    if (!reply.ok()) {
      for (JsonNode e : reply.json().path("errors")) {
        if (ZONE_LIMIT_CODES.contains(e.path("code").asInt())) {
          fullUntil = java.time.Instant.now().plus(FULL_FOR);
          throw ProviderFailure.capacityExhausted("cloudflare_account_capacity: " + reply.error());
        }
        if (e.path("code").asInt() == 1061) { // already exists: a race with ourselves
          JsonNode raced = findZone(zone);
          if (raced != null) {
            return nameservers(raced);
          }
        }
      }
      throw reply.refused();
    }
    JsonNode created = reply.json().path("result");
    zoneIds.put(zone, created.path("id").asText());
    return nameservers(created);
  }

  @Override
  public boolean hasRoomFor(Scope scope, int zones) {
    return java.time.Instant.now().isAfter(fullUntil);
  }

  @Override
  public void putRecords(Scope scope, String zone, List<DnsRecord> records) {
    String zoneId = zoneId(zone);
    Map<String, List<DnsRecord>> byKey = new LinkedHashMap<>();
    for (DnsRecord r : records) {
      byKey.computeIfAbsent(r.type() + " " + r.name(), k -> new ArrayList<>()).add(r);
    }
    for (List<DnsRecord> wanted : byKey.values()) {
      DnsRecord first = wanted.get(0);
      List<JsonNode> present = list(zoneId, first.type(), fqdn(first.name(), zone));
      for (JsonNode p : present) {
        if (wanted.stream().noneMatch(w -> same(w, p))) {
          http.delete("delete_dns_record", uri(recordPath(zoneId, p)), auth).orFail();
        }
      }
      for (DnsRecord w : wanted) {
        if (present.stream().noneMatch(p -> same(w, p))) {
          http.send(
                  "create_dns_record",
                  "POST",
                  uri("/zones/" + zoneId + "/dns_records"),
                  auth,
                  record(w, zone, false))
              .orFail();
        }
      }
    }
  }

  @Override
  public List<DnsRecord> records(Scope scope, String zone) {
    String zoneId = zoneId(zone);
    JsonNode answer =
        http.get("list_dns_records", uri("/zones/" + zoneId + "/dns_records?per_page=5000"), auth)
            .orFail();
    List<DnsRecord> records = new ArrayList<>();
    for (JsonNode r : answer.path("result")) {
      String name = r.path("name").asText();
      String relative =
          name.equals(zone) ? "@" : name.substring(0, name.length() - zone.length() - 1);
      records.add(
          new DnsRecord(
              r.path("type").asText(),
              relative,
              r.path("content").asText(),
              r.hasNonNull("priority") ? r.path("priority").asInt() : null));
    }
    return records;
  }

  @Override
  public void redirect(Scope scope, String domain, String targetUrl) {
    String zoneId = zoneId(domain);
    if (list(zoneId, "A", domain).isEmpty()) {
      http.send(
              "create_dns_record",
              "POST",
              uri("/zones/" + zoneId + "/dns_records"),
              auth,
              record(new DnsRecord("A", "@", PLACEHOLDER_IP, null), domain, true))
          .orFail();
    }
    ObjectNode rule = Json.MAPPER.createObjectNode();
    rule.put("expression", "true");
    rule.put("description", "Forward " + domain);
    rule.put("action", "redirect");
    ObjectNode from = rule.putObject("action_parameters").putObject("from_value");
    from.put("status_code", 301);
    from.putObject("target_url").put("value", targetUrl);
    from.put("preserve_query_string", false);
    putRules(zoneId, List.of(rule));
  }

  @Override
  public void remove(Scope scope, String domain) {
    JsonNode zone = findZone(domain);
    if (zone != null) {
      putRules(zone.path("id").asText(), List.of());
    }
  }

  /** A read-only call that proves the token ({@code GET /user/tokens/verify}). */
  public String verifyToken() {
    JsonNode answer = http.get("verify_token", uri("/user/tokens/verify"), auth).orFail();
    return "token " + answer.path("result").path("status").asText("?");
  }

  /** Replaces the zone's dynamic-redirect rules (the phase entrypoint holds only ours). */
  private void putRules(String zoneId, List<ObjectNode> rules) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    var list = body.putArray("rules");
    rules.forEach(list::add);
    http.send(
            "put_redirect_rules",
            "PUT",
            uri("/zones/" + zoneId + "/rulesets/phases/" + REDIRECT_PHASE + "/entrypoint"),
            auth,
            body)
        .orFail();
  }

  private JsonNode findZone(String zone) {
    JsonNode answer =
        http.get(
                "list_zones",
                uri("/zones?name=" + encode(zone) + "&account.id=" + encode(accountId)),
                auth)
            .orFail();
    for (JsonNode z : answer.path("result")) {
      if (zone.equals(z.path("name").asText())) {
        zoneIds.put(zone, z.path("id").asText());
        return z;
      }
    }
    return null;
  }

  private String zoneId(String zone) {
    String cached = zoneIds.get(zone);
    if (cached != null) {
      return cached;
    }
    JsonNode found = findZone(zone);
    if (found == null) {
      throw ProviderFailure.permanent("cloudflare has no zone " + zone + " in the account");
    }
    return found.path("id").asText();
  }

  private List<JsonNode> list(String zoneId, String type, String name) {
    JsonNode answer =
        http.get(
                "list_dns_records",
                uri(
                    "/zones/"
                        + zoneId
                        + "/dns_records?type="
                        + encode(type)
                        + "&name="
                        + encode(name)),
                auth)
            .orFail();
    List<JsonNode> records = new ArrayList<>();
    answer.path("result").forEach(records::add);
    return records;
  }

  private static ObjectNode record(DnsRecord r, String zone, boolean proxied) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", r.type());
    body.put("name", fqdn(r.name(), zone));
    body.put("content", r.content());
    body.put("ttl", 1);
    if (r.priority() != null) {
      body.put("priority", r.priority());
    }
    if (proxied) {
      body.put("proxied", true);
    }
    return body;
  }

  private static boolean same(DnsRecord wanted, JsonNode present) {
    return unquoted(wanted.content()).equals(unquoted(present.path("content").asText()))
        && Objects.equals(
            wanted.priority(),
            present.hasNonNull("priority") ? present.path("priority").asInt() : null);
  }

  /** Cloudflare may answer TXT content in quotes. */
  private static String unquoted(String content) {
    return content.length() > 1 && content.startsWith("\"") && content.endsWith("\"")
        ? content.substring(1, content.length() - 1)
        : content;
  }

  private static String recordPath(String zoneId, JsonNode record) {
    return "/zones/" + zoneId + "/dns_records/" + record.path("id").asText();
  }

  private static String fqdn(String name, String zone) {
    return name.equals("@") ? zone : name + "." + zone;
  }

  private static List<String> nameservers(JsonNode zone) {
    List<String> ns = new ArrayList<>();
    zone.path("name_servers").forEach(n -> ns.add(n.asText()));
    return ns;
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
