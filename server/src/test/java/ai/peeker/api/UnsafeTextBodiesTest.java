package ai.peeker.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Json;
import ai.peeker.testing.Api;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import ai.peeker.testing.UnsafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every string of every write endpoint's body, in turn, carries a NUL, another control character or
 * bytes that are not UTF-8: each is a 400 naming that field, and nothing is written. The bodies are
 * generated from one valid body per endpoint, so a field added to a body is covered by adding it to
 * the valid body here.
 */
class UnsafeTextBodiesTest {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private record Endpoint(
      String method, String path, Map<String, Object> validBody, int validStatus) {}

  @Test
  void every_string_of_every_write_body_refuses_control_characters_and_invalid_utf8_by_name() {
    TestServer server = TestServer.shared();
    Tenant quiet = server.newTenant("Unsafe text", 100_000);
    String userId =
        quiet
            .api()
            .post("/users", OrderBodies.user("keep@acme.com"))
            .expect(201)
            .data()
            .path("id")
            .asText();
    String bundleId =
        quiet
            .api()
            .post("/bundles", OrderBodies.bundle("Keep"))
            .expect(201)
            .data()
            .path("id")
            .asText();
    // an order provisions in the background, so the one to cancel lives in a tenant of its own
    Tenant busy = server.newTenant("Unsafe cancel", 100_000);
    List<String> orderDomains = OrderBodies.names("unsafe", 1);
    String orderId =
        busy.api()
            .post("/orders", OrderBodies.custom(1, 0, orderDomains))
            .expect(201)
            .data()
            .path("id")
            .asText();

    int bundleDomains =
        quiet
            .api()
            .get("/bundles/" + bundleId)
            .expect(200)
            .data()
            .path("required_domains")
            .path("total")
            .asInt();
    Map<String, Object> order =
        OrderBodies.forBundle(bundleId, OrderBodies.names("unsafe", bundleDomains));
    order.put("personas", List.of(persona()));
    List<Endpoint> quietEndpoints =
        List.of(
            new Endpoint("POST", "/users", OrderBodies.user("new@acme.com"), 201),
            new Endpoint("PATCH", "/users/" + userId, OrderBodies.user("renamed@acme.com"), 200),
            new Endpoint("POST", "/bundles", OrderBodies.bundle("Starter"), 201),
            new Endpoint("PATCH", "/bundles/" + bundleId, OrderBodies.bundle("Renamed"), 200),
            new Endpoint("POST", "/orders", order, 201),
            new Endpoint(
                "POST",
                "/orders",
                withPersona(OrderBodies.custom(1, 1, OrderBodies.names("unsafe", 2))),
                201),
            new Endpoint(
                "POST", "/domains/availability", Map.of("domains", List.of("a.com", "b.io")), 200),
            new Endpoint(
                "POST",
                "/domains/import",
                Map.of("domains", List.of("unsafe-import.com", "unsafe-import.io")),
                200),
            new Endpoint(
                "POST",
                "/domains/import/jobs",
                Map.of("domains", List.of("unsafe-bulk.com", "unsafe-bulk.io")),
                202));
    List<Endpoint> cancelEndpoints =
        List.of(
            new Endpoint(
                "POST", "/orders/" + orderId + "/cancel", Map.of("domains", orderDomains), 200),
            new Endpoint("POST", "/orders/" + orderId + "/cancel", Map.of("scope", "order"), 200));

    // swaps need a live order: a tenant of their own
    Tenant swapping = server.newTenant("Unsafe swaps", 100_000);
    String swapOrder =
        swapping
            .api()
            .post("/orders", OrderBodies.custom(4, 0, OrderBodies.names("unsafe", 2)))
            .expect(201)
            .data()
            .path("id")
            .asText();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                swapping
                    .api()
                    .get("/orders/" + swapOrder)
                    .expect(200)
                    .data()
                    .path("status")
                    .asText()
                    .equals("completed"));
    var connected = swapping.api().get("/domains?category=connected").expect(200).data();
    String swapDomain = connected.get(0).path("id").asText();
    String namesDomain = connected.get(1).path("id").asText();
    Map<String, Object> domainSwap = new LinkedHashMap<>();
    domainSwap.put("type", "standard");
    domainSwap.put("domain_id", swapDomain);
    domainSwap.put("replacement_domain", OrderBodies.names("unsafe-swap", 1).get(0));
    List<Endpoint> swapEndpoints =
        List.of(
            new Endpoint("POST", "/swaps", domainSwap, 201),
            new Endpoint(
                "POST",
                "/swaps/user_names",
                Map.of("domain_id", namesDomain, "personas", List.of(persona())),
                201),
            new Endpoint(
                "POST",
                "/domains/forwarding",
                Map.of("domains", List.of(namesDomain), "forwarding_url", "https://acme.com/hi"),
                202));
    Supplier<Object> swapState =
        () -> List.of(counts(server, swapping), swapping.api().get("/swaps").expect(200).body());

