package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.common.Json;
import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.SettableClock;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The details of the docs a client codes against: event payloads, cancel shape, defaults, renewal.
 */
class DocDetailsTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    db = new Db(server);
  }

  @Test
  void an_order_action_required_event_carries_the_open_actions_as_the_pending_list_shows_them()
      throws Exception {
    Tenant t = server.newTenant("Action payload");
    Map<String, Object> body = OrderBodies.custom(4, 0, OrderBodies.names("payload", 2));
    Map<String, Object> sam = OrderBodies.persona("Sam", "Lee");
    sam.put("profile_picture_url", "http://localhost/sam.png");
    body.put("personas", List.of(sam));
    String orderId = t.api().post("/orders", body).expect(201).data().path("id").asText();
    SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(15), "action_required");

    JsonNode pending = t.api().get("/orders/pending?order_id=" + orderId).expect(200).data();
    assertThat(pending).isNotEmpty();
    List<String> payloads =
        db.strings(
            "SELECT payload FROM events WHERE object_id = ? AND type = 'order.action_required'",
            orderId);
    assertThat(payloads).hasSize(1);
    JsonNode data = Json.MAPPER.readTree(payloads.get(0)).path("data");
    assertThat(data.path("id").asText()).isEqualTo(orderId);
    assertThat(data.path("status").asText()).isEqualTo("action_required");
    assertThat(data.path("costs").path("line_items")).isNotEmpty();
    JsonNode actions = data.path("pending_actions");
    // the event was written when the first domain parked: its actions, in the list's shape
    assertThat(actions).isNotEmpty();
    for (JsonNode action : actions) {
      JsonNode listed = null;
      for (JsonNode row : pending) {
        if (row.path("id").asText().equals(action.path("id").asText())) {
          listed = row;
        }
      }
      assertThat(listed).as("action %s is listed", action.path("id")).isNotNull();
      assertThat(action).isEqualTo(listed);
    }
  }

  @Test
  void a_cancel_answers_the_full_order_with_the_cancellation_fields_and_the_cancelled_domains() {
    Tenant t = server.newTenant("Cancel union");
    Order order = SandboxOrders.placeCustom(server, t.sandbox(), 4, 0, "union");
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(20), "completed");
    String first =
        db.strings("SELECT id FROM domains WHERE order_id = ? ORDER BY id", order.id()).get(0);

    JsonNode some =
        t.api()
            .post("/orders/" + order.id() + "/cancel", Map.of("domains", List.of(first)))
            .expect(200)
            .data();
    assertThat(some.path("status").asText()).isEqualTo("completed");
    assertThat(some.path("cancellation_scheduled_at").asText()).endsWith("Z");
    assertThat(some.path("cancels_at").asText()).endsWith("Z");
    assertThat(some.path("domains")).hasSize(1);
    assertThat(some.path("domains").get(0).path("id").asText()).isEqualTo(first);
    assertThat(some.path("google_licenses").asInt()).isEqualTo(2);
    assertThat(some.path("costs").path("line_items")).isNotEmpty();
    assertThat(some.path("users").get(0).path("first_name").asText()).isEqualTo("Sam");
    assertThat(some.path("inboxes")).hasSize(4);

    JsonNode whole = t.api().post("/orders/" + order.id() + "/cancel", null).expect(200).data();
    assertThat(whole.path("status").asText()).isEqualTo("cancel_scheduled");
    assertThat(whole.path("domains")).hasSize(1);
    assertThat(whole.path("costs").path("total_cents").asLong())
        .isEqualTo(some.path("costs").path("total_cents").asLong());
    assertThat(whole.path("email").asText()).isEqualTo("union@acme.com");
  }

  @Test
  void a_null_or_empty_client_id_takes_the_partners_default_sequencer_client() {
    Tenant t = server.newTenant("Default client");
    Map<String, Object> nullClient = new HashMap<>();
    nullClient.put("provider", "smartlead");
    nullClient.put("client_id", null);
    t.api()
        .post("/users", Map.of("email", "a@acme.com", "sequencer", nullClient))
        .expectError(400, "invalid_request", "sequencer.client_id");
    Map<String, Object> order = OrderBodies.custom(2, 0, OrderBodies.names("dflt", 1));
    order.put("user", "orderer@acme.com");
    @SuppressWarnings("unchecked")
    Map<String, Object> sequencer = (Map<String, Object>) order.get("sequencer");
    sequencer.put("client_id", "");
    t.api().post("/orders", order).expectError(400, "invalid_request", "sequencer.client_id");
    assertThat(db.count("SELECT COUNT(*) FROM users WHERE partner_id = ?", t.partner().id()))
        .isZero();

    server.app().partners().configure(t.partner().id(), 4242L, false, null);
    JsonNode user =
        t.api()
            .post("/users", Map.of("email", "a@acme.com", "sequencer", nullClient))
            .expect(201)
            .data();
    assertThat(user.path("sequencer").path("client_id").asLong()).isEqualTo(4242);
    JsonNode empty =
        t.api()
            .post(
                "/users",
                Map.of(
                    "email",
                    "b@acme.com",
                    "sequencer",
                    Map.of("provider", "smartlead", "client_id", "")))
            .expect(201)
            .data();
    assertThat(empty.path("sequencer").path("client_id").asLong()).isEqualTo(4242);
    String orderId = t.api().post("/orders", order).expect(201).data().path("id").asText();
    assertThat(db.count("SELECT sequencer_client_id FROM orders WHERE id = ?", orderId))
        .isEqualTo(4242);
    JsonNode orderer = t.api().get("/users?email=orderer@acme.com").expect(200).data().get(0);
    assertThat(orderer.path("sequencer").path("client_id").asLong()).isEqualTo(4242);
    t.api()
        .post(
            "/users",
            Map.of(
                "email",
                "c@acme.com",
                "sequencer",
                Map.of("provider", "smartlead", "client_id", 0)))
        .expectError(400, "invalid_request", "sequencer.client_id");
  }

  @Test
  void renews_at_moves_on_each_month_and_a_live_cancel_is_never_in_the_past() {
    SettableClock clock = SettableClock.startingNow();
    try (TestServer own = TestServer.start(UnaryOperator.identity(), clock)) {
      Tenant t = own.newTenant("Renewals");
      Order order = SandboxOrders.placeCustom(own, t.sandbox(), 2, 0, "renew");
      SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(20), "completed");
      Instant created = order.createdAt();
      Instant month1 = created.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
      Instant month2 = created.atOffset(ZoneOffset.UTC).plusMonths(2).toInstant();
      assertThat(order.renewsAt()).isEqualTo(month1);

      clock.advance(Duration.ofDays(32));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  Instant.parse(
                          t.api()
                              .get("/orders/" + order.id())
                              .expect(200)
                              .data()
                              .path("renews_at")
                              .asText())
                      .equals(month2.truncatedTo(ChronoUnit.SECONDS)));

      // a live cancel 40 days in ends with the period running then (created + 2 months), whether
      // or not the renewal has moved renews_at yet: never at a renews_at in the past
      String live = t.key(Environment.LIVE, Preset.FULL);
      Order liveOrder =
          SandboxOrders.place(
              own,
              t.live(),
              SandboxOrders.custom(
                  "live@acme.com",
                  0,
                  1,
                  SandboxOrders.names("liverenew", 1),
                  List.of(SandboxOrders.sam())));
      clock.advance(Duration.ofDays(40));
      JsonNode cancel =
          own.api().as(live).post("/orders/" + liveOrder.id() + "/cancel", null).expect(200).data();
      Instant cancelsAt = Instant.parse(cancel.path("cancels_at").asText());
      assertThat(cancelsAt)
          .isAfter(clock.instant())
          .isEqualTo(
              liveOrder
                  .createdAt()
                  .atOffset(ZoneOffset.UTC)
                  .plusMonths(2)
                  .toInstant()
                  .truncatedTo(ChronoUnit.SECONDS));
    }
  }
}
