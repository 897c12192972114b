package ai.peeker.orders;

import static ai.peeker.testing.JsonRows.fieldNames;
import static ai.peeker.testing.JsonRows.texts;
import static ai.peeker.testing.OrderBodies.custom;
import static ai.peeker.testing.OrderBodies.forBundle;
import static ai.peeker.testing.OrderBodies.names;
import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Concurrently;
import ai.peeker.testing.Inventory;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /orders}: both body shapes, the customer, the plan, domains and costs. */
class PlaceOrderTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void a_v2_custom_order_answers_201_with_the_lean_order_and_prices_every_line() {
    Tenant t = server.newTenant("Order v2 custom");
    List<String> domains = names("v2c", 2);
    var response = t.api().post("/orders", custom(2, 1, domains)).expect(201);
    JsonNode order = response.data();
    assertThat(fieldNames(order))
        .containsExactly(
            "id",
            "user_id",
            "email",
            "bundle_id",
            "status",
            "domain_count",
            "costs",
            "renews_at",
            "created_at");
    assertThat(order.path("id").asText()).matches("ord_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(order.path("user_id").asText()).startsWith("usr_");
    assertThat(order.path("email").asText()).isEqualTo("client@example.com");
    assertThat(order.path("bundle_id").isNull()).isTrue();
    assertThat(order.path("status").asText()).isEqualTo("in_progress");
    assertThat(order.path("domain_count").asInt()).isEqualTo(2);
    // 2 Google licenses × 100 + 1 Microsoft license × 900 + 2 .com registrations × 1300
    assertThat(order.path("costs").path("total_cents").asLong()).isEqualTo(3700);
    assertThat(order.path("costs").path("currency").asText()).isEqualTo("usd");
    Instant created = Instant.parse(order.path("created_at").asText());
    assertThat(Instant.parse(order.path("renews_at").asText()))
        .isEqualTo(created.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant());
    assertThat(response.body()).doesNotContain(OrderBodies.PASSWORD);

    JsonNode full = t.api().get("/orders/" + order.path("id").asText()).expect(200).data();
    assertThat(full.path("costs").path("line_items").toString())
        .isEqualTo(
            "[{\"type\":\"google_license\",\"quantity\":2,\"amount_cents\":200},"
                + "{\"type\":\"microsoft_license\",\"quantity\":1,\"amount_cents\":900},"
                + "{\"type\":\"domain_registration\",\"quantity\":2,\"amount_cents\":2600}]");
    assertThat(texts(full.path("domains").path("registered")))
        .containsExactlyInAnyOrderElementsOf(domains);
    assertThat(full.path("domains").path("imported")).isEmpty();
    assertThat(full.path("google_licenses").asInt()).isEqualTo(2);
    assertThat(full.path("microsoft_licenses").asInt()).isEqualTo(1);
    assertThat(full.path("forwarding_url").asText()).isEqualTo("https://example.com");
    assertThat(full.path("users").toString())
        .isEqualTo("[{\"first_name\":\"Sam\",\"last_name\":\"Lee\",\"profile_picture_url\":null}]");

    // Microsoft picks first: the first domain (usable for both) serves Microsoft
    assertThat(providers(t, order.path("id").asText()))
        .containsExactly(
            Map.entry(domains.get(0), "microsoft"), Map.entry(domains.get(1), "google"));
  }