    Supplier<Object> quietState =
        () ->
            List.of(
                counts(server, quiet),
                quiet.api().get("/users/" + userId).expect(200).body(),
                quiet.api().get("/bundles/" + bundleId).expect(200).body());
    Supplier<Object> cancelState =
        () -> busy.api().get("/orders/" + orderId).expect(200).data().path("cancels_at").isNull();

    int[] turn = {0};
    List<String> covered = new ArrayList<>();
    refuseAll(quiet.api(), quietEndpoints, quietState, turn, covered);
    refuseAll(busy.api(), cancelEndpoints, cancelState, turn, covered);
    refuseAll(swapping.api(), swapEndpoints, swapState, turn, covered);

    assertThat(covered)
        .as("the generator reaches nested objects and arrays")
        .contains(
            "POST /users first_name",
            "PATCH /users/" + userId + " sequencer.provider",
            "POST /bundles currency",
            "POST /orders sequencer.login_email",
            "POST /orders sequencer.login_password",
            "POST /orders personas[0].first_name",
            "POST /orders personas[0].profile_picture_url",
            "POST /orders domains[1]",
            "POST /orders bundle_id",
            "POST /orders/" + orderId + "/cancel domains[0]",
            "POST /domains/availability domains[1]",
            "POST /swaps replacement_domain",
            "POST /swaps/user_names personas[0].last_name",
            "POST /domains/forwarding domains[0]",
            "POST /domains/forwarding forwarding_url");
    assertThat(turn[0])
        .as("every kind of bad text was sent")
        .isGreaterThanOrEqualTo(
            Math.max(UnsafeText.CONTROLS.size(), UnsafeText.INVALID_UTF8.size()));

    // the same bodies without the bad text are accepted: the 400s were about the text alone
    for (Endpoint e : quietEndpoints) {
      quiet
          .api()
          .send(e.method(), e.path(), Json.write(e.validBody()), Map.of())
          .expect(e.validStatus());
    }
    for (Endpoint e : swapEndpoints) {
      swapping
          .api()
          .send(e.method(), e.path(), Json.write(e.validBody()), Map.of())
          .expect(e.validStatus());
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> swapping.api().get("/swaps?status=completed").expect(200).data().size() > 0);
    }
    Endpoint cancel = cancelEndpoints.get(1);
    busy.api()
        .send(cancel.method(), cancel.path(), Json.write(cancel.validBody()), Map.of())
        .expect(cancel.validStatus());
  }

  private static void refuseAll(
      Api.As api,
      List<Endpoint> endpoints,
      Supplier<Object> state,
      int[] turn,
      List<String> covered) {
    Object before = state.get();
    for (Endpoint e : endpoints) {
      List<UnsafeText.Case> cases = UnsafeText.cases(e.validBody(), turn);
      assertThat(cases).as("%s %s has text fields", e.method(), e.path()).isNotEmpty();
      for (UnsafeText.Case c : cases) {
        Api.Response r = api.sendBytes(e.method(), e.path(), c.body(), JSON);
        assertThat(r.status())
            .as("%s %s %s → %s", e.method(), e.path(), c, r.body())
            .isEqualTo(400);
        r.expectError(400, "invalid_request", c.field());
        covered.add(e.method() + " " + e.path() + " " + c.field());
      }
    }
    assertThat(state.get()).as("nothing was written").isEqualTo(before);
  }

  private static Map<String, Object> persona() {
    Map<String, Object> p = OrderBodies.persona("Sam", "Lee");
    p.put("profile_picture_url", "https://cdn.acme.com/sam.jpg");
    return p;
  }

  private static Map<String, Object> withPersona(Map<String, Object> body) {
    body.put("personas", List.of(persona()));
    return body;
  }

  private static Map<String, Long> counts(TestServer server, Tenant t) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table :
        List.of(
            "users",
            "bundles",
            "orders",
            "order_requests",
            "domains",
            "events",
            "domain_imports",
            "domain_import_rows",
            "swaps",
            "forwarding_jobs",
            "forwarding_job_rows")) {
      counts.put(
          table,
          server
              .app()
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE partner_id = :p")
                          .bind("p", t.partner().id())
                          .mapTo(Long.class)
                          .one()));
    }
    return counts;
  }
}
