package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.bundles.Bundle;
import ai.peeker.orders.Order;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The workflow end to end over HTTP, at the default sandbox timing (50 ms per step). */
class ProvisioningTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            c -> c.withSandboxTiming(Duration.ofMillis(50), Duration.ofSeconds(1)),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_19_domain_order_on_the_25k_bundle_completes_within_two_seconds_with_its_inboxes() {
    Tenant t = server.newTenant("Starter partner");
    Bundle bundle = SandboxOrders.bundle25k(server, t.sandbox());
    assertThat(bundle.requiredDomains().total()).isEqualTo(19);
    List<String> names = SandboxOrders.names("starter", 19);
    t.api().get("/me").expect(200); // loads the contract validator outside the measured time
    for (int k = 0; k < 0; k++) {
    Order warm = SandboxOrders.place(server, t.sandbox(), SandboxOrders.forBundle("alex@acme.com", bundle, SandboxOrders.names("warm", 19)));
    SandboxOrders.awaitStatus(t, warm.id(), Duration.ofSeconds(20), "completed");
    System.out.println("warm " + server.app().database().jdbi().withHandle(h -> h.createQuery("select completed_at, created_at from orders where id = :id").bind("id", warm.id()).mapToMap().one()));
    }
    long started = System.nanoTime();
    Order order =
        SandboxOrders.place(
            server, t.sandbox(), SandboxOrders.forBundle("alex@acme.com", bundle, names));

    JsonNode full = SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(2), "completed");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.println("19-domain order completed in " + took.toMillis() + " ms, server side " + server.app().database().jdbi().withHandle(h -> h.createQuery("select completed_at, created_at from orders where id = :id").bind("id", order.id()).mapToMap().one()));
    assertThat(took).isLessThan(Duration.ofSeconds(2));

    assertThat(full.path("domain_count").asInt()).isEqualTo(19);
    assertThat(texts(full.path("domains").path("registered"))).containsExactlyInAnyOrderElementsOf(names);
    assertThat(full.path("domains").path("imported")).isEmpty();
    Map<String, List<JsonNode>> byDomain = new java.util.HashMap<>();
    full.path("inboxes").forEach(i -> byDomain.computeIfAbsent(i.path("domain").asText(), d -> new ArrayList<>()).add(i));
    Map<String, Long> domainsByProvider =
        byDomain.values().stream()
            .collect(Collectors.groupingBy(l -> l.get(0).path("provider").asText(), Collectors.counting()));
    assertThat(domainsByProvider).containsEntry("google", 15L).containsEntry("microsoft", 4L);
    byDomain.values().forEach(
        inboxes -> {
          String provider = inboxes.get(0).path("provider").asText();
          assertThat(inboxes).hasSize(provider.equals("google") ? 2 : 1);
          inboxes.forEach(i -> assertThat(i.path("status").asText()).isEqualTo("active"));
        });
    assertThat(full.path("inboxes")).hasSize(15 * 2 + 4);
    Map<String, JsonNode> items =
        toList(full.path("costs").path("line_items")).stream()
            .collect(Collectors.toMap(i -> i.path("type").asText(), Function.identity()));
    assertThat(items.get("google_license").path("quantity").asInt()).isEqualTo(30);
    assertThat(items.get("microsoft_license").path("quantity").asInt()).isEqualTo(4);
    assertThat(items.get("domain_registration").path("quantity").asInt()).isEqualTo(19);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
