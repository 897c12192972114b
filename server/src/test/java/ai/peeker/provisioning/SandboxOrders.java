package ai.peeker.provisioning;

import static org.awaitility.Awaitility.await;

import ai.peeker.orders.Order;
import ai.peeker.orders.OrderRequest;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import ai.peeker.users.SequencerProvider;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Orders for provisioning tests, placed through the same service {@code POST /orders} calls, and
 * ways to wait for them over HTTP.
 */
final class SandboxOrders {
  static final String PASSWORD = "Sm4rtl3ad-s3cret-PASSWORD";
  static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");
  private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

  private SandboxOrders() {}

  static Order place(TestServer server, Scope scope, OrderRequest request) {
    return server.app().orders().place(scope, request);
  }

  /** Fresh, unique, buyable names: {@code <prefix><n>-<i>.com}. */
  static List<String> names(String prefix, int count) {
    long n = SEQUENCE.incrementAndGet();
    return IntStream.range(0, count).mapToObj(i -> prefix + n + "-" + i + ".com").toList();
  }

  /**
   * A custom order with one persona (Sam Lee, no picture) on fresh names: Google licenses at two
   * inboxes per domain, one domain per Microsoft license.
   */
  static Order placeCustom(
      TestServer server, Scope scope, int google, int microsoft, String prefix) {
    return place(
        server,
        scope,
        custom(
            prefix + "@acme.com",
            google,
            microsoft,
            names(prefix, (google + 1) / 2 + microsoft),
            List.of(sam())));
  }

  static OrderRequest custom(
      String email, int google, int microsoft, List<String> domains, List<Order.Persona> personas) {
    return request(email, null, google, microsoft, domains, personas);
  }

  static OrderRequest request(
      String email,
      String bundleId,
      Integer google,
      Integer microsoft,
      List<String> domains,
      List<Order.Persona> personas) {
    return new OrderRequest(
        new OrderRequest.Customer(null, email, null, null),
        bundleId,
        google,
        microsoft,
        null,
        new OrderRequest.Sequencer(SequencerProvider.SMARTLEAD, 366903, "login@acme.com", PASSWORD),
        "https://acme.com",
        IntStream.range(0, domains.size())
            .mapToObj(i -> new OrderRequest.DomainEntry(domains.get(i), null, "domains[" + i + "]"))
            .toList(),
        personas);
  }

  static Order.Persona sam() {
    return new Order.Persona("Sam", "Lee", null);
  }

  /** Polls {@code GET /orders/{id}} until its status is one of {@code statuses}; answers it. */
  static JsonNode awaitStatus(Tenant t, String orderId, Duration within, String... statuses) {
    Set<String> wanted = Set.of(statuses);
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              last[0] = t.api().get("/orders/" + orderId).expect(200).data();
              return wanted.contains(last[0].path("status").asText());
            });
    return last[0];
  }
}
