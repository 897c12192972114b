package ai.peeker.orders;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.bundles.Bundle;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Orders;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrdersListingTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void the_documented_listing_example_comes_back_with_exactly_the_documented_keys() {
    Tenant t = server.newTenant("Docs example");
    Bundle bundle = Orders.smallBundle(server, t.sandbox());
    Order withBundle = Orders.forBundle(server, t.sandbox(), "alex@acme.com", bundle);
    Order custom = Orders.custom(server, t.sandbox(), "alex@acme.com");

    var page = t.api().get("/api/partner/v1/orders").expect(200);
    JsonNode data = page.data();
    assertThat(data).hasSize(2);
    JsonNode newest = data.get(0);
    JsonNode older = data.get(1);
    assertThat(newest.path("id").asText()).isEqualTo(custom.id());
    assertThat(older.path("id").asText()).isEqualTo(withBundle.id());
    for (JsonNode o : data) {
      assertThat(fieldNames(o))
          .containsExactlyInAnyOrder(
              "id",
              "user_id",
              "email",
              "bundle_id",
              "status",
              "domain_count",
              "costs",
              "renews_at",
              "created_at");
      assertThat(fieldNames(o.path("costs"))).containsExactlyInAnyOrder("total_cents", "currency");
      assertThat(o.path("id").asText()).matches("ord_[0-9A-HJKMNP-TV-Z]{26}");
      assertThat(o.path("user_id").asText()).startsWith("usr_");
      assertThat(o.path("email").asText()).isEqualTo("alex@acme.com");
      // the sandbox provisions in the background: an order may have completed already
      assertThat(o.path("status").asText()).isIn("in_progress", "completed");
      assertThat(o.path("domain_count").isInt()).isTrue();
      assertThat(o.path("costs").path("total_cents").isIntegralNumber()).isTrue();
      assertThat(o.path("costs").path("currency").asText()).isEqualTo("usd");
      assertThat(o.path("created_at").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
    assertThat(newest.has("bundle_id")).isTrue();
    assertThat(newest.path("bundle_id").isNull()).isTrue();
    assertThat(older.path("bundle_id").asText()).isEqualTo(bundle.id());
    assertThat(older.path("domain_count").asInt()).isEqualTo(bundle.requiredDomains().total());
    assertThat(java.time.Instant.parse(older.path("renews_at").asText()))
        .isEqualTo(
            java.time.Instant.parse(older.path("created_at").asText())
                .atOffset(java.time.ZoneOffset.UTC)
                .plusMonths(1)
                .toInstant());

    String base = server.baseUrl() + "/api/partner/v1/orders";
    assertThat(page.json().path("links").path("first").asText()).isEqualTo(base + "?per_page=25");
    assertThat(page.json().path("links").path("next").isNull()).isTrue();
    assertThat(page.json().path("meta").path("path").asText()).isEqualTo(base);
    assertThat(page.json().path("meta").path("per_page").asInt()).isEqualTo(25);
    assertThat(page.json().path("meta").path("returned").asInt()).isEqualTo(2);
    assertThat(fieldNames(page.json())).containsExactlyInAnyOrder("data", "links", "meta");
  }

  @Test
  void
      walking_a_thousand_orders_seven_at_a_time_returns_each_once_in_order_while_new_ones_arrive() {
    Tenant t = server.newTenant("Walker", 100_000);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      expected.add(0, Orders.custom(server, t.sandbox(), "walker" + (i % 10) + "@acme.com").id());
    }
    List<String> walked = new ArrayList<>();
    String next = "/orders?per_page=7";
    int pages = 0;
    while (next != null) {
      var page = t.api().get(next).expect(200);
      page.data().forEach(o -> walked.add(o.path("id").asText()));
      assertThat(page.json().path("meta").path("returned").asInt()).isEqualTo(page.data().size());
      JsonNode link = page.json().path("links").path("next");
      next = link.isNull() ? null : link.asText();
      if (pages++ % 10 == 0) {
        Orders.custom(server, t.sandbox(), "latecomer@acme.com");
      }
    }
    assertThat(walked).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(143);
  }

  @Test
  void every_filter_alone_and_combined() {
    Tenant t = server.newTenant("Filters");
    Bundle bundle = Orders.smallBundle(server, t.sandbox());
    Order a = Orders.forBundle(server, t.sandbox(), "ann@acme.com", bundle);
    Order b = Orders.custom(server, t.sandbox(), "ann@acme.com");
    Order c = Orders.custom(server, t.sandbox(), "bob@acme.com");
    Order d = Orders.forBundle(server, t.sandbox(), "bob@acme.com", bundle);
    // let the sandbox finish provisioning, so every order has the same, stable status
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> ids(t, "/orders?status=completed").size() == 4);

    assertThat(ids(t, "/orders?user_id=" + a.userId())).containsExactly(b.id(), a.id());
    assertThat(ids(t, "/orders?user_email=BOB@acme.com")).containsExactly(d.id(), c.id());
    assertThat(ids(t, "/orders?bundle_id=" + bundle.id())).containsExactly(d.id(), a.id());
    assertThat(ids(t, "/orders?status=completed")).containsExactly(d.id(), c.id(), b.id(), a.id());
    assertThat(ids(t, "/orders?status=in_progress")).isEmpty();
    assertThat(ids(t, "/orders?user_id=" + a.userId() + "&bundle_id=" + bundle.id()))
        .containsExactly(a.id());
    assertThat(
            ids(
                t,
                "/orders?user_email=bob@acme.com&bundle_id=" + bundle.id() + "&status=completed"))
        .containsExactly(d.id());
    assertThat(ids(t, "/orders?user_email=nobody@acme.com")).isEmpty();

    var filtered =
        t.api().get("/orders?status=completed&user_email=bob@acme.com&per_page=1").expect(200);
    String next = filtered.json().path("links").path("next").asText();
    assertThat(filtered.json().path("links").path("first").asText())
        .isEqualTo(
            server.baseUrl()
                + "/partner/v1/orders?user_email=bob%40acme.com&status=completed&per_page=1");
    assertThat(next)
        .contains("user_email=bob%40acme.com")
        .contains("status=completed")
        .contains("page_token=");
    assertThat(t.api().get(next).expect(200).data().get(0).path("id").asText()).isEqualTo(c.id());
  }

  @Test
  void bad_query_parameters_are_400_naming_the_parameter() {
    Tenant t = server.newTenant("Bad queries");
    t.api().get("/orders?status=shipped").expectError(400, "invalid_request", "status");
    t.api().get("/orders?per_page=0").expectError(400, "invalid_request", "per_page");
    t.api().get("/orders?per_page=101").expectError(400, "invalid_request", "per_page");
    t.api().get("/orders?per_page=abc").expectError(400, "invalid_request", "per_page");
    t.api().get("/orders?per_page=7.5").expectError(400, "invalid_request", "per_page");
    t.api().get("/orders?user_id=bob").expectError(400, "invalid_request", "user_id");
    t.api()
        .get("/orders?bundle_id=ord_01HZX0OR1A2B3C4D5E6F7G8H")
        .expectError(400, "invalid_request", "bundle_id");
    t.api().get("/orders?page_token=garbage").expectError(400, "invalid_request", "page_token");
  }

  @Test
  void tampered_truncated_and_other_list_page_tokens_are_400() {
    Tenant t = server.newTenant("Tokens");
    for (int i = 0; i < 3; i++) {
      Orders.custom(server, t.sandbox(), "tok@acme.com");
    }
    String next =
        t.api().get("/orders?per_page=1").expect(200).json().path("links").path("next").asText();
    String token = next.substring(next.indexOf("page_token=") + "page_token=".length());
    t.api().get("/orders?per_page=1&page_token=" + token).expect(200);
    char flipped = token.charAt(3) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, 3) + flipped + token.substring(4);
    t.api().get("/orders?page_token=" + tampered).expectError(400, "invalid_request", "page_token");
    t.api()
        .get("/orders?page_token=" + token.substring(0, token.length() - 2))
        .expectError(400, "invalid_request", "page_token");
    t.api()
        .get("/orders?status=in_progress&page_token=" + token)
        .expectError(400, "invalid_request", "page_token");
    t.api().get("/users?page_token=" + token).expectError(400, "invalid_request", "page_token");
    Tenant other = server.newTenant("Token thief");
    other
        .api()
        .get("/orders?page_token=" + token)
        .expectError(400, "invalid_request", "page_token");
  }

  @Test
  void a_test_key_never_sees_live_orders_and_partners_never_see_each_other() {
    Tenant a = server.newTenant("Partner A");
    Tenant b = server.newTenant("Partner B");
    Order aTest = Orders.custom(server, a.sandbox(), "same@acme.com");
    Order aLive = Orders.custom(server, a.live(), "same@acme.com");
    Order bTest = Orders.custom(server, b.sandbox(), "same@acme.com");
    Api.As aLiveKey = server.api().as(a.key(Environment.LIVE, Preset.READ));

    assertThat(ids(a, "/orders")).containsExactly(aTest.id());
    assertThat(aLiveKey.get("/orders").expect(200).data()).hasSize(1);
    assertThat(aLiveKey.get("/orders").expect(200).data().get(0).path("id").asText())
        .isEqualTo(aLive.id());
    assertThat(ids(b, "/orders")).containsExactly(bTest.id());
    a.api().get("/orders/" + aLive.id()).expectError(404, "not_found", null);
    a.api().get("/orders/" + bTest.id()).expectError(404, "not_found", null);
    aLiveKey.get("/orders/" + aTest.id()).expectError(404, "not_found", null);
    a.api().get("/orders?user_id=" + bTest.userId()).expect(200);
    assertThat(ids(a, "/orders?user_id=" + bTest.userId())).isEmpty();
    a.api().get("/orders/not-an-id").expectError(404, "not_found", null);
  }

  @Test
  void reading_one_order_gives_the_full_shape_without_the_sequencer_password() {
    Tenant t = server.newTenant("Full shape");
    Bundle bundle = Orders.smallBundle(server, t.sandbox());
    Order order = Orders.forBundle(server, t.sandbox(), "full@acme.com", bundle);
    var response = t.api().get("/orders/" + order.id()).expect(200);
    JsonNode full = response.data();
    assertThat(full.path("id").asText()).isEqualTo(order.id());
    assertThat(full.path("costs").path("line_items")).isNotEmpty();
    long sum = 0;
    for (JsonNode item : full.path("costs").path("line_items")) {
      sum += item.path("amount_cents").asLong();
    }
    assertThat(full.path("costs").path("total_cents").asLong()).isEqualTo(sum);
    assertThat(full.path("domains").path("registered")).hasSize(bundle.requiredDomains().total());
    assertThat(full.path("domains").path("imported")).isEmpty();
    assertThat(full.path("users").get(0).path("first_name").asText()).isEqualTo("Sam");
    assertThat(full.path("google_inboxes_per_domain").asInt()).isEqualTo(2);
    assertThat(response.body()).doesNotContain("secret-password").doesNotContain("login_password");
  }

  @Test
  void a_users_new_email_shows_on_its_orders_at_once_and_finds_them() {
    Tenant t = server.newTenant("Email change");
    Order first = Orders.custom(server, t.sandbox(), "carol@acme.com");
    Order second = Orders.custom(server, t.sandbox(), "carol@acme.com");
    Order other = Orders.custom(server, t.sandbox(), "dan@acme.com");

    t.api()
        .patch("/users/" + first.userId(), java.util.Map.of("email", "Carol.New@acme.com"))
        .expect(200);

    JsonNode page = t.api().get("/orders").expect(200).data();
    java.util.Map<String, String> emails = new java.util.HashMap<>();
    page.forEach(o -> emails.put(o.path("id").asText(), o.path("email").asText()));
    assertThat(emails)
        .containsEntry(first.id(), "Carol.New@acme.com")
        .containsEntry(second.id(), "Carol.New@acme.com")
        .containsEntry(other.id(), "dan@acme.com");
    assertThat(t.api().get("/orders/" + second.id()).expect(200).data().path("email").asText())
        .isEqualTo("Carol.New@acme.com");
    assertThat(ids(t, "/orders?user_email=carol.new@acme.com"))
        .containsExactly(second.id(), first.id());
    assertThat(ids(t, "/orders?user_email=carol@acme.com")).isEmpty();

    // a new order by the new email goes to the same user and shows it as well
    Order third = Orders.custom(server, t.sandbox(), "carol.new@acme.com");
    assertThat(third.userId()).isEqualTo(first.userId());
    assertThat(ids(t, "/orders?user_id=" + first.userId()))
        .containsExactly(third.id(), second.id(), first.id());
    assertThat(t.api().get("/orders/" + third.id()).expect(200).data().path("email").asText())
        .isEqualTo("Carol.New@acme.com");
  }

  /**
   * Every kind of change to an order shows on the pages a partner already read, at once: placing,
   * provisioning finishing it (a background job), cancelling, the cancellation taking effect (a
   * background job), and its user's new email.
   */
  @Test
  void a_page_read_before_shows_each_change_to_its_orders_at_once() {
    Tenant t = server.newTenant("Pages read again");
    Order first = Orders.custom(server, t.sandbox(), "erin@acme.com");
    assertThat(ids(t, "/orders")).containsExactly(first.id());
    assertThat(ids(t, "/orders?user_email=erin@acme.com")).containsExactly(first.id());

    Order second = Orders.custom(server, t.sandbox(), "erin@acme.com");
    assertThat(ids(t, "/orders")).containsExactly(second.id(), first.id());
    assertThat(ids(t, "/orders?per_page=1")).containsExactly(second.id());

    awaitStatus(t, first.id(), "completed");
    awaitStatus(t, second.id(), "completed");
    assertThat(statuses(t, "/orders")).containsExactly("completed", "completed");
    assertThat(ids(t, "/orders?status=completed")).containsExactly(second.id(), first.id());

    t.api().post("/orders/" + first.id() + "/cancel", null).expect(200);
    assertThat(statuses(t, "/orders")).containsExactly("completed", "cancel_scheduled");
    assertThat(ids(t, "/orders?status=completed")).containsExactly(second.id());
    awaitStatus(t, first.id(), "cancelled");
    assertThat(statuses(t, "/orders")).containsExactly("completed", "cancelled");

    t.api()
        .patch("/users/" + first.userId(), java.util.Map.of("email", "erin.new@acme.com"))
        .expect(200);
    assertThat(ids(t, "/orders?user_email=erin@acme.com")).isEmpty();
    assertThat(ids(t, "/orders?user_email=erin.new@acme.com"))
        .containsExactly(second.id(), first.id());
    t.api()
        .get("/orders")
        .expect(200)
        .data()
        .forEach(o -> assertThat(o.path("email").asText()).isEqualTo("erin.new@acme.com"));
  }

  private static void awaitStatus(Tenant t, String orderId, String status) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(50))
        .until(
            () ->
                status.equals(
                    t.api().get("/orders/" + orderId).expect(200).data().path("status").asText()));
  }

  private static List<String> statuses(Tenant t, String path) {
    List<String> statuses = new ArrayList<>();
    t.api().get(path).expect(200).data().forEach(o -> statuses.add(o.path("status").asText()));
    return statuses;
  }

  private static List<String> ids(Tenant t, String path) {
    List<String> ids = new ArrayList<>();
    t.api().get(path).expect(200).data().forEach(o -> ids.add(o.path("id").asText()));
    return ids;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