  @Test
  void the_docs_25k_bundle_order_buys_19_domains_15_google_and_4_microsoft() {
    Tenant t = server.newTenant("Order v1 bundle");
    String bundle =
        t.api()
            .post("/bundles", Map.of("name", "Starter", "monthly_sending_volume", 25000))
            .expect(201)
            .data()
            .path("id")
            .asText();
    List<String> domains = names("v1b", 19);
    Map<String, Object> body = forBundle(bundle, domains);
    body.put("user", Map.of("email", "Alex@Acme.com", "first_name", "Alex", "last_name", "Rivera"));
    body.put("users", body.remove("personas"));
    List<Object> entries = new ArrayList<>();
    entries.add(Map.of("domain", domains.get(0), "forwarding_url", "https://acme.com/a"));
    entries.addAll(domains.subList(1, 19));
    body.put("domains", entries);
    JsonNode order = t.api().post("/api/partner/v1/orders", body).expect(201).data();
    assertThat(order.path("bundle_id").asText()).isEqualTo(bundle);
    assertThat(order.path("domain_count").asInt()).isEqualTo(19);
    assertThat(order.path("email").asText()).isEqualTo("Alex@Acme.com");

    JsonNode full = t.api().get("/orders/" + order.path("id").asText()).expect(200).data();
    assertThat(full.path("google_licenses").asInt()).isEqualTo(30);
    assertThat(full.path("microsoft_licenses").asInt()).isEqualTo(4);
    assertThat(full.path("google_inboxes_per_domain").asInt()).isEqualTo(2);
    assertThat(full.path("domains").path("registered")).hasSize(19);
    assertThat(full.path("costs").path("total_cents").asLong())
        .isEqualTo(30 * 100 + 4 * 900 + 19 * 1300);
    var providers = providers(t, order.path("id").asText());
    assertThat(providers.values().stream().filter("microsoft"::equals)).hasSize(4);
    assertThat(providers.values().stream().filter("google"::equals)).hasSize(15);

    JsonNode first = domainNamed(t, domains.get(0));
    assertThat(first.path("forwarding_url").asText()).isEqualTo("https://acme.com/a");
    assertThat(domainNamed(t, domains.get(1)).path("forwarding_url").asText())
        .isEqualTo("https://example.com");

    JsonNode user = t.api().get("/users/" + order.path("user_id").asText()).expect(200).data();
    assertThat(user.path("first_name").asText()).isEqualTo("Alex");
    assertThat(user.path("sequencer").path("client_id").asLong()).isEqualTo(366903);
  }

  @Test
  void the_customer_is_reused_by_email_or_named_by_id_in_either_shape() {
    Tenant t = server.newTenant("Order customers");
    String first = placeCustom(t, Map.of("user", "same@acme.com")).path("user_id").asText();
    assertThat(placeCustom(t, Map.of("user", "SAME@acme.com")).path("user_id").asText())
        .isEqualTo(first);
    assertThat(placeCustom(t, Map.of("user", first)).path("user_id").asText()).isEqualTo(first);
    Map<String, Object> v1 = custom(0, 1, names("cust", 1));
    v1.remove("user");
    v1.put("user_id", first);
    assertThat(t.api().post("/orders", v1).expect(201).data().path("user_id").asText())
        .isEqualTo(first);
    String existing =
        t.api()
            .post("/users", Map.of("email", "made-first@acme.com", "sequencer", ""))
            .expect(201)
            .data()
            .path("id")
            .asText();
    assertThat(
            placeCustom(t, Map.of("user", Map.of("email", "made-first@acme.com")))
                .path("user_id")
                .asText())
        .isEqualTo(existing);
    assertThat(placeCustom(t, Map.of("user", "usr_like@acme.com")).path("email").asText())
        .isEqualTo("usr_like@acme.com");
    assertThat(t.api().get("/users?per_page=100").expect(200).data()).hasSize(3);
  }

  @Test
  void each_shape_conflict_is_order_shape_conflict_naming_the_field() {
    Tenant t = server.newTenant("Order shapes");
    String bundle =
        t.api()
            .post("/bundles", Map.of("name", "b", "monthly_sending_volume", 1000))
            .expect(201)
            .data()
            .path("id")
            .asText();
    Map<String, Object> both = forBundle(bundle, names("shape", 2));
    both.put("google_licenses", 2);
    t.api().post("/orders", both).expectError(400, "order_shape_conflict", "bundle_id");
    Map<String, Object> bundleMs = forBundle(bundle, names("shape", 2));
    bundleMs.put("microsoft_licenses", 1);
    t.api().post("/orders", bundleMs).expectError(400, "order_shape_conflict", "bundle_id");
    Map<String, Object> perDomain = forBundle(bundle, names("shape", 2));
    perDomain.put("google_inboxes_per_domain", 3);
    t.api()
        .post("/orders", perDomain)
        .expectError(400, "order_shape_conflict", "google_inboxes_per_domain");
    Map<String, Object> twoUsers = custom(0, 1, names("shape", 1));
    twoUsers.put("user_id", "usr_01HZX0C6Z3K4M5N6P7Q8R9S0JK");
    t.api().post("/orders", twoUsers).expectError(400, "order_shape_conflict", "user");

    Map<String, Object> noPlan = OrderBodies.base(names("shape", 1));
    t.api().post("/orders", noPlan).expectError(400, "invalid_request", "bundle_id");
    Map<String, Object> zero = custom(0, 0, names("shape", 1));
    zero.put("google_licenses", 0);
    t.api().post("/orders", zero).expectError(400, "invalid_request", "google_licenses");
    Map<String, Object> nullsAreAbsent = custom(0, 1, names("shape", 1));
    nullsAreAbsent.put("bundle_id", null);
    nullsAreAbsent.put("user_id", null);
    t.api().post("/orders", nullsAreAbsent).expect(201);
  }

