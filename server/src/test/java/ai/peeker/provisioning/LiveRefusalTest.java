package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.provisioning.live.LiveSettings;
import ai.peeker.testing.Api;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server without live credentials refuses live work up front; the sandbox is unaffected. */
class LiveRefusalTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> c.withLive(LiveSettings.none()), Clock.systemUTC());
    db = new Db(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void live_availability_without_a_registrar_answers_503_naming_the_settings() {
    Tenant t = server.newTenant("No registrar");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    JsonNode error =
        live.post("/domains/availability", Map.of("domains", List.of("acme-mail.com")))
            .expectError(503, "service_unavailable", null)
            .json()
            .path("error");
    assertThat(error.path("message").asText())
        .contains("namecom")
        .contains("PEEKER_NAMECOM_USERNAME")
        .contains("PEEKER_NAMECOM_TOKEN");
    assertThat(error.path("details").path("missing_providers").toString())
        .isEqualTo("[\"namecom\"]");
    assertThat(db.count("SELECT COUNT(*) FROM domain_quotes WHERE environment = 'live'")).isZero();

    t.api().post("/domains/availability", Map.of("domains", List.of("acme-mail.com"))).expect(200);
  }

  @Test
  void a_live_order_without_providers_answers_503_and_writes_nothing() {
    Tenant t = server.newTenant("No providers");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    Map<String, Object> body = OrderBodies.custom(2, 1, OrderBodies.names("refused", 2));
    JsonNode error =
        live.post("/orders", body).expectError(503, "service_unavailable", null).json();
    String message = error.path("error").path("message").asText();
    assertThat(message)
        .contains("PEEKER_NAMECOM_TOKEN")
        .contains("PEEKER_CLOUDFLARE_API_TOKEN")
        .contains("PEEKER_GOOGLE_CREDENTIALS")
        .contains("PEEKER_MICROSOFT_CLIENT_SECRET")
        .contains("PEEKER_SMARTLEAD_API_KEY");
    String partner = t.partner().id();
    assertThat(db.count("SELECT COUNT(*) FROM orders WHERE partner_id = ?", partner)).isZero();
    assertThat(db.count("SELECT COUNT(*) FROM order_requests WHERE partner_id = ?", partner))
        .isZero();
    assertThat(db.count("SELECT COUNT(*) FROM users WHERE partner_id = ?", partner)).isZero();
    assertThat(db.count("SELECT COUNT(*) FROM domains WHERE partner_id = ?", partner)).isZero();
    assertThat(db.count("SELECT COUNT(*) FROM events WHERE partner_id = ?", partner)).isZero();

    t.api().post("/orders", body).expect(201);
  }

  @Test
  void a_live_import_without_a_dns_host_answers_503_and_writes_nothing() {
    Tenant t = server.newTenant("No DNS host");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    List<String> names = OrderBodies.names("imp", 1);
    for (String path : List.of("/domains/import", "/domains/import/jobs")) {
      assertThat(
              live.post(path, Map.of("domains", names))
                  .expectError(503, "service_unavailable", null)
                  .json()
                  .path("error")
                  .path("message")
                  .asText())
          .contains("PEEKER_CLOUDFLARE_API_TOKEN");
    }
    assertThat(db.count("SELECT COUNT(*) FROM domains WHERE partner_id = ?", t.partner().id()))
        .isZero();
    t.api().post("/domains/import", Map.of("domains", names)).expect(200);
  }

  @Test
  void live_swaps_without_providers_answer_503() {
    Tenant t = server.newTenant("No swap providers");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    String domainId = "dom_01HZX0D01A2B3C4D5E6F7G8HJK";
    live.post(
            "/swaps",
            Map.of(
                "type",
                "standard",
                "domain_id",
                domainId,
                "replacement_domain",
                OrderBodies.names("swap", 1).get(0)))
        .expectError(503, "service_unavailable", null);
    live.post(
            "/swaps/user_names",
            Map.of("domain_id", domainId, "personas", List.of(OrderBodies.persona("Sam", "Lee"))))
        .expectError(503, "service_unavailable", null);
    assertThat(db.count("SELECT COUNT(*) FROM swaps WHERE partner_id = ?", t.partner().id()))
        .isZero();
  }
}
