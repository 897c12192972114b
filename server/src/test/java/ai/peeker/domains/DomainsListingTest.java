package ai.peeker.domains;

import static ai.peeker.testing.JsonRows.fieldNames;
import static ai.peeker.testing.JsonRows.ids;
import static ai.peeker.testing.OrderBodies.custom;
import static ai.peeker.testing.OrderBodies.names;
import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Inventory;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DomainsListingTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void connected_domains_carry_their_order_and_inventory_domains_do_not() {
    Tenant t = server.newTenant("Domains shape");
    String spare = names("spare", 1).get(0);
    String spareId = Inventory.imported(server, t.sandbox(), spare);
    List<String> bought = names("shape", 1);
    JsonNode order = t.api().post("/orders", custom(0, 1, bought)).expect(201).data();
    awaitCompleted(t, order.path("id").asText()); // the sandbox provisions in the background

    JsonNode page = t.api().get("/domains").expect(200).json();
    assertThat(page.path("data")).hasSize(2);
    // inventory was added first, so it is the older row; created in one millisecond, the two
    // could tie, so each is picked by category
    JsonNode connected = byCategory(page.path("data"), "connected");
    assertThat(fieldNames(connected))
        .containsExactly(
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
    assertThat(connected.path("id").asText()).matches("dom_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(connected.path("domain").asText()).isEqualTo(bought.get(0));
    assertThat(connected.path("category").asText()).isEqualTo("connected");
    assertThat(connected.path("status").asText()).isEqualTo("active");
    assertThat(connected.path("provider").asText()).isEqualTo("microsoft");
    assertThat(connected.path("user_id").asText()).isEqualTo(order.path("user_id").asText());
    assertThat(connected.path("order_id").asText()).isEqualTo(order.path("id").asText());
    assertThat(connected.path("usable_for").toString()).isEqualTo("[\"google\",\"microsoft\"]");
    assertThat(connected.path("forwarding_url").asText()).isEqualTo("https://example.com");

    JsonNode inventory = byCategory(page.path("data"), "inventory");
    assertThat(fieldNames(inventory))
        .containsExactly("id", "domain", "category", "status", "usable_for", "created_at");
    assertThat(inventory.path("id").asText()).isEqualTo(spareId);
    assertThat(inventory.path("category").asText()).isEqualTo("inventory");
    assertThat(inventory.path("status").asText()).isEqualTo("available");

    assertThat(t.api().get("/domains/" + connected.path("id").asText()).expect(200).data())
        .isEqualTo(connected);
    assertThat(t.api().get("/domains/" + spareId).expect(200).data()).isEqualTo(inventory);
  }

  @Test
  void every_filter_alone_and_combined() {
    Tenant t = server.newTenant("Domains filters");
    String googleOnly = names("gonly", 1).get(0);
    String gId =
        Inventory.add(server, t.sandbox(), googleOnly, "imported", "available", true, false);
    String waiting = names("wait", 1).get(0);
    String wId =
        Inventory.add(server, t.sandbox(), waiting, "imported", "pending_nameservers", true, true);
    JsonNode ann =
        t.api()
            .post("/orders", with(custom(2, 1, names("ann", 2)), "ann@acme.com"))
            .expect(201)
            .data();
    JsonNode bob =
        t.api()
            .post("/orders", with(custom(0, 1, names("bob", 1)), "bob@acme.com"))
            .expect(201)
            .data();
    awaitCompleted(t, ann.path("id").asText());
    awaitCompleted(t, bob.path("id").asText());
    List<String> annDomains = ids(t.api(), "/domains?user_id=" + ann.path("user_id").asText());
    List<String> bobDomains = ids(t.api(), "/domains?user_id=" + bob.path("user_id").asText());
    assertThat(annDomains).hasSize(2);
    assertThat(bobDomains).hasSize(1);

    assertThat(ids(t.api(), "/domains?category=inventory")).containsExactly(wId, gId);
    assertThat(ids(t.api(), "/domains?category=connected"))
        .hasSize(3)
        .containsAll(annDomains)
        .containsAll(bobDomains);
    assertThat(ids(t.api(), "/domains?user_email=ANN@acme.com"))
        .containsExactlyElementsOf(annDomains);
    assertThat(ids(t.api(), "/domains?user_email=nobody@acme.com")).isEmpty();
    assertThat(ids(t.api(), "/domains?usable_for=microsoft")).hasSize(4).doesNotContain(gId);
    assertThat(ids(t.api(), "/domains?usable_for=google")).hasSize(5);
    assertThat(ids(t.api(), "/domains?status=pending_nameservers")).containsExactly(wId);
    assertThat(ids(t.api(), "/domains?status=active&user_email=bob@acme.com"))
        .containsExactlyElementsOf(bobDomains);
    assertThat(ids(t.api(), "/domains?category=inventory&usable_for=microsoft"))
        .containsExactly(wId);
    assertThat(ids(t.api(), "/domains?status=provisioning")).isEmpty();

    var first = t.api().get("/domains?category=connected&per_page=2").expect(200).json();
    assertThat(first.path("data")).hasSize(2);
    assertThat(first.path("links").path("first").asText())
        .isEqualTo(server.baseUrl() + "/partner/v1/domains?category=connected&per_page=2");
    String next = first.path("links").path("next").asText();
    var second = t.api().get(next).expect(200).json();
    assertThat(second.path("data")).hasSize(1);
    assertThat(second.path("links").path("next").isNull()).isTrue();
    t.api()
        .get(
            "/domains?category=inventory&page_token="
                + next.substring(next.indexOf("page_token=") + 11))
        .expectError(400, "invalid_request", "page_token");
  }

  @Test
  void bad_filters_are_400_naming_the_parameter() {
    Tenant t = server.newTenant("Domains bad filters");
    t.api().get("/domains?category=parked").expectError(400, "invalid_request", "category");
    t.api().get("/domains?usable_for=yahoo").expectError(400, "invalid_request", "usable_for");
    t.api().get("/domains?status=gone").expectError(400, "invalid_request", "status");
    t.api().get("/domains?user_id=bob").expectError(400, "invalid_request", "user_id");
    t.api().get("/domains?per_page=0").expectError(400, "invalid_request", "per_page");
    t.api().get("/domains?page_token=nope").expectError(400, "invalid_request", "page_token");
  }

  @Test
  void other_tenants_and_the_live_world_never_see_a_domain() {
    Tenant a = server.newTenant("Domains owner");
    Tenant b = server.newTenant("Domains stranger");
    a.api().post("/orders", custom(0, 1, names("mine", 1))).expect(201);
    String id = a.api().get("/domains").expect(200).data().get(0).path("id").asText();
    b.api().get("/domains/" + id).expectError(404, "not_found", null);
    assertThat(b.api().get("/domains").expect(200).data()).isEmpty();
    Api.As live = server.api().as(a.key(Environment.LIVE, Preset.READ));
    live.get("/domains/" + id).expectError(404, "not_found", null);
    assertThat(live.get("/domains").expect(200).data()).isEmpty();
    a.api().get("/domains/dom_nope").expectError(404, "not_found", null);
    a.api().get("/domains/" + id.replace("dom_", "ord_")).expectError(404, "not_found", null);
  }

  private static JsonNode byCategory(JsonNode rows, String category) {
    for (JsonNode row : rows) {
      if (row.path("category").asText().equals(category)) {
        return row;
      }
    }
    throw new AssertionError("no " + category + " row in " + rows);
  }

  private static Map<String, Object> with(Map<String, Object> body, String user) {
    body.put("user", user);
    return body;
  }

  private static void awaitCompleted(Tenant t, String orderId) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                t.api()
                    .get("/orders/" + orderId)
                    .expect(200)
                    .data()
                    .path("status")
                    .asText()
                    .equals("completed"));
  }
}
