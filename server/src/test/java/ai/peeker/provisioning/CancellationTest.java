package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.MalformedBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /orders/{id}/cancel}: whole orders, some domains, and what takes effect when. */
class CancellationTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server = TestServer.shared(); // sandbox cancel grace: 1 s
    db = new Db(server);
  }

  private static Order completed(Tenant t, int google, int microsoft, String prefix) {
    Order order = SandboxOrders.placeCustom(server, t.sandbox(), google, microsoft, prefix);
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(20), "completed");
    return order;
  }

  @Test
  void cancelling_a_whole_order_deletes_its_inboxes_and_releases_its_domains_at_cancels_at() {
    Tenant t = server.newTenant("Whole cancel");
    Order order = completed(t, 2, 1, "whole");
    List<String> domainIds =
        db.strings("SELECT id FROM domains WHERE order_id = ? ORDER BY id", order.id());

    Instant before = Instant.now().minusSeconds(1);
    JsonNode result = t.api().post("/orders/" + order.id() + "/cancel", null).expect(200).data();
    assertThat(result.path("id").asText()).isEqualTo(order.id());
    assertThat(result.path("status").asText()).isEqualTo("cancel_scheduled");
    Instant scheduledAt = Instant.parse(result.path("cancellation_scheduled_at").asText());
    Instant cancelsAt = Instant.parse(result.path("cancels_at").asText());
    assertThat(scheduledAt).isAfter(before);
    assertThat(Duration.between(scheduledAt, cancelsAt))
        .isBetween(Duration.ZERO, Duration.ofSeconds(2));
    assertThat(ProvisioningTest.texts(result.path("domains"), "id"))
        .containsExactlyElementsOf(domainIds);

    JsonNode scheduled = t.api().get("/orders/" + order.id()).expect(200).data();
    assertThat(scheduled.path("status").asText()).isEqualTo("cancel_scheduled");
    assertThat(scheduled.path("cancels_at").asText()).isEqualTo(result.path("cancels_at").asText());
    t.api().post("/orders/" + order.id() + "/cancel", null).expectError(409, "conflict", null);

    JsonNode cancelled =
        SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "cancelled");
    assertThat(cancelled.path("inboxes")).isEmpty();
    assertThat(cancelled.path("domains").path("registered")).isEmpty();
    assertThat(cancelled.path("costs").path("total_cents").asLong()).isEqualTo(order.totalCents());
    assertThat(domainIds).hasSize(2);
    var released =
        db.rows(
            "SELECT category, status, order_id, user_id, provider FROM domains WHERE id IN (?, ?)",
            domainIds.get(0),
            domainIds.get(1));
    assertThat(released)
        .hasSize(2)
        .allMatch(r -> "inventory".equals(r.get("category")) && "available".equals(r.get("status")))
        .allMatch(
            r ->
                r.get("order_id") == null && r.get("user_id") == null && r.get("provider") == null);
    String partner = t.partner().id();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = ? AND deleted_at IS NULL",
                partner))
        .isZero();
    assertThat(db.count("SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = ?", partner))
        .isEqualTo(3);
    assertThat(db.count("SELECT COUNT(*) FROM sandbox_mail_domains WHERE partner_id = ?", partner))
        .isZero();
    assertThat(db.count("SELECT COUNT(*) FROM sandbox_redirects WHERE partner_id = ?", partner))
        .isZero();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_sequencer_accounts WHERE partner_id = ? AND removed_at IS NULL",
                partner))
        .isZero();
    assertThat(
            db.strings(
                "SELECT type FROM events WHERE object_id = ? ORDER BY created_at, id", order.id()))
        .containsSubsequence("order.completed", "order.cancel_scheduled", "order.cancelled")
        .containsOnlyOnce("order.cancel_scheduled", "order.cancelled");

    t.api()
        .post("/orders/" + order.id() + "/cancel", Map.of("scope", "order"))
        .expectError(409, "conflict", null);
    t.api()
        .post("/orders/" + order.id() + "/cancel", Map.of("domains", List.of(domainIds.get(0))))
        .expectError(409, "conflict", null);
  }

  @Test
  void cancelling_an_order_while_it_provisions_stops_it_and_leaves_nothing_behind() {
    Tenant t = server.newTenant("Early cancel");
    Order order =
        SandboxOrders.place(
            server,
            t.sandbox(),
            SandboxOrders.custom(
                "early@acme.com",
                10,
                3,
                SandboxOrders.names("early", 8),
                List.of(SandboxOrders.sam())));
    t.api().post("/orders/" + order.id() + "/cancel", Map.of("scope", "order")).expect(200);
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(15), "cancelled");
    String partner = t.partner().id();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = ? AND deleted_at IS NULL",
                partner))
        .isZero();
    assertThat(db.count("SELECT COUNT(*) FROM inboxes WHERE order_id = ?", order.id())).isZero();
    assertThat(
            db.strings("SELECT DISTINCT step FROM domain_workflows WHERE order_id = ?", order.id()))
        .containsOnly("released");
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'order.completed' AND object_id = ?",
                order.id()))
        .isZero();
  }

  @Test
  void cancelling_some_domains_drops_their_licenses_and_releases_only_them() {
    Tenant t = server.newTenant("Partial cancel");
    Order order = completed(t, 4, 2, "partial"); // 2 Microsoft domains first, then 2 Google
    var domains =
        db.rows(
            "SELECT id, domain, provider FROM domains WHERE order_id = ? ORDER BY id", order.id());
    String ms = (String) domains.get(0).get("domain");
    String googleId = (String) domains.get(2).get("id");
    assertThat(domains.get(0).get("provider")).isEqualTo("microsoft");
    assertThat(domains.get(2).get("provider")).isEqualTo("google");

    JsonNode result =
        t.api()
            .post(
                "/orders/" + order.id() + "/cancel",
                Map.of("domains", List.of(googleId, ms.toUpperCase(Locale.ROOT), googleId)))
            .expect(200)
            .data();
    assertThat(result.path("status").asText())
        .as("the order itself goes on")
        .isEqualTo("completed");
    assertThat(ProvisioningTest.texts(result.path("domains"), "domain"))
        .containsExactly((String) domains.get(2).get("domain"), ms);

    JsonNode after = t.api().get("/orders/" + order.id()).expect(200).data();
    assertThat(after.path("google_licenses").asInt()).isEqualTo(2);
    assertThat(after.path("microsoft_licenses").asInt()).isEqualTo(1);
    Map<String, JsonNode> items = new java.util.HashMap<>();
    after.path("costs").path("line_items").forEach(i -> items.put(i.path("type").asText(), i));
    assertThat(items.get("google_license").path("quantity").asInt()).isEqualTo(2);
    assertThat(items.get("google_license").path("amount_cents").asLong()).isEqualTo(200);
    assertThat(items.get("microsoft_license").path("quantity").asInt()).isEqualTo(1);
    assertThat(items.get("microsoft_license").path("amount_cents").asLong()).isEqualTo(900);
    long sum = 0;
    for (JsonNode item : after.path("costs").path("line_items")) {
      sum += item.path("amount_cents").asLong();
    }
    assertThat(after.path("costs").path("total_cents").asLong())
        .isEqualTo(sum)
        .isLessThan(order.totalCents());

    // already on its way out
    t.api()
        .post("/orders/" + order.id() + "/cancel", Map.of("domains", List.of(googleId)))
        .expectError(409, "conflict", "domains[0]");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                t.api().get("/orders/" + order.id()).expect(200).data().path("domain_count").asInt()
                    == 2);
    JsonNode released = t.api().get("/orders/" + order.id()).expect(200).data();
    assertThat(released.path("status").asText()).isEqualTo("completed");
    assertThat(ProvisioningTest.texts(released.path("domains").path("registered")))
        .containsExactlyInAnyOrder(
            (String) domains.get(1).get("domain"), (String) domains.get(3).get("domain"));
    assertThat(released.path("inboxes")).hasSize(1 + 2);
    assertThat(db.strings("SELECT status FROM domains WHERE id = ?", googleId))
        .containsExactly("available");
    t.api()
        .post("/orders/" + order.id() + "/cancel", Map.of("domains", List.of(googleId)))
        .expectError(400, "invalid_request", "domains[0]");

    // naming every domain left is cancelling the order
    JsonNode rest =
        t.api()
            .post(
                "/orders/" + order.id() + "/cancel",
                Map.of("domains", List.of(domains.get(1).get("id"), domains.get(3).get("domain"))))
            .expect(200)
            .data();
    assertThat(rest.path("status").asText()).isEqualTo("cancel_scheduled");
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "cancelled");
  }

  @Test
  void a_live_cancellation_takes_effect_when_the_paid_period_ends() {
    Tenant t = server.newTenant("Live cancel");
    String liveKey = t.key(Environment.LIVE, Preset.FULL);
    Order order =
        SandboxOrders.place(
            server,
            t.live(),
            SandboxOrders.custom(
                "live@acme.com",
                0,
                1,
                SandboxOrders.names("livec", 1),
                List.of(SandboxOrders.sam())));
    JsonNode result =
        server.api().as(liveKey).post("/orders/" + order.id() + "/cancel", null).expect(200).data();
    assertThat(result.path("cancels_at").asText())
        .isEqualTo(ai.peeker.common.Json.timestamp(order.renewsAt()));
    assertThat(
            server
                .api()
                .as(liveKey)
                .get("/orders/" + order.id())
                .expect(200)
                .data()
                .path("status")
                .asText())
        .isEqualTo("cancel_scheduled");
  }

  @Test
  void wrong_cancellations_are_refused_without_changing_anything() {
    Tenant t = server.newTenant("Bad cancels");
    Order order = completed(t, 2, 0, "badcancel");
    String path = "/orders/" + order.id() + "/cancel";
    t.api().post(path, Map.of("scope", "everything")).expectError(400, "invalid_request", "scope");
    t.api()
        .post(path, Map.of("scope", "order", "domains", List.of("x.com")))
        .expectError(400, "invalid_request", "scope");
    t.api().post(path, Map.of("domains", List.of())).expectError(400, "invalid_request", "domains");
    t.api().post(path, Map.of("domains", "x.com")).expectError(400, "invalid_request", "domains");
    t.api()
        .post(path, Map.of("domains", List.of(5)))
        .expectError(400, "invalid_request", "domains[0]");
    t.api()
        .post(path, Map.of("domains", List.of("not-on-this-order.com")))
        .expectError(400, "invalid_request", "domains[0]");
    t.api()
        .post(path, Map.of("domains", List.of("dom_01HZX0D01A2B3C4D5E6F7G8HJK")))
        .expectError(400, "invalid_request", "domains[0]");
    t.api()
        .post(path, Map.of("reason", "too expensive"))
        .expectError(400, "invalid_request", "reason");
    t.api().postRaw(path, "{\"scope\":").expectError(400, "invalid_request", null);
    t.api().postRaw(path, "[\"order\"]").expectError(400, "invalid_request", null);
    t.api()
        .post("/orders/ord_01HZX0OR1A2B3C4D5E6F7G8HJK/cancel", null)
        .expectError(404, "not_found", null);
    t.api().post("/orders/nonsense/cancel", null).expectError(404, "not_found", null);
    server.newTenant("Stranger").api().post(path, null).expectError(404, "not_found", null);
    server
        .api()
        .as(t.key(Environment.LIVE, Preset.FULL))
        .post(path, null)
        .expectError(404, "not_found", null);
    server
        .api()
        .as(t.key(Environment.TEST, Preset.READ))
        .post(path, null)
        .expectError(403, "forbidden", null);
    server
        .api()
        .as(t.key(Environment.TEST, Preset.LIMITED))
        .post(path, null)
        .expectError(403, "forbidden", null);

    // generated bodies against a cancelled order: never a 5xx, never a change
    Order gone = completed(t, 0, 1, "gone");
    String gonePath = "/orders/" + gone.id() + "/cancel";
    t.api().post(gonePath, null).expect(200);
    SandboxOrders.awaitStatus(t, gone.id(), Duration.ofSeconds(10), "cancelled");
    long events = db.count("SELECT COUNT(*) FROM events WHERE partner_id = ?", t.partner().id());
    for (String body : new MalformedBodies(7, List.of("scope", "domains")).take(300)) {
      var response = t.api().postRaw(gonePath, body);
      assertThat(response.status()).as(body).isBetween(400, 499);
    }
    assertThat(db.count("SELECT COUNT(*) FROM events WHERE partner_id = ?", t.partner().id()))
        .isEqualTo(events);
    assertThat(t.api().get("/orders/" + order.id()).expect(200).data().path("status").asText())
        .isEqualTo("completed");
    assertThat(t.api().get("/orders/" + gone.id()).expect(200).data().path("status").asText())
        .isEqualTo("cancelled");
  }
}
