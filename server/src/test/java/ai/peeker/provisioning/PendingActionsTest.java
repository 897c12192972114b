package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.orders.Order;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pending actions: raised by the workflow, listed by partners, resolved by the operator. */
class PendingActionsTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    db = new Db(server);
  }

  static final Order.Persona LOCAL_SAM =
      new Order.Persona("Sam", "Lee", "http://localhost/sam.png");
  static final Order.Persona PUBLIC_ALEX =
      new Order.Persona("Alex", "Rivera", "https://cdn.acme.com/alex.jpg");

  /** 4 Google licenses (2 domains, Sam and Alex on each) and 1 Microsoft domain. */
  private static Order place(Tenant t, String email) {
    return SandboxOrders.place(
        server,
        t.sandbox(),
        SandboxOrders.custom(
            email, 4, 1, SandboxOrders.names("act", 3), List.of(LOCAL_SAM, PUBLIC_ALEX)));
  }

  @Test
  void a_picture_that_is_not_public_blocks_each_google_domain_until_resolved() {
    Tenant t = server.newTenant("Pictures");
    Order order = place(t, "pictures@acme.com");
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "action_required");
    // the Microsoft domain needs no picture and connects; the Google domains wait
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                db.strings("SELECT status FROM domains WHERE order_id = ? ORDER BY id", order.id())
                    .equals(List.of("active", "action_required", "action_required")));

    JsonNode page = t.api().get("/orders/pending").expect(200).json();
    JsonNode rows = page.path("data");
    assertThat(rows).hasSize(2);
    List<String> googleDomains =
        db.strings(
            "SELECT id FROM domains WHERE order_id = ? AND provider = 'google' ORDER BY id",
            order.id());
    List<String> actionIds = new ArrayList<>();
    for (JsonNode a : rows) {
      actionIds.add(a.path("id").asText());
      assertThat(a.path("id").asText()).matches("act_[0-9A-HJKMNP-TV-Z]{26}");
      assertThat(a.path("type").asText()).isEqualTo("google_profile_picture");
      assertThat(a.path("reason").asText()).isEqualTo("profile_picture_not_accessible");
      assertThat(a.path("status").asText()).isEqualTo("open");
      assertThat(a.path("order_id").asText()).isEqualTo(order.id());
      assertThat(googleDomains).contains(a.path("domain_id").asText());
      assertThat(a.path("domain").asText()).endsWith(".com");
      assertThat(a.path("user").path("first_name").asText()).isEqualTo("Sam");
      assertThat(a.path("user").path("profile_picture_url").asText())
          .isEqualTo("http://localhost/sam.png");
      assertThat(a.path("message").asText()).contains("publicly accessible image URL");
      assertThat(a.path("resolved_at").isNull()).isTrue();
    }
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'order.action_required' AND object_id = ?",
                order.id()))
        .isEqualTo(1);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'domain.action_required'"
                    + " AND object_id IN (SELECT id FROM domains WHERE order_id = ?)",
                order.id()))
        .isEqualTo(2);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM inboxes WHERE order_id = ? AND provider = 'google'",
                order.id()))
        .isZero();

    // one resolved: its domain resumes, the order still waits for the other
    assertThat(server.app().provisioning().resolveAction(actionIds.get(0))).isPresent();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(*) FROM domains WHERE order_id = ? AND status = 'active'",
                        order.id())
                    == 2);
    assertThat(t.api().get("/orders/" + order.id()).expect(200).data().path("status").asText())
        .isEqualTo("action_required");
    assertThat(t.api().get("/orders/pending").expect(200).data()).hasSize(1);

    // the last one resolved: the order goes on and completes
    var again = server.app().provisioning().resolveAction(actionIds.get(1));
    assertThat(again).get().extracting(r -> r.changed()).isEqualTo(true);
    JsonNode done = SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "completed");
    assertThat(done.path("inboxes")).hasSize(4 + 1);
    assertThat(t.api().get("/orders/pending").expect(200).data()).isEmpty();
    JsonNode resolved = t.api().get("/orders/pending?status=resolved").expect(200).data();
    assertThat(resolved).hasSize(2);
    resolved.forEach(
        a -> {
          assertThat(a.path("status").asText()).isEqualTo("resolved");
          assertThat(a.path("resolved_at").asText()).endsWith("Z");
        });
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'order.in_progress' AND object_id = ?",
                order.id()))
        .as("placed, then resumed")
        .isEqualTo(2);

    // resolving twice changes nothing; an unknown id is not found
    assertThat(server.app().provisioning().resolveAction(actionIds.get(1)))
        .get()
        .extracting(r -> r.changed())
        .isEqualTo(false);
    assertThat(server.app().provisioning().resolveAction("act_01HZX0AC1A2B3C4D5E6F7G8HJK"))
        .isEmpty();
    assertThat(server.app().provisioning().resolveAction("ord_nonsense")).isEmpty();
  }

  @Test
  void an_order_posted_with_a_private_picture_waits_for_its_action() {
    Tenant t = server.newTenant("Posted pictures");
    var body =
        ai.peeker.testing.OrderBodies.custom(
            2, 0, ai.peeker.testing.OrderBodies.names("posted", 1));
    var persona = ai.peeker.testing.OrderBodies.persona("Sam", "Lee");
    persona.put("profile_picture_url", "http://10.0.0.5/sam.png");
    body.put("personas", List.of(persona));
    String orderId = t.api().post("/orders", body).expect(201).data().path("id").asText();
    SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(10), "action_required");
    JsonNode actions = t.api().get("/orders/pending?order_id=" + orderId).expect(200).data();
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0).path("user").path("profile_picture_url").asText())
        .isEqualTo("http://10.0.0.5/sam.png");
    server.app().provisioning().resolveAction(actions.get(0).path("id").asText());
    SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(10), "completed");
  }

  @Test
  void no_picture_or_a_public_one_raises_nothing() {
    Tenant t = server.newTenant("Good pictures");
    Order order =
        SandboxOrders.place(
            server,
            t.sandbox(),
            SandboxOrders.custom(
                "good@acme.com",
                4,
                0,
                SandboxOrders.names("pic", 2),
                List.of(
                    new Order.Persona("Sam", "Lee", null),
                    new Order.Persona("Alex", "Rivera", ""),
                    PUBLIC_ALEX)));
    SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(10), "completed");
    assertThat(t.api().get("/orders/pending?order_id=" + order.id()).expect(200).data()).isEmpty();
  }

  @Test
  void the_listing_filters_by_order_user_domain_and_status_and_pages() {
    Tenant t = server.newTenant("Pending filters");
    Order ann = place(t, "Ann@acme.com");
    Order bob = place(t, "bob@acme.com");
    SandboxOrders.awaitStatus(t, ann.id(), Duration.ofSeconds(10), "action_required");
    SandboxOrders.awaitStatus(t, bob.id(), Duration.ofSeconds(10), "action_required");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> t.api().get("/orders/pending").expect(200).data().size() == 4);

    assertThat(ids(t, "/orders/pending?order_id=" + ann.id())).hasSize(2);
    assertThat(ids(t, "/orders/pending?user=" + bob.userId())).hasSize(2);
    assertThat(ids(t, "/orders/pending?user=ANN@acme.com")).hasSize(2);
    assertThat(ids(t, "/orders/pending?user=ann@acme.com&order_id=" + bob.id())).isEmpty();
    String domainId =
        db.strings(
                "SELECT id FROM domains WHERE order_id = ? AND provider = 'google' ORDER BY id",
                bob.id())
            .get(0);
    List<String> byDomain = ids(t, "/orders/pending?domain_id=" + domainId);
    assertThat(byDomain).hasSize(1);
    assertThat(ids(t, "/orders/pending?status=resolved")).isEmpty();
    assertThat(ids(t, "/orders/pending?status=open")).hasSize(4);
    assertThat(ids(t, "/orders/pending?user=nobody@acme.com")).isEmpty();

    // newest first, each once, across pages; links repeat the filters
    var first = t.api().get("/orders/pending?user=ann@acme.com&per_page=1").expect(200);
    assertThat(first.json().path("links").path("first").asText())
        .isEqualTo(
            server.baseUrl()
                + "/partner/v1/orders/pending?user=ann%40acme.com&status=open&per_page=1");
    List<String> walked = new ArrayList<>();
    String next = "/orders/pending?user=ann@acme.com&per_page=1";
    while (next != null) {
      var page = t.api().get(next).expect(200);
      page.data().forEach(a -> walked.add(a.path("id").asText()));
      JsonNode link = page.json().path("links").path("next");
      next = link.isNull() ? null : link.asText();
    }
    assertThat(walked).hasSize(2).doesNotHaveDuplicates();
    assertThat(walked).isEqualTo(ids(t, "/orders/pending?user=ann@acme.com"));

    // another partner sees none of it
    Tenant other = server.newTenant("Other partner");
    assertThat(ids(other, "/orders/pending")).isEmpty();
    assertThat(ids(other, "/orders/pending?order_id=" + ann.id())).isEmpty();

    // resolve everything so the orders finish
    for (String id :
        db.strings("SELECT id FROM pending_actions WHERE partner_id = ?", t.partner().id())) {
      server.app().provisioning().resolveAction(id);
    }
    SandboxOrders.awaitStatus(t, ann.id(), Duration.ofSeconds(10), "completed");
    SandboxOrders.awaitStatus(t, bob.id(), Duration.ofSeconds(10), "completed");
  }

  @Test
  void bad_filters_are_400_naming_the_parameter() {
    Tenant t = server.newTenant("Pending bad filters");
    t.api().get("/orders/pending?order_id=nope").expectError(400, "invalid_request", "order_id");
    t.api()
        .get("/orders/pending?domain_id=ord_01HZX0AC1A2B3C4D5E6F7G8HJK")
        .expectError(400, "invalid_request", "domain_id");
    t.api().get("/orders/pending?user=bob").expectError(400, "invalid_request", "user");
    t.api().get("/orders/pending?user=usr_nope").expectError(400, "invalid_request", "user");
    t.api().get("/orders/pending?status=closed").expectError(400, "invalid_request", "status");
    t.api().get("/orders/pending?per_page=0").expectError(400, "invalid_request", "per_page");
    t.api()
        .get("/orders/pending?page_token=forged")
        .expectError(400, "invalid_request", "page_token");
    t.api().get("/api/partner/v1/orders/pending").expect(200);
  }

  private static List<String> ids(Tenant t, String path) {
    List<String> ids = new ArrayList<>();
    t.api().get(path).expect(200).data().forEach(a -> ids.add(a.path("id").asText()));
    return ids;
  }
}
