package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.MalformedBodies;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /swaps}: domain swaps inside live orders, and what they leave behind. */
class SwapsTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    db = new Db(server);
  }

  static Order completed(Tenant t, int google, int microsoft, String prefix) {
    Order order = SandboxOrders.placeCustom(server, t.sandbox(), google, microsoft, prefix);
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(30), "completed");
    return order;
  }

  static JsonNode awaitSwap(Tenant t, String swapId, String... statuses) {
    Set<String> wanted = Set.of(statuses);
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> {
              last[0] = t.api().get("/swaps/" + swapId).expect(200).data();
              return wanted.contains(last[0].path("status").asText());
            });
    return last[0];
  }

  static Map<String, Object> swap(String type, String domainId, String replacement) {
    return Map.of("type", type, "domain_id", domainId, "replacement_domain", replacement);
  }

  static List<String> googleDomains(Order order) {
    return db.strings(
        "SELECT id FROM domains WHERE order_id = ? AND provider = 'google' ORDER BY id",
        order.id());
  }

  @Test
  void a_standard_swap_replaces_a_domain_of_a_completed_order_and_retires_the_old_one() {
    Tenant t = server.newTenant("Standard swap");
    Order order = completed(t, 4, 1, "stdswap"); // two Google domains (2 inboxes), one Microsoft
    assertThat(order.domainCount()).isEqualTo(3);
    String oldId = googleDomains(order).get(0);
    String oldName = t.api().get("/domains/" + oldId).expect(200).data().path("domain").asText();
    JsonNode before = t.api().get("/orders/" + order.id()).expect(200).data();
    List<String> oldLocalParts = new ArrayList<>();
    for (JsonNode inbox : before.path("inboxes")) {
      if (inbox.path("domain").asText().equals(oldName)) {
        oldLocalParts.add(inbox.path("address").asText().split("@")[0]);
      }
    }
    assertThat(oldLocalParts).hasSize(2);
    String fresh = SandboxOrders.names("fresh", 1).get(0);

    JsonNode created = t.api().post("/swaps", swap("standard", oldId, fresh)).expect(201).data();
    String swapId = created.path("id").asText();
    assertThat(swapId).matches("swp_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(created.path("status").asText()).isEqualTo("created");
    assertThat(created.path("type").asText()).isEqualTo("standard");
    assertThat(created.path("domain_id").asText()).isEqualTo(oldId);
    assertThat(created.path("replacement_domain").asText()).isEqualTo(fresh);
    assertThat(created.path("order_id").asText()).isEqualTo(order.id());

    JsonNode done = awaitSwap(t, swapId, "completed", "failed");
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(done.path("retired_at").asText()).endsWith("Z");
    String newId = done.path("replacement_domain_id").asText();

    JsonNode old = t.api().get("/domains/" + oldId).expect(200).data();
    assertThat(old.path("status").asText()).isEqualTo("retired");
    JsonNode replacement = t.api().get("/domains/" + newId).expect(200).data();
    assertThat(replacement.path("status").asText()).isEqualTo("active");
    assertThat(replacement.path("order_id").asText()).isEqualTo(order.id());
    assertThat(replacement.path("provider").asText()).isEqualTo("google");
    JsonNode retiredRows = t.api().get("/domains?status=retired").expect(200).data();
    assertThat(retiredRows).hasSize(1);

    JsonNode after = t.api().get("/orders/" + order.id()).expect(200).data();
    assertThat(after.path("status").asText()).isEqualTo("completed");
    assertThat(ProvisioningTest.texts(after.path("domains").path("registered")))
        .contains(fresh)
        .doesNotContain(oldName);
    List<String> newLocalParts = new ArrayList<>();
    for (JsonNode inbox : after.path("inboxes")) {
      assertThat(inbox.path("domain").asText()).isNotEqualTo(oldName);
      if (inbox.path("domain").asText().equals(fresh)) {
        newLocalParts.add(inbox.path("address").asText().split("@")[0]);
      }
    }
    assertThat(newLocalParts).containsExactlyInAnyOrderElementsOf(oldLocalParts);
    assertThat(after.path("inboxes")).hasSize(before.path("inboxes").size());
    // the price changes only by the new domain's registration
    assertThat(after.path("costs").path("total_cents").asLong())
        .isEqualTo(order.totalCents() + 1300);
    assertThat(after.path("google_licenses").asInt()).isEqualTo(4);

    String partner = t.partner().id();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = ? AND domain = ?"
                    + " AND deleted_at IS NULL",
                partner,
                oldName))
        .isZero();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = ? AND domain = ?"
                    + " AND deleted_at IS NULL",
                partner,
                fresh))
        .isEqualTo(2);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_registrations WHERE partner_id = ? AND domain = ?",
                partner,
                fresh))
        .isEqualTo(1);

    var events =
        db.rows("SELECT id, type FROM events WHERE object_id = ? ORDER BY created_at, id", swapId);
    assertThat(events.stream().map(e -> e.get("type")).toList())
        .containsExactly("swap.created", "swap.in_progress", "swap.completed");
    assertThat(new HashSet<>(events.stream().map(e -> e.get("id")).toList())).hasSize(3);

    // listed, and filtered
    assertThat(ids(t.api().get("/swaps").expect(200).data())).containsExactly(swapId);
    assertThat(ids(t.api().get("/swaps?order_id=" + order.id()).expect(200).data()))
        .containsExactly(swapId);
    assertThat(ids(t.api().get("/swaps?domain_id=" + oldId).expect(200).data()))
        .containsExactly(swapId);
    assertThat(ids(t.api().get("/swaps?user_id=" + order.userId()).expect(200).data()))
        .containsExactly(swapId);
    assertThat(t.api().get("/swaps?status=failed").expect(200).data()).isEmpty();
    t.api().get("/swaps?status=done").expectError(400, "invalid_request", "status");
    t.api().get("/swaps?order_id=nope").expectError(400, "invalid_request", "order_id");

    // the retired domain takes no second swap
    t.api()
        .post("/swaps", swap("standard", oldId, SandboxOrders.names("again", 1).get(0)))
        .expectError(409, "conflict", "domain_id");
  }

  static List<String> ids(JsonNode rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  @Test
  void a_replacement_starting_fail_swap_fails_the_swap_and_the_order_keeps_its_domain() {
    Tenant t = server.newTenant("Failing swap");
    Order order = completed(t, 2, 0, "failswap");
    String oldId = googleDomains(order).get(0);
    String swapId =
        t.api()
            .post(
                "/swaps",
                swap("standard", oldId, "fail-swap-" + SandboxOrders.names("x", 1).get(0)))
            .expect(201)
            .data()
            .path("id")
            .asText();
    JsonNode failed = awaitSwap(t, swapId, "failed", "completed");
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("reason").asText()).contains("fail-");
    assertThat(t.api().get("/domains/" + oldId).expect(200).data().path("status").asText())
        .isEqualTo("active");
    assertThat(t.api().get("/orders/" + order.id()).expect(200).data().path("status").asText())
        .isEqualTo("completed");
    assertThat(
            db.strings(
                "SELECT type FROM events WHERE object_id = ? ORDER BY created_at, id", swapId))
        .containsExactly("swap.created", "swap.in_progress", "swap.failed");
    // a failed swap leaves the domain free for another one
    String again =
        t.api()
            .post("/swaps", swap("standard", oldId, SandboxOrders.names("retry", 1).get(0)))
            .expect(201)
            .data()
            .path("id")
            .asText();
    assertThat(awaitSwap(t, again, "completed", "failed").path("status").asText())
        .isEqualTo("completed");
  }

  @Test
  void a_second_swap_on_a_domain_with_one_in_progress_is_a_conflict() {
    Tenant t = server.newTenant("Swap conflict");
    Order order = completed(t, 2, 0, "conflict");
    String oldId = googleDomains(order).get(0);
    t.api()
        .post("/swaps", swap("standard", oldId, SandboxOrders.names("one", 1).get(0)))
        .expect(201);
    t.api()
        .post("/swaps", swap("standard", oldId, SandboxOrders.names("two", 1).get(0)))
        .expectError(409, "conflict", "domain_id");
    assertThat(db.count("SELECT COUNT(*) FROM swaps WHERE domain_id = ?", oldId)).isEqualTo(1);
  }

  @Test
  void replacements_that_cannot_be_bought_are_refused_by_reason() {
    Tenant t = server.newTenant("Bad replacements");
    Order order = completed(t, 2, 0, "badrepl");
    String oldId = googleDomains(order).get(0);
    for (String[] c :
        new String[][] {
          {"taken-" + SandboxOrders.names("a", 1).get(0), "taken"},
          {"my-premium-" + SandboxOrders.names("b", 1).get(0), "premium"},
          {"not a domain", "invalid"}
        }) {
      JsonNode error =
          t.api()
              .post("/swaps", swap("standard", oldId, c[0]))
              .expectError(400, "invalid_request", "replacement_domain")
              .json()
              .path("error");
      assertThat(error.path("details").path("reason").asText()).isEqualTo(c[1]);
    }
    assertThat(db.count("SELECT COUNT(*) FROM swaps WHERE partner_id = ?", t.partner().id()))
        .isZero();
  }

  @Test
  void premium_swaps_are_microsoft_only_once_a_month_per_domain_and_within_the_tier_quota() {
    Tenant t = server.newTenant("Premium rules");
    Order google = completed(t, 2, 0, "premg");
    JsonNode error =
        t.api()
            .post(
                "/swaps",
                swap("premium", googleDomains(google).get(0), SandboxOrders.names("pg", 1).get(0)))
            .expectError(400, "invalid_request", "type")
            .json()
            .path("error");
    assertThat(error.path("details").path("reason").asText()).isEqualTo("premium_microsoft_only");

    // 10 active Microsoft inboxes on base (20 %): two premium swaps at once, not three
    Order ms = completed(t, 0, 10, "premm");
    List<String> msDomains =
        db.strings("SELECT id FROM domains WHERE order_id = ? ORDER BY id", ms.id());
    String first =
        t.api()
            .post("/swaps", swap("premium", msDomains.get(0), SandboxOrders.names("pm", 1).get(0)))
            .expect(201)
            .data()
            .path("id")
            .asText();
    t.api()
        .post("/swaps", swap("premium", msDomains.get(1), SandboxOrders.names("pm", 1).get(0)))
        .expect(201);
    JsonNode quota =
        t.api()
            .post("/swaps", swap("premium", msDomains.get(2), SandboxOrders.names("pm", 1).get(0)))
            .expectError(400, "invalid_request", "type")
            .json()
            .path("error");
    assertThat(quota.path("details").path("reason").asText()).isEqualTo("premium_quota_exceeded");
    assertThat(quota.path("details").path("tier").asText()).isEqualTo("base");

    // the first completes with its old domain still warm beside the new one
    JsonNode done = awaitSwap(t, first, "completed", "failed");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("retired_at").isNull()).isTrue();
    assertThat(done.path("retires_at").asText()).endsWith("Z");
    assertThat(
            t.api().get("/domains/" + msDomains.get(0)).expect(200).data().path("status").asText())
        .isEqualTo("active");

    // a second premium swap of the same domain within 30 days
    JsonNode cooldown =
        t.api()
            .post("/swaps", swap("premium", msDomains.get(0), SandboxOrders.names("pm", 1).get(0)))
            .expectError(400, "invalid_request", "domain_id")
            .json()
            .path("error");
    assertThat(cooldown.path("details").path("reason").asText()).isEqualTo("premium_cooldown");

    // a higher tier lets a third one in
    server
        .app()
        .partners()
        .configure(t.partner().id(), null, false, ai.peeker.partners.SwapTier.VIP);
    t.api()
        .post("/swaps", swap("premium", msDomains.get(2), SandboxOrders.names("pm", 1).get(0)))
        .expect(201);
  }

  @Test
  void a_premium_swap_retires_the_old_domain_after_its_warm_window() {
    try (TestServer own =
        TestServer.start(
            c -> c.withSandboxPremiumWarm(Duration.ofSeconds(1)), java.time.Clock.systemUTC())) {
      Tenant t = own.newTenant("Warm window");
      own.app()
          .partners()
          .configure(t.partner().id(), null, false, ai.peeker.partners.SwapTier.VIP_PLUS);
      Order order = SandboxOrders.placeCustom(own, t.sandbox(), 0, 2, "warm");
      SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(30), "completed");
      String oldId =
          new Db(own)
              .strings("SELECT id FROM domains WHERE order_id = ? ORDER BY id", order.id())
              .get(0);
      String swapId =
          t.api()
              .post("/swaps", swap("premium", oldId, SandboxOrders.names("warmnew", 1).get(0)))
              .expect(201)
              .data()
              .path("id")
              .asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  !t.api().get("/swaps/" + swapId).expect(200).data().path("retired_at").isNull());
      assertThat(t.api().get("/domains/" + oldId).expect(200).data().path("status").asText())
          .isEqualTo("retired");
      assertThat(t.api().get("/swaps/" + swapId).expect(200).data().path("status").asText())
          .isEqualTo("completed");
      JsonNode after = t.api().get("/orders/" + order.id()).expect(200).data();
      assertThat(after.path("inboxes")).hasSize(2);
      assertThat(
              new Db(own)
                  .strings(
                      "SELECT type FROM events WHERE object_id = ? ORDER BY created_at, id",
                      swapId))
          .containsExactly("swap.created", "swap.in_progress", "swap.completed");
    }
  }

  @Test
  void a_foreign_or_other_world_domain_is_not_found_and_bad_bodies_write_nothing() {
    Tenant t = server.newTenant("Swap owner");
    Order order = completed(t, 2, 0, "owner");
    String oldId = googleDomains(order).get(0);
    Tenant stranger = server.newTenant("Swap stranger");
    stranger
        .api()
        .post("/swaps", swap("standard", oldId, SandboxOrders.names("s", 1).get(0)))
        .expectError(404, "not_found", "domain_id");
    stranger
        .api()
        .post(
            "/swaps/user_names",
            Map.of("domain_id", oldId, "personas", List.of(OrderBodies.persona("A", "B"))))
        .expectError(404, "not_found", "domain_id");
    String live = t.key(Environment.LIVE, Preset.FULL);
    server
        .api()
        .as(live)
        .post("/swaps", swap("standard", oldId, SandboxOrders.names("l", 1).get(0)))
        .expectError(404, "not_found", "domain_id");
    server
        .api()
        .as(t.key(Environment.TEST, Preset.READ))
        .post("/swaps", swap("standard", oldId, SandboxOrders.names("r", 1).get(0)))
        .expectError(403, "forbidden", null);
    t.api().get("/swaps/swp_01HZX0SW1A2B3C4D5E6F7G8HJK").expectError(404, "not_found", null);
    t.api()
        .post("/swaps", swap("user_names", oldId, "x.com"))
        .expectError(400, "invalid_request", "type");
    t.api()
        .post("/swaps", swap("standard", "ord_x", "x.com"))
        .expectError(400, "invalid_request", "domain_id");
    t.api()
        .post("/swaps", Map.of("type", "standard", "domain_id", oldId))
        .expectError(400, "invalid_request", "replacement_domain");
    t.api()
        .post("/swaps/user_names", Map.of("domain_id", oldId, "personas", List.of()))
        .expectError(400, "invalid_request", "personas");

    long events = db.count("SELECT COUNT(*) FROM events WHERE partner_id = ?", t.partner().id());
    long domains = db.count("SELECT COUNT(*) FROM domains WHERE partner_id = ?", t.partner().id());
    for (String body :
        new MalformedBodies(11, List.of("type", "domain_id", "replacement_domain")).take(300)) {
      assertThat(t.api().postRaw("/swaps", body).status()).as(body).isBetween(400, 499);
    }
    for (String body :
        new MalformedBodies(12, List.of("domain_id", "personas", "users")).take(300)) {
      assertThat(t.api().postRaw("/swaps/user_names", body).status()).as(body).isBetween(400, 499);
    }
    assertThat(db.count("SELECT COUNT(*) FROM swaps WHERE partner_id = ?", t.partner().id()))
        .isZero();
    assertThat(db.count("SELECT COUNT(*) FROM swaps WHERE partner_id = ?", stranger.partner().id()))
        .isZero();
    assertThat(db.count("SELECT COUNT(*) FROM events WHERE partner_id = ?", t.partner().id()))
        .isEqualTo(events);
    assertThat(db.count("SELECT COUNT(*) FROM domains WHERE partner_id = ?", t.partner().id()))
        .isEqualTo(domains);
  }
}
