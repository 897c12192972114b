package ai.peeker.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.util.Map;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpEdgeTest {
  static TestServer server;
  static Tenant acme;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    acme = server.newTenant("Acme Resellers");
  }

  @Test
  void me_names_the_key_and_partner_on_both_base_paths() {
    for (String base : new String[] {"/partner/v1", "/api/partner/v1"}) {
      var me = acme.api().get(base + "/me").expect(200);
      assertThat(me.data().path("api_key").path("environment").asText()).isEqualTo("test");
      assertThat(me.data().path("api_key").path("permission_preset").asText()).isEqualTo("full");
      assertThat(me.data().path("partner").path("id").asText()).isEqualTo(acme.partner().id());
      assertThat(me.data().path("partner").path("name").asText()).isEqualTo("Acme Resellers");
      assertThat(me.header("Peeker-Request-Id")).matches("req_[0-9A-HJKMNP-TV-Z]{26}");
    }
  }

  /**
   * Jetty would otherwise keep a 96 KB cache of each keep-alive connection's repeated headers for
   * as long as it stays open (bench/connections/run.sh: the demo's heap ran out at about 1,000).
   */
  @Test
  void the_served_connector_keeps_no_header_cache_per_connection() {
    var http =
        server
            .app()
            .jetty()
            .getConnectors()[0]
            .getConnectionFactory(HttpConnectionFactory.class)
            .getHttpConfiguration();
    assertThat(http.getHeaderCacheSize()).isZero();
    acme.api().get("/partner/v1/me").expect(200); // and that connector is the one answering
  }

  @Test
  void a_live_key_reports_the_live_environment_and_its_preset() {
    String live = acme.key(Environment.LIVE, Preset.READ);
    var me = server.api().as(live).get("/me").expect(200);
    assertThat(me.data().path("api_key").path("environment").asText()).isEqualTo("live");
    assertThat(me.data().path("api_key").path("permission_preset").asText()).isEqualTo("read");
  }

  @Test
  void missing_wrong_scheme_malformed_unknown_and_revoked_keys_are_401() {
    server.api().anonymous().get("/me").expectError(401, "unauthorized", null);
    server
        .api()
        .anonymous()
        .send("GET", "/me", null, Map.of("Authorization", "Basic " + acme.testKey()))
        .expectError(401, "unauthorized", null);
    server
        .api()
        .anonymous()
        .send("GET", "/me", null, Map.of("Authorization", "Token " + acme.testKey()))
        .expectError(401, "unauthorized", null);
    server.api().as("pk_test_nope").get("/me").expectError(401, "unauthorized", null);
    String lookalike = acme.testKey().substring(0, acme.testKey().length() - 1) + "0";
    if (!lookalike.equals(acme.testKey())) {
      server.api().as(lookalike).get("/me").expectError(401, "unauthorized", null);
    }
    var issued = acme.issue(Environment.TEST, Preset.FULL);
    server.api().as(issued.secret()).get("/me").expect(200);
    assertThat(server.app().partners().revokeKey(issued.key().id())).isTrue();
    server.api().as(issued.secret()).get("/me").expectError(401, "unauthorized", null);
  }

  @Test
  void a_key_revoked_by_another_node_is_refused_within_the_key_cache_time()
      throws InterruptedException {
    var issued = acme.issue(Environment.TEST, Preset.FULL);
    server.api().as(issued.secret()).get("/me").expect(200);
    // what another node (or the CLI) does: the row changes, this server is not told
    server.execute(
        "UPDATE api_keys SET revoked_at = CURRENT_TIMESTAMP WHERE id = ?", issued.key().id());
    // the server may answer from the key it holds until the cache time has passed, no longer
    Thread.sleep(Partners.KEY_CACHE_TIME);
    server.api().as(issued.secret()).get("/me").expectError(401, "unauthorized", null);
  }

  @Test
  void unknown_routes_are_404_and_wrong_methods_405_in_the_envelope() {
    acme.api().get("/nothing-here").expectError(404, "not_found", null);
    acme.api().send("PUT", "/me", "{}", Map.of()).expectError(405, "method_not_allowed", null);
    var outside = acme.api().get("/api/partner/v2/orders");
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.json().path("error").path("code").asText()).isEqualTo("not_found");
    assertThat(outside.header("Peeker-Request-Id")).startsWith("req_");
  }

  @Test
  void a_body_over_one_mebibyte_is_413_in_the_envelope_even_without_a_length() {
    String huge = "{\"email\":\"" + "a".repeat(1 << 20) + "\"}";
    acme.api().postRaw("/users", huge).expectError(413, "payload_too_large", null);
    acme.api()
        .postChunked("/users", huge.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .expectError(413, "payload_too_large", null);
  }

  @Test
  void malformed_json_and_non_objects_are_400_without_a_field() {
    acme.api().postRaw("/users", "{\"email\": ").expectError(400, "invalid_request", null);
    acme.api().postRaw("/users", "[1,2]").expectError(400, "invalid_request", null);
    acme.api().postRaw("/users", "\"text\"").expectError(400, "invalid_request", null);
    acme.api()
        .postRaw("/users", "{\"email\":\"a@b.co\",\"email\":\"c@d.co\",\"sequencer\":null}")
        .expectError(400, "invalid_request", null);
    acme.api().postRaw("/users", "").expectError(400, "invalid_request", null);
    acme.api().postRaw("/users", "{} {}").expectError(400, "invalid_request", null);
    var deep = "[".repeat(5000) + "]".repeat(5000);
    acme.api().postRaw("/users", deep).expectError(400, "invalid_request", null);
  }

  @Test
  void every_response_carries_rate_limit_headers() {
    var me = acme.api().get("/me").expect(200);
    assertThat(me.header("RateLimit-Limit")).isEqualTo("600");
    assertThat(Integer.parseInt(me.header("RateLimit-Remaining"))).isBetween(0, 599);
    assertThat(Integer.parseInt(me.header("RateLimit-Reset"))).isBetween(1, 60);
  }

  @Test
  void operator_endpoints_answer_without_a_key() {
    server.api().anonymous().get("/healthz").expect(200);
    server.api().anonymous().get("/readyz").expect(200);
    assertThat(server.api().anonymous().get("/metrics").expect(200).body())
        .contains("peeker_http_requests");
    assertThat(server.api().anonymous().get("/openapi.yaml").expect(200).body())
        .startsWith("openapi: 3.0.3");
    assertThat(server.api().anonymous().get("/docs").expect(200).body()).contains("swagger-ui");
  }

  @Test
  void a_request_jetty_refuses_before_routing_still_gets_the_envelope() throws Exception {
    try (var socket = new java.net.Socket("localhost", server.app().port())) {
      socket.setSoTimeout(5000);
      var out = socket.getOutputStream();
      out.write(
          """
              POST /partner/v1/users HTTP/1.1\r
              Host: localhost\r
              Content-Length: 5\r
              Transfer-Encoding: chunked\r
              Connection: close\r
              \r
              0\r
              \r
              """
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).contains("Peeker-Request-Id: req_");
      assertThat(answer).contains("{\"error\":{\"code\":\"invalid_request\"");
    }
  }
}