  @Test
  void a_domain_count_that_does_not_fit_the_plan_is_domain_count_mismatch_with_its_counts() {
    Tenant t = server.newTenant("Order counts");
    // 5 Google licenses at 2 per domain → 3 domains, plus 1 Microsoft → 4
    JsonNode error =
        t.api()
            .post("/orders", custom(5, 1, names("count", 2)))
            .expectError(400, "domain_count_mismatch", "domains")
            .json()
            .path("error");
    assertThat(error.path("details").toString())
        .isEqualTo("{\"required_count\":4,\"submitted_count\":2,\"missing_count\":2}");
    assertThat(error.path("message").asText())
        .isEqualTo("Submitted domain count does not match the order plan");
    JsonNode tooMany =
        t.api()
            .post("/orders", custom(5, 1, names("count", 6)))
            .expectError(400, "domain_count_mismatch", "domains")
            .json();
    assertThat(tooMany.path("error").path("details").path("missing_count").asInt()).isZero();
    assertThat(tooMany.path("error").path("details").path("submitted_count").asInt()).isEqualTo(6);
    Map<String, Object> three = custom(6, 0, names("count", 2));
    three.put("google_inboxes_per_domain", 3);
    t.api().post("/orders", three).expect(201);
  }

  @Test
  void premium_taken_errored_invalid_and_duplicate_domains_are_refused_naming_the_domain() {
    Tenant t = server.newTenant("Order domains");
    assertRefused(t, "premium-acme.com", "premium");
    assertRefused(t, "taken-acme.com", "taken");
    assertRefused(t, "errored-acme.com", "errored");
    assertRefused(t, "not_a_domain", "invalid");
    JsonNode duplicate =
        t.api()
            .post("/orders", custom(0, 2, List.of("twice-acme.com", "TWICE-acme.com ")))
            .expectError(400, "invalid_request", "domains")
            .json();
    assertThat(duplicate.path("error").path("details").toString())
        .isEqualTo("{\"domain\":\"twice-acme.com\",\"reason\":\"duplicate\"}");

    List<String> used = names("used", 1);
    t.api().post("/orders", custom(0, 1, used)).expect(201);
    JsonNode again =
        t.api()
            .post("/orders", custom(0, 1, List.of(used.get(0).toUpperCase(Locale.ROOT))))
            .expectError(400, "invalid_request", "domains")
            .json();
    assertThat(again.path("error").path("details").path("reason").asText())
        .isEqualTo("already_connected");

    t.api()
        .post("/orders", custom(0, 1, List.of(7)))
        .expectError(400, "invalid_request", "domains[0]");
    t.api()
        .post("/orders", custom(0, 1, List.of(Map.of("name", "x.com"))))
        .expectError(400, "invalid_request", "domains[0].name");
    t.api()
        .post(
            "/orders",
            custom(0, 1, List.of(Map.of("domain", "ok-x.com", "forwarding_url", "ftp://x"))))
        .expectError(400, "invalid_request", "domains[0].forwarding_url");
    t.api().post("/orders", custom(0, 1, List.of())).expectError(400, "invalid_request", "domains");
    Map<String, Object> noDomains = custom(0, 1, List.of());
    noDomains.remove("domains");
    t.api().post("/orders", noDomains).expectError(400, "invalid_request", "domains");
    assertThat(t.api().get("/orders").expect(200).data()).hasSize(1);
  }

