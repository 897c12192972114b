package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /swaps/user_names}: new people on a domain's inboxes, renamed in place. */
class UserNameSwapsTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    db = new Db(server);
  }

  private static Map<String, Object> person(String first, String last, String picture) {
    Map<String, Object> p = OrderBodies.persona(first, last);
    p.put("profile_picture_url", picture);
    return p;
  }

  /** One Google domain with three inboxes, named after Sam and Alex. */
  private static String order(Tenant t, String samPicture) {
    Map<String, Object> body = OrderBodies.custom(3, 0, OrderBodies.names("names", 1));
    body.put("google_inboxes_per_domain", 3);
    body.put("personas", List.of(person("Sam", "Lee", samPicture), person("Alex", "Rivera", null)));
    return t.api().post("/orders", body).expect(201).data().path("id").asText();
  }

  @Test
  void renaming_a_domain_of_three_inboxes_and_two_personas_makes_three_swaps() {
    Tenant t = server.newTenant("User names");
    String orderId = order(t, null);
    SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(30), "completed");
    String domainId = db.strings("SELECT id FROM domains WHERE order_id = ?", orderId).get(0);
    String domain = t.api().get("/domains/" + domainId).expect(200).data().path("domain").asText();
    assertThat(
            db.strings(
                "SELECT address FROM inboxes WHERE domain_id = ? ORDER BY address", domainId))
        .containsExactly("alex@" + domain, "sam.lee@" + domain, "sam@" + domain);

    JsonNode swaps =
        t.api()
            .post(
                "/swaps/user_names",
                Map.of(
                    "domain_id",
                    domainId,
                    "personas",
                    List.of(
                        person("Jordan", "Pham", "https://cdn.acme.com/jordan.jpg"),
                        person("Riley", "Wu", null))))
            .expect(201)
            .data()
            .path("swaps");
    assertThat(swaps).hasSize(3);
    List<String> ids = new ArrayList<>();
    for (JsonNode s : swaps) {
      ids.add(s.path("id").asText());
      assertThat(s.path("type").asText()).isEqualTo("user_names");
      assertThat(s.path("replacement_domain").isNull()).isTrue();
      assertThat(s.path("domain_id").asText()).isEqualTo(domainId);
      assertThat(s.path("status").asText()).isEqualTo("created");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ids.stream()
                    .allMatch(
                        id ->
                            t.api()
                                .get("/swaps/" + id)
                                .expect(200)
                                .data()
                                .path("status")
                                .asText()
                                .equals("completed")));
    for (String id : ids) {
      assertThat(
              db.strings("SELECT type FROM events WHERE object_id = ? ORDER BY created_at, id", id))
          .containsExactly("swap.created", "swap.in_progress", "swap.completed");
    }

    JsonNode order = t.api().get("/orders/" + orderId).expect(200).data();
    List<String> names = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    order
        .path("inboxes")
        .forEach(
            i -> {
              names.add(i.path("display_name").asText());
              addresses.add(i.path("address").asText());
            });
    assertThat(names).containsExactlyInAnyOrder("Jordan Pham", "Riley Wu", "Jordan Pham");
    assertThat(addresses)
        .containsExactlyInAnyOrder("jordan@" + domain, "riley@" + domain, "jordan.pham@" + domain);
    String partner = t.partner().id();
    // renamed in place at the provider: still three mailboxes, none deleted
    assertThat(
            db.strings(
                "SELECT display_name FROM sandbox_mailboxes WHERE partner_id = ? AND domain = ?"
                    + " AND deleted_at IS NULL ORDER BY display_name",
                partner,
                domain))
        .containsExactly("Jordan Pham", "Jordan Pham", "Riley Wu");
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = ? AND domain = ?",
                partner,
                domain))
        .isEqualTo(3);
    assertThat(
            db.strings(
                "SELECT address FROM sandbox_sequencer_accounts WHERE partner_id = ?"
                    + " AND removed_at IS NULL ORDER BY address",
                partner))
        .containsExactlyInAnyOrderElementsOf(addresses);
    assertThat(t.api().get("/swaps?domain_id=" + domainId).expect(200).data()).hasSize(3);

    // v1 users[] works the same
    JsonNode again =
        t.api()
            .post(
                "/swaps/user_names",
                Map.of("domain_id", domainId, "users", List.of(person("Sam", "Lee", null))))
            .expect(201)
            .data()
            .path("swaps");
    assertThat(again).hasSize(3);
  }

  @Test
  void public_pictures_in_a_user_name_swap_resume_an_order_waiting_for_a_private_one() {
    Tenant t = server.newTenant("Pictures fixed");
    String orderId = order(t, "http://localhost/sam.png");
    SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(30), "action_required");
    String domainId = db.strings("SELECT id FROM domains WHERE order_id = ?", orderId).get(0);
    assertThat(t.api().get("/orders/pending?order_id=" + orderId).expect(200).data()).isNotEmpty();

    JsonNode swaps =
        t.api()
            .post(
                "/swaps/user_names",
                Map.of(
                    "domain_id",
                    domainId,
                    "personas",
                    List.of(
                        person("Sam", "Lee", "https://cdn.acme.com/sam.jpg"),
                        person("Alex", "Rivera", null))))
            .expect(201)
            .data()
            .path("swaps");
    assertThat(swaps).hasSize(3);
    JsonNode done = SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(30), "completed");
    assertThat(done.path("inboxes")).hasSize(3);
    assertThat(t.api().get("/orders/pending?order_id=" + orderId).expect(200).data()).isEmpty();
    assertThat(
            t.api().get("/orders/pending?status=resolved&order_id=" + orderId).expect(200).data())
        .isNotEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(*) FROM swaps WHERE domain_id = ? AND status = 'completed'",
                        domainId)
                    == 3);
    assertThat(
            db.strings(
                "SELECT type FROM events WHERE object_id = ? ORDER BY created_at, id", orderId))
        .containsSubsequence(
            "order.in_progress", "order.action_required", "order.in_progress", "order.completed");
  }

  @Test
  void the_same_people_reordered_or_one_dropped_rename_without_a_collision() {
    Tenant t = server.newTenant("Reordered names");
    String orderId = order(t, null);
    SandboxOrders.awaitStatus(t, orderId, Duration.ofSeconds(30), "completed");
    String domainId = db.strings("SELECT id FROM domains WHERE order_id = ?", orderId).get(0);
    String domain = t.api().get("/domains/" + domainId).expect(200).data().path("domain").asText();
    List<String> before =
        db.strings("SELECT address FROM inboxes WHERE domain_id = ? ORDER BY address", domainId);

    renameAndAwait(
        t, domainId, List.of(person("Alex", "Rivera", null), person("Sam", "Lee", null)));
    assertThat(
            db.strings(
                "SELECT address FROM inboxes WHERE domain_id = ? ORDER BY address", domainId))
        .hasSize(3)
        .doesNotHaveDuplicates();
    assertThat(
            db.strings(
                "SELECT address FROM inboxes WHERE domain_id = ? ORDER BY address", domainId))
        .containsAnyElementsOf(before);

    renameAndAwait(t, domainId, List.of(person("Alex", "Rivera", null)));
    List<String> after =
        db.strings("SELECT address FROM inboxes WHERE domain_id = ? ORDER BY address", domainId);
    assertThat(after).hasSize(3).doesNotHaveDuplicates().contains("alex@" + domain);
    assertThat(
            db.strings(
                "SELECT address FROM sandbox_mailboxes WHERE partner_id = ? AND domain = ?"
                    + " AND deleted_at IS NULL ORDER BY address",
                t.partner().id(),
                domain))
        .containsExactlyElementsOf(after);
  }

  private static void renameAndAwait(
      Tenant t, String domainId, List<Map<String, Object>> personas) {
    JsonNode swaps =
        t.api()
            .post("/swaps/user_names", Map.of("domain_id", domainId, "personas", personas))
            .expect(201)
            .data()
            .path("swaps");
    List<String> ids = new ArrayList<>();
    swaps.forEach(s -> ids.add(s.path("id").asText()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ids.stream()
                    .allMatch(
                        id ->
                            t.api()
                                .get("/swaps/" + id)
                                .expect(200)
                                .data()
                                .path("status")
                                .asText()
                                .matches("completed|failed")));
    for (String id : ids) {
      assertThat(t.api().get("/swaps/" + id).expect(200).data().path("status").asText())
          .as("swap %s", id)
          .isEqualTo("completed");
    }
  }
}
