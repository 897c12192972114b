package ai.peeker.bundles;

import static ai.peeker.testing.JsonRows.ids;
import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BundlesApiTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void the_docs_25k_example_at_the_recommended_split_needs_15_google_and_4_microsoft_domains() {
    Tenant t = server.newTenant("Bundle docs 25k");
    JsonNode bundle =
        t.api()
            .post(
                "/bundles",
                Map.of("name", "Starter — 25k emails/month", "monthly_sending_volume", 25000))
            .expect(201)
            .data();
    assertThat(bundle.path("id").asText()).matches("bun_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(bundle.path("name").asText()).isEqualTo("Starter — 25k emails/month");
    assertThat(bundle.path("google_percent").isNull()).isTrue();
    assertThat(bundle.path("microsoft_percent").isNull()).isTrue();
    assertThat(bundle.path("send_on_weekends").asBoolean()).isFalse();
    assertThat(bundle.path("google_inboxes_per_domain").asInt()).isEqualTo(2);
    assertThat(bundle.path("customer_price_cents").isNull()).isTrue();
    assertThat(bundle.path("currency").isNull()).isTrue();
    assertThat(bundle.path("status").asText()).isEqualTo("active");
    assertThat(bundle.path("effective").path("google_percent").asInt()).isEqualTo(50);
    assertThat(bundle.path("effective").path("microsoft_percent").asInt()).isEqualTo(50);
    assertThat(bundle.path("required_domains").path("google").asInt()).isEqualTo(15);
    assertThat(bundle.path("required_domains").path("microsoft").asInt()).isEqualTo(4);
    assertThat(bundle.path("required_domains").path("total").asInt()).isEqualTo(19);
    assertThat(t.api().get("/bundles/" + bundle.path("id").asText()).expect(200).data())
        .isEqualTo(bundle);
  }

  @Test
  void the_docs_100k_example_at_70_30_needs_80_google_and_10_microsoft_domains_with_v1_price() {
    Tenant t = server.newTenant("Bundle docs 100k");
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Growth — 100k emails/month");
    body.put("monthly_sending_volume", 100000);
    body.put("google_percent", 70);
    body.put("microsoft_percent", 30);
    body.put("send_on_weekends", false);
    body.put("google_inboxes_per_domain", 2);
    body.put("customer_price_cents", 49900);
    body.put("currency", "USD");
    JsonNode bundle = t.api().post("/bundles", body).expect(201).data();
    assertThat(bundle.path("required_domains").path("google").asInt()).isEqualTo(80);
    assertThat(bundle.path("required_domains").path("microsoft").asInt()).isEqualTo(10);
    assertThat(bundle.path("required_domains").path("total").asInt()).isEqualTo(90);
    assertThat(bundle.path("effective").path("google_percent").asInt()).isEqualTo(70);
    assertThat(bundle.path("customer_price_cents").asLong()).isEqualTo(49900);
    assertThat(bundle.path("currency").asText()).isEqualTo("usd");
  }

  @Test
  void patching_recomputes_sizing_and_both_percents_null_return_to_the_recommended_split() {
    Tenant t = server.newTenant("Bundle patch");
    String id = create(t, "Patchable", 25000);
    JsonNode split =
        t.api()
            .patch("/bundles/" + id, Map.of("google_percent", 70, "microsoft_percent", 30))
            .expect(200)
            .data();
    assertThat(split.path("google_percent").asInt()).isEqualTo(70);
    assertThat(split.path("required_domains").path("google").asInt()).isEqualTo(20);
    assertThat(split.path("required_domains").path("microsoft").asInt()).isEqualTo(3);

    Map<String, Object> back = new HashMap<>();
    back.put("google_percent", null);
    back.put("microsoft_percent", null);
    JsonNode recommended = t.api().patch("/bundles/" + id, back).expect(200).data();
    assertThat(recommended.path("google_percent").isNull()).isTrue();
    assertThat(recommended.path("microsoft_percent").isNull()).isTrue();
    assertThat(recommended.path("effective").path("google_percent").asInt()).isEqualTo(50);
    assertThat(recommended.path("required_domains").path("total").asInt()).isEqualTo(19);

    JsonNode weekends =
        t.api()
            .patch(
                "/bundles/" + id,
                Map.of("send_on_weekends", true, "google_inboxes_per_domain", 3, "name", "Renamed"))
            .expect(200)
            .data();
    assertThat(weekends.path("name").asText()).isEqualTo("Renamed");
    // 25,000 × 50% / 30 days / (20 × 3) → 7; 25,000 × 50% / 30 / 150 → 3
    assertThat(weekends.path("required_domains").path("google").asInt()).isEqualTo(7);
    assertThat(weekends.path("required_domains").path("microsoft").asInt()).isEqualTo(3);
    assertThat(t.api().get("/bundles/" + id).expect(200).data()).isEqualTo(weekends);
  }

  @Test
  void naming_one_percent_moves_the_other_so_the_split_adds_up() {
    Tenant t = server.newTenant("Bundle one side");
    String id = create(t, "One side", 25000);
    JsonNode b = t.api().patch("/bundles/" + id, Map.of("microsoft_percent", 0)).expect(200).data();
    assertThat(b.path("google_percent").asInt()).isEqualTo(100);
    assertThat(b.path("required_domains").path("microsoft").asInt()).isZero();
  }

  @Test
  void deleting_an_unused_bundle_removes_it_and_a_used_one_is_archived_and_refused_on_orders() {
    Tenant t = server.newTenant("Bundle delete");
    String unused = create(t, "Unused", 2000);
    JsonNode deleted = t.api().delete("/bundles/" + unused).expect(200).data();
    assertThat(deleted.path("id").asText()).isEqualTo(unused);
    assertThat(deleted.path("status").asText()).isEqualTo("deleted");
    assertThat(deleted.size()).isEqualTo(2);
    t.api().get("/bundles/" + unused).expectError(404, "not_found", null);
    t.api().delete("/bundles/" + unused).expectError(404, "not_found", null);

    String used = create(t, "Used", 2000);
    JsonNode bundle = t.api().get("/bundles/" + used).expect(200).data();
    int domains = bundle.path("required_domains").path("total").asInt();
    t.api()
        .post("/orders", OrderBodies.forBundle(used, OrderBodies.names("bdel", domains)))
        .expect(201);
    JsonNode archived = t.api().delete("/bundles/" + used).expect(200).data();
    assertThat(archived.path("status").asText()).isEqualTo("archived");
    assertThat(archived.path("required_domains")).isEqualTo(bundle.path("required_domains"));
    assertThat(t.api().get("/bundles/" + used).expect(200).data().path("status").asText())
        .isEqualTo("archived");

    t.api()
        .post("/orders", OrderBodies.forBundle(used, OrderBodies.names("bdel2", domains)))
        .expectError(400, "invalid_request", "bundle_id");
  }

  @Test
  void listing_filters_by_status_and_pages_newest_first() {
    Tenant t = server.newTenant("Bundle list");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, create(t, "B" + i, 1000 + i));
    }
    String archived = created.get(4);
    int needed =
        t.api()
            .get("/bundles/" + archived)
            .expect(200)
            .data()
            .path("required_domains")
            .path("total")
            .asInt();
    t.api()
        .post("/orders", OrderBodies.forBundle(archived, OrderBodies.names("blist", needed)))
        .expect(201);
    t.api().delete("/bundles/" + archived).expect(200);

    List<String> walked = new ArrayList<>();
    String next = "/bundles?per_page=2";
    while (next != null) {
      var page = t.api().get(next).expect(200);
      page.data().forEach(b -> walked.add(b.path("id").asText()));
      JsonNode link = page.json().path("links").path("next");
      next = link.isNull() ? null : link.asText();
    }
    assertThat(walked).containsExactlyElementsOf(created);
    assertThat(ids(t.api(), "/bundles?status=archived")).containsExactly(archived);
    assertThat(ids(t.api(), "/bundles?status=active"))
        .containsExactlyElementsOf(created.subList(0, 4));
    t.api().get("/bundles?status=deleted").expectError(400, "invalid_request", "status");
  }

  @Test
  void bad_bundle_bodies_are_400_naming_the_field() {
    Tenant t = server.newTenant("Bundle bad bodies");
    t.api()
        .post("/bundles", Map.of("monthly_sending_volume", 1000))
        .expectError(400, "invalid_request", "name");
    t.api()
        .post("/bundles", Map.of("name", "x"))
        .expectError(400, "invalid_request", "monthly_sending_volume");
    t.api()
        .post("/bundles", Map.of("name", "x", "monthly_sending_volume", 0))
        .expectError(400, "invalid_request", "monthly_sending_volume");
    t.api()
        .post("/bundles", Map.of("name", "x", "monthly_sending_volume", "1000"))
        .expectError(400, "invalid_request", "monthly_sending_volume");
    t.api()
        .post("/bundles", Map.of("name", "x", "monthly_sending_volume", 1.5))
        .expectError(400, "invalid_request", "monthly_sending_volume");
    t.api()
        .post("/bundles", Map.of("name", "x", "monthly_sending_volume", Long.MAX_VALUE))
        .expectError(400, "invalid_request", "monthly_sending_volume");
    t.api()
        .post("/bundles", Map.of("name", "x", "monthly_sending_volume", 1000, "google_percent", 60))
        .expectError(400, "invalid_request", "microsoft_percent");
    t.api()
        .post(
            "/bundles",
            Map.of(
                "name",
                "x",
                "monthly_sending_volume",
                1000,
                "google_percent",
                60,
                "microsoft_percent",
                30))
        .expectError(400, "invalid_request", "google_percent");
    t.api()
        .post(
            "/bundles",
            Map.of(
                "name",
                "x",
                "monthly_sending_volume",
                1000,
                "google_percent",
                101,
                "microsoft_percent",
                -1))
        .expectError(400, "invalid_request", "google_percent");
    t.api()
        .post(
            "/bundles",
            Map.of("name", "x", "monthly_sending_volume", 1000, "google_inboxes_per_domain", 4))
        .expectError(400, "invalid_request", "google_inboxes_per_domain");
    t.api()
        .post(
            "/bundles",
            Map.of("name", "x", "monthly_sending_volume", 1000, "send_on_weekends", "yes"))
        .expectError(400, "invalid_request", "send_on_weekends");
    t.api()
        .post(
            "/bundles", Map.of("name", "x", "monthly_sending_volume", 1000, "currency", "dollars"))
        .expectError(400, "invalid_request", "currency");
    t.api()
        .post(
            "/bundles",
            Map.of("name", "x", "monthly_sending_volume", 1000, "customer_price_cents", -5))
        .expectError(400, "invalid_request", "customer_price_cents");
    t.api()
        .post("/bundles", Map.of("name", "x", "monthly_sending_volume", 1000, "coupon", "FREE"))
        .expectError(400, "invalid_request", "coupon");
    t.api()
        .post("/bundles", Map.of("name", "x".repeat(201), "monthly_sending_volume", 1000))
        .expectError(400, "invalid_request", "name");
    t.api().postRaw("/bundles", "{\"name\":").expectError(400, "invalid_request", null);

    String id = create(t, "Patch target", 1000);
    Map<String, Object> nullName = new HashMap<>();
    nullName.put("name", null);
    t.api().patch("/bundles/" + id, nullName).expectError(400, "invalid_request", "name");
    Map<String, Object> nullVolume = new HashMap<>();
    nullVolume.put("monthly_sending_volume", null);
    t.api()
        .patch("/bundles/" + id, nullVolume)
        .expectError(400, "invalid_request", "monthly_sending_volume");
    t.api()
        .patch("/bundles/" + id, Map.of("google_percent", 60, "microsoft_percent", 60))
        .expectError(400, "invalid_request", "google_percent");
    t.api()
        .patch("/bundles/" + id, Map.of("status", "archived"))
        .expectError(400, "invalid_request", "status");
    assertThat(t.api().get("/bundles/" + id).expect(200).data().path("name").asText())
        .isEqualTo("Patch target");
  }

  @Test
  void other_tenants_and_the_live_world_never_see_a_bundle_and_read_keys_cannot_write() {
    Tenant a = server.newTenant("Bundle owner");
    Tenant b = server.newTenant("Bundle stranger");
    String id = create(a, "Private", 1000);
    b.api().get("/bundles/" + id).expectError(404, "not_found", null);
    b.api().patch("/bundles/" + id, Map.of("name", "Mine")).expectError(404, "not_found", null);
    b.api().delete("/bundles/" + id).expectError(404, "not_found", null);
    assertThat(b.api().get("/bundles").expect(200).data()).isEmpty();
    Api.As live = server.api().as(a.key(Environment.LIVE, Preset.FULL));
    live.get("/bundles/" + id).expectError(404, "not_found", null);
    a.api().get("/bundles/not-a-bundle").expectError(404, "not_found", null);

    Api.As read = server.api().as(a.key(Environment.TEST, Preset.READ));
    read.get("/bundles/" + id).expect(200);
    read.post("/bundles", Map.of("name", "x", "monthly_sending_volume", 1))
        .expectError(403, "forbidden", null);
    read.delete("/bundles/" + id).expectError(403, "forbidden", null);
    Api.As limited = server.api().as(a.key(Environment.TEST, Preset.LIMITED));
    limited.patch("/bundles/" + id, Map.of("name", "x")).expectError(403, "forbidden", null);
    assertThat(a.api().get("/bundles/" + id).expect(200).data().path("name").asText())
        .isEqualTo("Private");
  }

  static String create(Tenant t, String name, long volume) {
    return t.api()
        .post("/bundles", Map.of("name", name, "monthly_sending_volume", volume))
        .expect(201)
        .data()
        .path("id")
        .asText();
  }
}