  @Test
  void personas_are_one_to_ten_and_v2_needs_the_picture_key() {
    Tenant t = server.newTenant("Order personas");
    Map<String, Object> none = custom(0, 1, names("pers", 1));
    none.put("personas", List.of());
    t.api().post("/orders", none).expectError(400, "invalid_request", "personas");
    Map<String, Object> missing = custom(0, 1, names("pers", 1));
    missing.remove("personas");
    t.api().post("/orders", missing).expectError(400, "invalid_request", "personas");
    Map<String, Object> eleven = custom(0, 1, names("pers", 1));
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      many.add(OrderBodies.persona("P" + i, "Q"));
    }
    eleven.put("personas", many);
    t.api().post("/orders", eleven).expectError(400, "invalid_request", "personas");
    Map<String, Object> noPicture = custom(0, 1, names("pers", 1));
    noPicture.put("personas", List.of(Map.of("first_name", "Sam", "last_name", "Lee")));
    t.api()
        .post("/orders", noPicture)
        .expectError(400, "invalid_request", "personas[0].profile_picture_url");
    Map<String, Object> noLast = custom(0, 1, names("pers", 1));
    noLast.put("personas", List.of(Map.of("first_name", "Sam", "profile_picture_url", "")));
    t.api().post("/orders", noLast).expectError(400, "invalid_request", "personas[0].last_name");
    Map<String, Object> both = custom(0, 1, names("pers", 1));
    both.put("users", both.get("personas"));
    t.api().post("/orders", both).expectError(400, "invalid_request", "users");
    Map<String, Object> v1Users = custom(0, 1, names("pers", 1));
    v1Users.remove("personas");
    v1Users.put("users", List.of(Map.of("first_name", "Sam", "last_name", "Lee")));
    t.api().post("/orders", v1Users).expect(201);

