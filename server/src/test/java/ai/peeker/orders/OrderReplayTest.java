package ai.peeker.orders;

import static ai.peeker.testing.OrderBodies.custom;
import static ai.peeker.testing.OrderBodies.names;
import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Json;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Concurrently;
import ai.peeker.testing.SettableClock;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 24-hour rule: an identical body returns the original order, never a second one. */
class OrderReplayTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void an_identical_body_in_another_key_order_and_spacing_returns_the_original_order()
      throws Exception {
    Tenant t = server.newTenant("Replay");
    Map<String, Object> body = custom(2, 1, names("rep", 2));
    Api.Response first = t.api().post("/orders", body).expect(201);

    Map<String, Object> reordered = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(body.keySet());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reordered.put(k, body.get(k)));
    String spaced = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reordered);
    Api.Response again = t.api().postRaw("/orders", spaced).expect(201);
    assertThat(sameOrder(again.data())).isEqualTo(sameOrder(first.data()));
    Api.Response viaV1Path = t.api().post("/api/partner/v1/orders", body).expect(201);
    assertThat(sameOrder(viaV1Path.data())).isEqualTo(sameOrder(first.data()));

    assertThat(t.api().get("/orders").expect(200).data()).hasSize(1);
    assertThat(eventsOf(first.data().path("id").asText())).isEqualTo(1);
  }

  @Test
  void any_difference_in_the_body_or_the_tenant_is_a_new_request() {
    Tenant t = server.newTenant("Replay differences");
    List<String> domains = names("diff", 1);
    Map<String, Object> body = custom(0, 1, domains);
    String id = t.api().post("/orders", body).expect(201).data().path("id").asText();
    Map<String, Object> otherPersona = custom(0, 1, domains);
    otherPersona.put(
        "personas",
        List.of(Map.of("first_name", "Other", "last_name", "Person", "profile_picture_url", "")));
    t.api().post("/orders", otherPersona).expectError(400, "invalid_request", "domains");

    Tenant other = server.newTenant("Replay other partner");
    String theirs = other.api().post("/orders", body).expect(201).data().path("id").asText();
    assertThat(theirs).isNotEqualTo(id);
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    String liveId = live.post("/orders", body).expect(201).data().path("id").asText();
    assertThat(liveId).isNotEqualTo(id);
    assertThat(t.api().get("/orders").expect(200).data()).hasSize(1);
  }

  @Test
  void a_refused_body_is_not_remembered() {
    Tenant t = server.newTenant("Replay refused");
    Map<String, Object> body = custom(0, 1, List.of("taken-replay.com"));
    t.api().post("/orders", body).expectError(400, "invalid_request", "domains");
    t.api().post("/orders", body).expectError(400, "invalid_request", "domains");
    assertThat(
            count(
                "SELECT COUNT(*) FROM order_requests WHERE partner_id = '"
                    + t.partner().id()
                    + "'"))
        .isZero();
  }

  @Test
  void ten_identical_concurrent_requests_create_exactly_one_order() throws Exception {
    Tenant t = server.newTenant("Replay race", 100_000);
    for (int round = 0; round < 3; round++) {
      Map<String, Object> body = custom(4, 2, names("race", 4));
      body.put("user", "race-" + round + "@acme.com");
      List<String> ids = new ArrayList<>();
      for (Api.Response r : Concurrently.run(10, i -> t.api().post("/orders", body))) {
        ids.add(r.expect(201).data().path("id").asText());
      }
      assertThat(ids).as("round %d", round).hasSize(10).containsOnly(ids.get(0));
      assertThat(eventsOf(ids.get(0))).isEqualTo(1);
    }
    assertThat(t.api().get("/orders").expect(200).data()).hasSize(3);
    assertThat(t.api().get("/users").expect(200).data()).hasSize(3);
    assertThat(t.api().get("/domains?per_page=100").expect(200).data()).hasSize(12);
  }

  @Test
  void the_rule_holds_for_24_hours_and_then_the_body_is_a_new_request() {
    SettableClock clock = SettableClock.startingNow();
    try (TestServer own = TestServer.start(UnaryOperator.identity(), clock)) {
      Tenant t = own.newTenant("Replay window");
      Map<String, Object> body = custom(0, 1, names("window", 1));
      String id = t.api().post("/orders", body).expect(201).data().path("id").asText();
      clock.advance(Duration.ofHours(24).minusSeconds(1));
      assertThat(t.api().post("/orders", body).expect(201).data().path("id").asText())
          .isEqualTo(id);
      clock.advance(Duration.ofSeconds(2));
      // no longer a replay: placed afresh, it finds its domain already on the first order
      JsonNode error =
          t.api().post("/orders", body).expectError(400, "invalid_request", "domains").json();
      assertThat(error.path("error").path("details").path("reason").asText())
          .isEqualTo("already_connected");
    }
  }

  @Test
  void only_a_keyed_hash_of_the_body_is_kept() throws Exception {
    Tenant t = server.newTenant("Replay hash");
    Map<String, Object> body = custom(0, 1, names("hash", 1));
    t.api().post("/orders", body).expect(201);
    String stored =
        server
            .app()
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT body_hash FROM order_requests WHERE partner_id = :p")
                        .bind("p", t.partner().id())
                        .mapTo(String.class)
                        .one());
    String canonical = Json.canonical(Json.MAPPER.valueToTree(body));
    String plainSha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    assertThat(stored).matches("[0-9a-f]{64}").isNotEqualTo(plainSha);
  }

  /** Events announcing the order (later ones come from provisioning, which may be quick). */
  private static long eventsOf(String orderId) {
    return count(
        "SELECT COUNT(*) FROM events WHERE type = 'order.in_progress' AND object_id = '"
            + orderId
            + "'");
  }

  private static long count(String sql) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** What identifies an order and its charge; its status may move on between two replies. */
  private static List<Object> sameOrder(JsonNode order) {
    return List.of(
        order.path("id").asText(),
        order.path("created_at").asText(),
        order.path("costs"),
        order.path("domains"));
  }
}
