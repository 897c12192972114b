package ai.peeker.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import ai.peeker.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /domains/forwarding}: repointing connected domains, over HTTP. */
class ForwardingTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  /** Places a custom Google order on {@code names} and waits until it completes. */
  static JsonNode orderOn(Tenant t, List<String> names) {
    String id =
        t.api()
            .post("/orders", OrderBodies.custom(names.size() * 2, 0, names))
            .expect(201)
            .data()
            .path("id")
            .asText();
    JsonNode[] order = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              order[0] = t.api().get("/orders/" + id).expect(200).data();
              return order[0].path("status").asText().equals("completed");
            });
    return order[0];
  }

  static String domainId(Tenant t, String name) {
    for (JsonNode d : t.api().get("/domains?per_page=100").expect(200).data()) {
      if (d.path("domain").asText().equals(name)) {
        return d.path("id").asText();
      }
    }
    throw new AssertionError(name + " is not a domain of the tenant");
  }

  static JsonNode awaitJob(Api.As api, String id) {
    Set<String> terminal = Set.of("completed", "partial_success", "failed");
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = api.get("/domains/forwarding/" + id).expect(200).data();
              return terminal.contains(last[0].path("status").asText());
            });
    return last[0];
  }

  long jobs(Tenant t) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM forwarding_jobs WHERE partner_id = :p")
                    .bind("p", t.partner().id())
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void three_good_domains_and_one_nodns_domain_end_in_partial_success_with_both_events()
      throws Exception {
    Tenant t = server.newTenant("Forwarding partial");
    List<String> names = new ArrayList<>(OrderBodies.names("fwd", 3));
    names.add(OrderBodies.names("nodns-fwd", 1).get(0));
    orderOn(t, names);
    try (WebhookReceiver receiver = WebhookReceiver.start("hooks")) {
      server.app().webhooks().set(t.partner().id(), Environment.TEST, receiver.url());
      String byId = domainId(t, names.get(0));
      List<String> entries =
          List.of(
              byId, names.get(1), names.get(2).toUpperCase(java.util.Locale.ROOT), names.get(3));
      JsonNode accepted =
          t.api()
              .post(
                  "/domains/forwarding",
                  Map.of("domains", entries, "forwarding_url", "https://new.acme.com/hi"))
              .expect(202)
              .data();
      assertThat(accepted.path("status").asText()).isEqualTo("in_progress");
      assertThat(accepted.path("completed_count").asInt()).isZero();
      assertThat(accepted.has("completed_at")).isFalse();

      JsonNode done = awaitJob(t.api(), accepted.path("id").asText());
      assertThat(done.path("status").asText()).isEqualTo("partial_success");
      assertThat(done.path("completed_count").asInt()).isEqualTo(3);
      assertThat(done.path("failed_count").asInt()).isEqualTo(1);
      assertThat(done.path("completed")).hasSize(3);
      assertThat(done.path("failed").get(0).path("domain").asText()).isEqualTo(names.get(3));
      assertThat(done.path("failed").get(0).path("reason").asText()).isEqualTo("dns_lookup_failed");
      assertThat(done.path("completed_at").asText()).isNotEmpty();
      assertThat(t.api().get("/domains/" + byId).expect(200).data().path("forwarding_url").asText())
          .isEqualTo("https://new.acme.com/hi");
      String nodnsId = domainId(t, names.get(3));
      assertThat(
              t.api().get("/domains/" + nodnsId).expect(200).data().path("forwarding_url").asText())
          .isEqualTo("https://example.com");

      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  receiver.received().stream()
                          .map(WebhookReceiver.Received::type)
                          .filter(type -> type.startsWith("domain.forwarding_"))
                          .count()
                      == 2);
      for (WebhookReceiver.Received r : receiver.received()) {
        if (r.type().startsWith("domain.forwarding_")) {
          assertThat(r.json().path("data")).isEqualTo(done);
        }
      }

      // the same URL again: every domain already points there, no provider call needed
      JsonNode again =
          awaitJob(
              t.api(),
              t.api()
                  .post(
                      "/domains/forwarding",
                      Map.of(
                          "domains",
                          names.subList(0, 3),
                          "forwarding_url",
                          "https://new.acme.com/hi"))
                  .expect(202)
                  .data()
                  .path("id")
                  .asText());
      assertThat(again.path("status").asText()).isEqualTo("completed");
      assertThat(again.path("completed_count").asInt()).isEqualTo(3);
    }
  }

  @Test
  void bad_targets_fail_their_rows_and_foreign_domains_are_refused_with_nothing_written() {
    Tenant t = server.newTenant("Forwarding refusals");
    Tenant other = server.newTenant("Forwarding other");
    List<String> mine = OrderBodies.names("fwd-mine", 1);
    List<String> theirs = OrderBodies.names("fwd-theirs", 1);
    orderOn(t, mine);
    orderOn(other, theirs);
    String theirId = domainId(other, theirs.get(0));

    long before = jobs(t);
    t.api()
        .post(
            "/domains/forwarding",
            Map.of("domains", List.of(mine.get(0), theirId), "forwarding_url", "https://acme.com"))
        .expectError(400, "invalid_request", "domains[1]");
    t.api()
        .post(
            "/domains/forwarding",
            Map.of("domains", List.of(theirs.get(0)), "forwarding_url", "https://acme.com"))
        .expectError(400, "invalid_request", "domains[0]");
    String liveKey = t.key(Environment.LIVE, Preset.FULL);
    server
        .api()
        .as(liveKey)
        .post(
            "/domains/forwarding",
            Map.of("domains", List.of(mine.get(0)), "forwarding_url", "https://acme.com"))
        .expectError(400, "invalid_request", "domains[0]");
    t.api()
        .post(
            "/domains/forwarding",
            Map.of("domains", List.of(), "forwarding_url", "https://acme.com"))
        .expectError(400, "invalid_request", "domains");
    t.api()
        .post("/domains/forwarding", Map.of("domains", List.of(mine.get(0))))
        .expectError(400, "invalid_request", "forwarding_url");
    assertThat(jobs(t)).isEqualTo(before);
    assertThat(
            other
                .api()
                .get("/domains/" + theirId)
                .expect(200)
                .data()
                .path("forwarding_url")
                .asText())
        .isEqualTo("https://example.com");
    t.api()
        .get("/domains/forwarding/fwj_01HZX0FW1A2B3C4D5E6F7G8HJK")
        .expectError(404, "not_found", null);

    for (String[] target :
        List.of(
            new String[] {"ftp://acme.com", "invalid_target"},
            new String[] {"http://localhost:8080/x", "invalid_target"},
            new String[] {"https://unreachable-acme.com", "target_unreachable"})) {
      JsonNode job =
          awaitJob(
              t.api(),
              t.api()
                  .post(
                      "/domains/forwarding",
                      Map.of("domains", List.of(mine.get(0)), "forwarding_url", target[0]))
                  .expect(202)
                  .data()
                  .path("id")
                  .asText());
      assertThat(job.path("status").asText()).isEqualTo("failed");
      assertThat(job.path("failed").get(0).path("reason").asText()).isEqualTo(target[1]);
    }
  }
}
