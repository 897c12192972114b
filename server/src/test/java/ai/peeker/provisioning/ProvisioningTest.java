package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Json;
import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The workflow end to end over HTTP, at the default sandbox timing (50 ms between steps). */
class ProvisioningTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            c -> c.withSandboxTiming(Duration.ofMillis(50), Duration.ofSeconds(1)),
            Clock.systemUTC());
    db = new Db(server);
    // A running server is warm; a fresh JVM first loads and compiles the whole path once.
    Tenant warm = server.newTenant("Warm-up");
    Order order = SandboxOrders.placeCustom(server, warm.sandbox(), 2, 1, "warm");
    SandboxOrders.awaitStatus(warm, order.id(), Duration.ofSeconds(20), "completed");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_19_domain_order_on_the_25k_bundle_completes_within_two_seconds_with_its_inboxes()
      throws Exception {
    Tenant t = server.newTenant("Starter partner");
    JsonNode bundle =
        t.api()
            .post(
                "/bundles",
                Map.of("name", "Starter — 25k emails/month", "monthly_sending_volume", 25_000))
            .expect(201)
            .data();
    assertThat(bundle.path("required_domains").toString())
        .isEqualTo("{\"google\":15,\"microsoft\":4,\"total\":19}");
    List<String> names = OrderBodies.names("starter", 19);
    var response =
        t.api()
            .post("/orders", OrderBodies.forBundle(bundle.path("id").asText(), names))
            .expect(201);
    assertThat(response.body()).doesNotContain(OrderBodies.PASSWORD);
    String orderId = response.data().path("id").asText();

    JsonNode full = SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(5), "completed");
    assertThat(full.toString()).doesNotContain(OrderBodies.PASSWORD);
    Duration took =
        Duration.between(
            db.instant("SELECT created_at FROM orders WHERE id = ?", orderId),
            db.instant("SELECT completed_at FROM orders WHERE id = ?", orderId));
    System.out.println("19-domain order: placed to completed in " + took.toMillis() + " ms");
    assertThat(took).as("order to completed").isLessThan(Duration.ofSeconds(2));

    assertThat(full.path("domain_count").asInt()).isEqualTo(19);
    assertThat(texts(full.path("domains").path("registered")))
        .containsExactlyInAnyOrderElementsOf(names);
    assertThat(full.path("domains").path("imported")).isEmpty();
    Map<String, List<JsonNode>> byDomain = new HashMap<>();
    full.path("inboxes")
        .forEach(
            i ->
                byDomain.computeIfAbsent(i.path("domain").asText(), d -> new ArrayList<>()).add(i));
    Map<String, Long> domainsByProvider =
        byDomain.values().stream()
            .collect(
                Collectors.groupingBy(
                    l -> l.get(0).path("provider").asText(), Collectors.counting()));
    assertThat(domainsByProvider)
        .containsOnly(Map.entry("google", 15L), Map.entry("microsoft", 4L));
    byDomain.forEach(
        (domain, inboxes) -> {
          boolean google = inboxes.get(0).path("provider").asText().equals("google");
          assertThat(inboxes).as(domain).hasSize(google ? 2 : 1);
          assertThat(texts(inboxes, "address"))
              .containsExactlyInAnyOrderElementsOf(
                  google
                      ? List.of("sam@" + domain, "sam.lee@" + domain)
                      : List.of("sam@" + domain));
          inboxes.forEach(
              i -> {
                assertThat(i.path("status").asText()).isEqualTo("active");
                assertThat(i.path("display_name").asText()).isEqualTo("Sam Lee");
              });
        });
    Map<String, JsonNode> items =
        list(full.path("costs").path("line_items")).stream()
            .collect(Collectors.toMap(i -> i.path("type").asText(), Function.identity()));
    assertThat(items.get("google_license").path("quantity").asInt()).isEqualTo(30);
    assertThat(items.get("microsoft_license").path("quantity").asInt()).isEqualTo(4);
    assertThat(items.get("domain_registration").path("quantity").asInt()).isEqualTo(19);

    // one domain.connected per domain, then order.completed carrying the full order
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'domain.connected' AND object_id IN"
                    + " (SELECT id FROM domains WHERE order_id = ?)",
                orderId))
        .isEqualTo(19);
    List<String> completed =
        db.strings(
            "SELECT payload FROM events WHERE type = 'order.completed' AND object_id = ?", orderId);
    assertThat(completed).hasSize(1);
    JsonNode event = Json.MAPPER.readTree(completed.get(0));
    assertThat(event.path("data").path("status").asText()).isEqualTo("completed");
    assertThat(event.path("data").path("inboxes")).hasSize(34);
    assertThat(event.path("environment").asText()).isEqualTo("test");
  }

  @Test
  void a_domain_connected_event_carries_the_domain_as_get_shows_it() throws Exception {
    Tenant t = server.newTenant("Event shape");
    Order order = placeCustom(t, 2, 1, "shape");
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "completed");
    List<String> payloads =
        db.strings(
            "SELECT e.payload FROM events e JOIN domains d ON d.id = e.object_id"
                + " WHERE e.type = 'domain.connected' AND d.order_id = ?",
            order.id());
    assertThat(payloads).hasSize(2);
    for (String payload : payloads) {
      JsonNode data = Json.MAPPER.readTree(payload).path("data");
      assertThat(fieldNames(data))
          .containsExactlyInAnyOrder(
              "id",
              "domain",
              "category",
              "status",
              "provider",
              "user_id",
              "order_id",
              "usable_for",
              "forwarding_url",
              "created_at");
      assertThat(data.path("id").asText()).startsWith("dom_");
      assertThat(data.path("category").asText()).isEqualTo("connected");
      assertThat(data.path("status").asText()).isEqualTo("active");
      assertThat(data.path("provider").asText()).isIn("google", "microsoft");
      assertThat(data.path("order_id").asText()).isEqualTo(order.id());
      assertThat(data.path("user_id").asText()).isEqualTo(order.userId());
      assertThat(texts(data.path("usable_for"))).containsExactly("google", "microsoft");
      assertThat(data.path("forwarding_url").asText()).isEqualTo("https://acme.com");
    }
  }

  @Test
  void the_sandbox_providers_hold_what_the_workflow_did() {
    Tenant t = server.newTenant("Provider state");
    Order order = placeCustom(t, 2, 1, "state");
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "completed");
    var domains =
        db.rows("SELECT domain, provider FROM domains WHERE order_id = ? ORDER BY id", order.id());
    String microsoft = (String) domains.get(0).get("provider");
    assertThat(microsoft).as("Microsoft licenses go to the first domains").isEqualTo("microsoft");
    String msDomain = (String) domains.get(0).get("domain");
    String googleDomain = (String) domains.get(1).get("domain");
    String partner = t.partner().id();

    assertThat(db.count("SELECT COUNT(*) FROM sandbox_registrations WHERE partner_id = ?", partner))
        .isEqualTo(2);
    assertThat(records(partner, googleDomain))
        .contains(
            "MX @ smtp.google.com 1",
            "TXT @ v=spf1 include:_spf.google.com ~all",
            "TXT _dmarc v=DMARC1; p=none; rua=mailto:dmarc@" + googleDomain)
        .anyMatch(r -> r.startsWith("TXT google._domainkey v=DKIM1; k=rsa; p="))
        .anyMatch(r -> r.startsWith("TXT @ google-site-verification="));
    assertThat(records(partner, msDomain))
        .contains(
            "MX @ " + msDomain.replace('.', '-') + ".mail.protection.outlook.com 0",
            "TXT @ v=spf1 include:spf.protection.outlook.com -all",
            "TXT _dmarc v=DMARC1; p=none; rua=mailto:dmarc@" + msDomain)
        .anyMatch(r -> r.startsWith("CNAME selector1._domainkey selector1-"))
        .anyMatch(r -> r.startsWith("TXT @ MS=ms"));
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_mail_domains WHERE partner_id = ?"
                    + " AND verified_at IS NOT NULL",
                partner))
        .isEqualTo(2);
    assertThat(
            db.strings(
                "SELECT address FROM sandbox_mailboxes WHERE partner_id = ? AND deleted_at IS NULL"
                    + " ORDER BY address",
                partner))
        .containsExactlyInAnyOrder(
            "sam.lee@" + googleDomain, "sam@" + googleDomain, "sam@" + msDomain);
    assertThat(
            db.rows(
                "SELECT client_id, login_email FROM sandbox_sequencer_accounts WHERE partner_id = ?",
                partner))
        .hasSize(3)
        .allMatch(r -> ((Number) r.get("client_id")).longValue() == 366903)
        .allMatch(r -> "login@acme.com".equals(r.get("login_email")));
    assertThat(db.strings("SELECT target_url FROM sandbox_redirects WHERE partner_id = ?", partner))
        .containsExactly("https://acme.com", "https://acme.com");
    assertThat(db.strings("SELECT step FROM domain_workflows WHERE order_id = ?", order.id()))
        .containsOnly("connected");
  }

  @Test
  void a_fail_domain_fails_itself_and_the_order_once() {
    Tenant t = server.newTenant("Fail magic");
    List<String> names =
        List.of("fail-" + SandboxOrders.names("x", 1).get(0), SandboxOrders.names("ok", 1).get(0));
    Order order =
        SandboxOrders.place(
            server,
            t.sandbox(),
            SandboxOrders.custom("fail@acme.com", 0, 2, names, List.of(SandboxOrders.sam())));
    JsonNode failed = SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "failed");
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(
            db.strings(
                "SELECT d.status FROM domains d WHERE d.domain = ? AND d.order_id = ?",
                names.get(0),
                order.id()))
        .containsExactly("failed");
    assertThat(
            db.strings(
                "SELECT last_error FROM domain_workflows w JOIN domains d ON d.id = w.domain_id"
                    + " WHERE d.domain = ?",
                names.get(0)))
        .singleElement()
        .asString()
        .contains("fail- magic value");
    // stays failed: the other domain ends too, no completion follows
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(*) FROM domain_workflows WHERE order_id = ?"
                            + " AND step NOT IN ('failed', 'connected')",
                        order.id())
                    == 0);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'order.failed' AND object_id = ?",
                order.id()))
        .isEqualTo(1);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'order.completed' AND object_id = ?",
                order.id()))
        .isZero();
    t.api().get("/orders/" + order.id()).expect(200);
    assertThat(t.api().get("/orders/" + order.id()).data().path("status").asText())
        .isEqualTo("failed");
  }

  @Test
  void a_flaky_dns_host_is_retried_with_backoff_and_the_order_completes() {
    Tenant t = server.newTenant("Flaky magic");
    String flaky = "flaky-" + SandboxOrders.names("dns", 1).get(0);
    Order order =
        SandboxOrders.place(
            server,
            t.sandbox(),
            SandboxOrders.custom(
                "flaky@acme.com", 0, 1, List.of(flaky), List.of(SandboxOrders.sam())));
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "completed");
    assertThat(
            db.count(
                "SELECT attempts FROM sandbox_dns_zones WHERE partner_id = ? AND zone = ?",
                t.partner().id(),
                flaky))
        .as("two transient failures, then success")
        .isEqualTo(3);
    assertThat(db.count("SELECT COUNT(*) FROM sandbox_registrations WHERE domain = ?", flaky))
        .isEqualTo(1);
  }

  @Test
  void a_live_order_is_served_by_the_live_providers_and_never_touches_the_sandbox() {
    Tenant t = server.newTenant("Live partner");
    String liveKey = t.key(Environment.LIVE, Preset.FULL);
    List<String> names = SandboxOrders.names("live", 1);
    Order order =
        SandboxOrders.place(
            server,
            t.live(),
            SandboxOrders.custom("live@acme.com", 0, 1, names, List.of(SandboxOrders.sam())));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                server
                    .api()
                    .as(liveKey)
                    .get("/orders/" + order.id())
                    .expect(200)
                    .data()
                    .path("status")
                    .asText()
                    .equals("completed"));
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_registrations WHERE partner_id = ?",
                t.partner().id()))
        .isZero();
    t.api().get("/orders/" + order.id()).expectError(404, "not_found", null);
  }

  @Test
  void a_persona_spread_gives_each_google_domain_its_inboxes_from_the_personas() {
    Tenant t = server.newTenant("Personas");
    List<Order.Persona> personas =
        List.of(
            new Order.Persona("Sam", "Lee", null),
            new Order.Persona("Zoë", "Ångström", ""),
            new Order.Persona("Alex", "Rivera", null));
    List<String> names = SandboxOrders.names("persona", 3);
    // 5 Google licenses at 2 per domain: 2 + 2 + 1 inboxes
    Order order =
        SandboxOrders.place(
            server, t.sandbox(), SandboxOrders.custom("p@acme.com", 5, 0, names, personas));
    JsonNode full = SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "completed");
    assertThat(texts(full.path("inboxes"), "address"))
        .containsExactlyInAnyOrder(
            "sam@" + names.get(0),
            "zoe@" + names.get(0),
            "alex@" + names.get(1),
            "sam@" + names.get(1),
            "zoe@" + names.get(2));
    assertThat(texts(full.path("inboxes"), "display_name")).contains("Zoë Ångström");
  }

  private static Order placeCustom(Tenant t, int google, int microsoft, String prefix) {
    return SandboxOrders.placeCustom(server, t.sandbox(), google, microsoft, prefix);
  }

  private static List<String> records(String partner, String zone) {
    return db
        .rows(
            "SELECT record_type, name, content, priority FROM sandbox_dns_records"
                + " WHERE partner_id = ? AND zone = ?",
            partner,
            zone)
        .stream()
        .map(
            r ->
                (r.get("record_type")
                        + " "
                        + r.get("name")
                        + " "
                        + r.get("content")
                        + (r.get("priority") == null ? "" : " " + r.get("priority")))
                    .strip())
        .toList();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> texts(Iterable<JsonNode> nodes, String field) {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