    Map<String, Object> ten = custom(0, 1, names("pers", 1));
    List<Object> tenPeople = new ArrayList<>(many.subList(0, 10));
    tenPeople.set(
        0,
        Map.of(
            "first_name",
            "Pic",
            "last_name",
            "Ture",
            "profile_picture_url",
            "https://cdn.acme.com/p.jpg"));
    ten.put("personas", tenPeople);
    String id = t.api().post("/orders", ten).expect(201).data().path("id").asText();
    JsonNode users = t.api().get("/orders/" + id).expect(200).data().path("users");
    assertThat(users).hasSize(10);
    assertThat(users.get(0).path("profile_picture_url").asText())
        .isEqualTo("https://cdn.acme.com/p.jpg");
  }

  @Test
  void the_sequencer_login_is_required_and_a_client_id_alone_is_not_enough() {
    Tenant t = server.newTenant("Order sequencer");
    Map<String, Object> none = custom(0, 1, names("seq", 1));
    none.remove("sequencer");
    t.api().post("/orders", none).expectError(400, "invalid_request", "sequencer");
    Map<String, Object> clientOnly = custom(0, 1, names("seq", 1));
    clientOnly.put("sequencer", Map.of("provider", "smartlead", "client_id", 366903));
    t.api()
        .post("/orders", clientOnly)
        .expectError(400, "invalid_request", "sequencer.login_email");
    for (String dropped : List.of("provider", "client_id", "login_email", "login_password")) {
      Map<String, Object> body = custom(0, 1, names("seq", 1));
      Map<String, Object> s = new LinkedHashMap<>(OrderBodies.sequencer());
      s.remove(dropped);
      body.put("sequencer", s);
      t.api().post("/orders", body).expectError(400, "invalid_request", "sequencer." + dropped);
    }
    withSequencerField(t, "provider", "instantly")
        .expectError(400, "invalid_request", "sequencer.provider");
    String body =
        withSequencerField(t, "login_password", "")
            .expectError(400, "invalid_request", "sequencer.login_password")
            .body();
    withSequencerField(t, "login_password", 12345678)
        .expectError(400, "invalid_request", "sequencer.login_password");
    withSequencerField(t, "login_password", "p".repeat(501))
        .expectError(400, "invalid_request", "sequencer.login_password");
    withSequencerField(t, "login_email", "nope")
        .expectError(400, "invalid_request", "sequencer.login_email");
    withSequencerField(t, "client_id", 0)
        .expectError(400, "invalid_request", "sequencer.client_id");
    withSequencerField(t, "api_key", "x").expectError(400, "invalid_request", "sequencer.api_key");
    withSequencerField(t, "login_password", "  spaces kept  ").expect(201);
    assertThat(body).doesNotContain(OrderBodies.PASSWORD);
  }

  @Test
  void deleted_unknown_and_other_tenants_users_and_bundles_are_refused() {
    Tenant t = server.newTenant("Order refusals");
    Tenant other = server.newTenant("Order refusals other");
    String gone =
        t.api()
            .post("/users", Map.of("email", "gone@acme.com", "sequencer", ""))
            .expect(201)
            .data()
            .path("id")
            .asText();
    t.api().delete("/users/" + gone).expect(200);
    placeCustomExpecting(t, Map.of("user", gone)).expectError(400, "invalid_request", "user");
    placeCustomExpecting(t, Map.of("user", "GONE@acme.com"))
        .expectError(400, "invalid_request", "user");
    Map<String, Object> v1 = custom(0, 1, names("ref", 1));
    v1.remove("user");
    v1.put("user_id", gone);
    t.api().post("/orders", v1).expectError(400, "invalid_request", "user");

    placeCustomExpecting(t, Map.of("user", "usr_01HZX0C6Z3K4M5N6P7Q8R9S0JK"))
        .expectError(404, "not_found", "user");
    placeCustomExpecting(t, Map.of("user", "usr_nonsense")).expectError(404, "not_found", "user");
    String theirs =
        other
            .api()
            .post("/users", Map.of("email", "theirs@acme.com", "sequencer", ""))
            .expect(201)
            .data()
            .path("id")
            .asText();
    placeCustomExpecting(t, Map.of("user", theirs)).expectError(404, "not_found", "user");
    placeCustomExpecting(t, Map.of("user", "not-an-email"))
        .expectError(400, "invalid_request", "user");
    placeCustomExpecting(t, Map.of("user", Map.of("email", "bad")))
        .expectError(400, "invalid_request", "user.email");
    placeCustomExpecting(t, Map.of("user", Map.of("first_name", "No email")))
        .expectError(400, "invalid_request", "user.email");
    placeCustomExpecting(t, Map.of("user", 42)).expectError(400, "invalid_request", "user");
    Map<String, Object> noUser = custom(0, 1, names("ref", 1));
    noUser.remove("user");
    t.api().post("/orders", noUser).expectError(400, "invalid_request", "user");

    String theirBundle =
        other
            .api()
            .post("/bundles", Map.of("name", "b", "monthly_sending_volume", 1000))
            .expect(201)
            .data()
            .path("id")
            .asText();
    t.api()
        .post("/orders", forBundle(theirBundle, names("ref", 2)))
        .expectError(404, "not_found", "bundle_id");
    t.api()
        .post("/orders", forBundle("bun_nope", names("ref", 2)))
        .expectError(404, "not_found", "bundle_id");
    assertThat(t.api().get("/orders").expect(200).data()).isEmpty();
    assertThat(t.api().get("/users?per_page=100").expect(200).data()).hasSize(1);
  }

  @Test
  void other_fields_are_strict_and_keys_without_write_access_are_refused() {
    Tenant t = server.newTenant("Order strict");
    placeCustomExpecting(t, Map.of("coupon", "FREE")).expectError(400, "invalid_request", "coupon");
    placeCustomExpecting(t, Map.of("forwarding_url", "javascript:alert(1)"))
        .expectError(400, "invalid_request", "forwarding_url");
    placeCustomExpecting(t, Map.of("forwarding_url", 5))
        .expectError(400, "invalid_request", "forwarding_url");
    placeCustomExpecting(t, Map.of("microsoft_licenses", "1"))
        .expectError(400, "invalid_request", "microsoft_licenses");
    placeCustomExpecting(t, Map.of("microsoft_licenses", 1e12))
        .expectError(400, "invalid_request", "microsoft_licenses");
    placeCustomExpecting(t, Map.of("google_inboxes_per_domain", 4))
        .expectError(400, "invalid_request", "google_inboxes_per_domain");
    t.api().postRaw("/orders", "{\"user\":").expectError(400, "invalid_request", null);
    t.api().postRaw("/orders", "[]").expectError(400, "invalid_request", null);
    Api.As read = server.api().as(t.key(Environment.TEST, Preset.READ));
    read.post("/orders", custom(0, 1, names("strict", 1))).expectError(403, "forbidden", null);
    Api.As limited = server.api().as(t.key(Environment.TEST, Preset.LIMITED));
    limited.post("/orders", custom(0, 1, names("strict", 1))).expectError(403, "forbidden", null);
    assertThat(t.api().get("/orders").expect(200).data()).isEmpty();
  }

  @Test
  void inventory_domains_are_ordered_without_registration_and_keep_their_source() {
    Tenant t = server.newTenant("Order inventory");
    List<String> names = names("inv", 4);
    Inventory.imported(server, t.sandbox(), names.get(0));
    Inventory.add(server, t.sandbox(), names.get(1), "registered", "available", true, true);
    Inventory.add(server, t.sandbox(), names.get(2), "imported", "available", false, true);
    // two Google domains (4 licenses) and two Microsoft: the Microsoft-only domain is one of them
    JsonNode order =
        t.api()
            .post(
                "/orders",
                custom(
                    4,
                    2,
                    List.of(
                        names.get(0),
                        names.get(1),
                        names.get(3),
                        names.get(2).toUpperCase(Locale.ROOT))))
            .expect(201)
            .data();
    // only the one new name is bought: 4 × 100 + 2 × 900 + 1300
    assertThat(order.path("costs").path("total_cents").asLong()).isEqualTo(3500);
    JsonNode full = t.api().get("/orders/" + order.path("id").asText()).expect(200).data();
    assertThat(full.path("costs").path("line_items").get(2).toString())
        .isEqualTo("{\"type\":\"domain_registration\",\"quantity\":1,\"amount_cents\":1300}");
    assertThat(texts(full.path("domains").path("imported")))
        .containsExactlyInAnyOrder(names.get(0), names.get(2));
    assertThat(texts(full.path("domains").path("registered")))
        .containsExactlyInAnyOrder(names.get(1), names.get(3));
    var providers = providers(t, order.path("id").asText());
    assertThat(providers.get(names.get(2))).isEqualTo("microsoft");
    assertThat(providers.get(names.get(0))).isEqualTo("microsoft");
    assertThat(providers.get(names.get(1))).isEqualTo("google");
    assertThat(providers.get(names.get(3))).isEqualTo("google");
    JsonNode claimed = domainNamed(t, names.get(0));
    assertThat(claimed.path("category").asText()).isEqualTo("connected");
    // the sandbox provisions in the background: the claimed domain may be connected already
    assertThat(claimed.path("status").asText()).isIn("provisioning", "active");
    assertThat(claimed.path("order_id").asText()).isEqualTo(order.path("id").asText());
    assertThat(claimed.path("user_id").asText()).isEqualTo(order.path("user_id").asText());

    t.api()
        .post("/orders", custom(0, 1, List.of(names.get(0))))
        .expectError(400, "invalid_request", "domains");
  }

  @Test
  void inventory_that_is_not_ready_or_cannot_serve_the_plan_is_refused() {
    Tenant t = server.newTenant("Order inventory refusals");
    String waiting = names("wait", 1).get(0);
    Inventory.add(server, t.sandbox(), waiting, "imported", "pending_nameservers", true, true);
    JsonNode notReady =
        t.api()
            .post("/orders", custom(0, 1, List.of(waiting)))
            .expectError(400, "invalid_request", "domains")
            .json();
    assertThat(notReady.path("error").path("details").toString())
        .isEqualTo("{\"domain\":\"" + waiting + "\",\"reason\":\"nameservers_not_set\"}");

    String googleOnly = names("gonly", 1).get(0);
    Inventory.add(server, t.sandbox(), googleOnly, "imported", "available", true, false);
    JsonNode noMicrosoft =
        t.api()
            .post("/orders", custom(0, 1, List.of(googleOnly)))
            .expectError(400, "invalid_request", "domains")
            .json();
    assertThat(noMicrosoft.path("error").path("details").path("microsoft_required").asInt())
        .isEqualTo(1);
    assertThat(noMicrosoft.path("error").path("details").path("microsoft_usable").asInt()).isZero();

    String msOnly = names("msonly", 1).get(0);
    Inventory.add(server, t.sandbox(), msOnly, "imported", "available", false, true);
    t.api()
        .post("/orders", custom(2, 0, List.of(msOnly)))
        .expectError(400, "invalid_request", "domains");
    assertThat(t.api().get("/orders").expect(200).data()).isEmpty();
    assertThat(domainNamed(t, msOnly).path("category").asText()).isEqualTo("inventory");
  }

  @Test
  void license_prices_come_from_the_configured_price_book() {
    try (TestServer own =
        TestServer.start(
            c -> c.withPrices(new PriceBook(250, 1200, "usd")), java.time.Clock.systemUTC())) {
      Tenant t = own.newTenant("Price book");
      JsonNode order = t.api().post("/orders", custom(4, 1, names("price", 3))).expect(201).data();
      assertThat(order.path("costs").path("total_cents").asLong())
          .isEqualTo(4 * 250 + 1200 + 3 * 1300);
    }
  }

  @Test
  void the_sequencer_password_is_sealed_at_rest_and_never_echoed() {
    Tenant t = server.newTenant("Order secrets");
    JsonNode order = t.api().post("/orders", custom(0, 1, names("sec", 1))).expect(201).data();
    String id = order.path("id").asText();
    assertThat(t.api().get("/orders/" + id).expect(200).body())
        .doesNotContain(OrderBodies.PASSWORD);
    assertThat(t.api().get("/orders").expect(200).body()).doesNotContain(OrderBodies.PASSWORD);
    var jdbi = server.app().database().jdbi();
    String sealed =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT sequencer_login_secret FROM orders WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .one());
    assertThat(sealed).startsWith("v1:").doesNotContain(OrderBodies.PASSWORD);
    for (String table : List.of("orders", "order_requests", "events", "users", "domains")) {
      List<Map<String, Object>> rows =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT * FROM " + table + " WHERE partner_id = :p")
                      .bind("p", t.partner().id())
                      .mapToMap()
                      .list());
      assertThat(rows).as(table).isNotEmpty();
      assertThat(rows.toString()).as(table).doesNotContain(OrderBodies.PASSWORD);
    }
  }

  @Test
  void orders_racing_for_the_same_new_domain_and_new_user_place_exactly_one() throws Exception {
    Tenant t = server.newTenant("Order domain race", 100_000);
    List<String> contested = names("contested", 1);
    List<Api.Response> answers =
        Concurrently.run(
            8,
            i -> {
              Map<String, Object> body = custom(0, 1, contested);
              body.put("user", "racer@acme.com");
              body.put("personas", List.of(OrderBodies.persona("Racer", "No" + i)));
              return t.api().post("/orders", body);
            });
    int placed = 0;
    for (Api.Response r : answers) {
      if (r.status() == 201) {
        placed++;
      } else {
        r.expectError(400, "invalid_request", "domains");
        assertThat(r.json().path("error").path("details").path("reason").asText())
            .isEqualTo("already_connected");
      }
    }
    assertThat(placed).isEqualTo(1);
    assertThat(t.api().get("/orders").expect(200).data()).hasSize(1);
    assertThat(t.api().get("/users").expect(200).data()).hasSize(1);
    assertThat(t.api().get("/domains").expect(200).data()).hasSize(1);
  }

  private static void assertRefused(Tenant t, String domain, String reason) {
    JsonNode error =
        t.api()
            .post("/orders", custom(0, 2, List.of(names("ok", 1).get(0), domain)))
            .expectError(400, "invalid_request", "domains")
            .json()
            .path("error");
    assertThat(error.path("details").path("domain").asText()).isEqualTo(domain);
    assertThat(error.path("details").path("reason").asText()).isEqualTo(reason);
    assertThat(error.path("message").asText()).contains(domain);
  }

  /** A one-domain order whose sequencer has {@code name} set to {@code value}. */
  private static Api.Response withSequencerField(Tenant t, String name, Object value) {
    Map<String, Object> sequencer = new LinkedHashMap<>(OrderBodies.sequencer());
    sequencer.put(name, value);
    return placeCustomExpecting(t, Map.of("sequencer", sequencer));
  }

  private static JsonNode placeCustom(Tenant t, Map<String, Object> overrides) {
    return placeCustomExpecting(t, overrides).expect(201).data();
  }

  private static Api.Response placeCustomExpecting(Tenant t, Map<String, Object> overrides) {
    Map<String, Object> body = custom(0, 1, names("c", 1));
    body.putAll(overrides);
    return t.api().post("/orders", body);
  }

  /** Domain name → provider of every domain on the order. */
  static Map<String, String> providers(Tenant t, String orderId) {
    Map<String, String> providers = new LinkedHashMap<>();
    List<JsonNode> rows = new ArrayList<>();
    t.api().get("/domains?category=connected&per_page=100").expect(200).data().forEach(rows::add);
    rows.sort((a, b) -> a.path("id").asText().compareTo(b.path("id").asText()));
    for (JsonNode d : rows) {
      if (d.path("order_id").asText().equals(orderId)) {
        providers.put(d.path("domain").asText(), d.path("provider").asText());
      }
    }
    return providers;
  }

  static JsonNode domainNamed(Tenant t, String name) {
    for (JsonNode d : t.api().get("/domains?per_page=100").expect(200).data()) {
      if (d.path("domain").asText().equals(name)) {
        return d;
      }
    }
    throw new AssertionError("no domain " + name);
  }
}
