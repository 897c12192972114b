package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.domains.imports.ImportTiming;
import ai.peeker.orders.Order;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swaps onto the partner's imported domains, before and after their nameservers point at us. */
class ImportedSwapsTest {
  @Test
  void a_swap_onto_an_import_waiting_for_nameservers_waits_then_completes_or_fails_with_it() {
    try (TestServer own =
        TestServer.start(
            c -> c.withImportTiming(new ImportTiming(Duration.ofSeconds(2), Duration.ofSeconds(4))),
            Clock.systemUTC())) {
      Db db = new Db(own);
      Tenant t = own.newTenant("Imported swaps");
      Order order = SandboxOrders.placeCustom(own, t.sandbox(), 4, 0, "impswap");
      SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(30), "completed");
      List<String> domains =
          db.strings("SELECT id FROM domains WHERE order_id = ? ORDER BY id", order.id());
      String good = SandboxOrders.names("imported", 1).get(0);
      String never = "pending-ns-" + SandboxOrders.names("never", 1).get(0);
      t.api().post("/domains/import", Map.of("domains", List.of(good, never))).expect(200);

      // nameservers not pointed yet: the swap waits, then starts by itself
      JsonNode waiting =
          t.api()
              .post(
                  "/swaps",
                  Map.of(
                      "type", "standard", "domain_id", domains.get(0), "replacement_domain", good))
              .expect(201)
              .data();
      assertThat(waiting.path("status").asText()).isEqualTo("action_required");
      assertThat(waiting.path("reason").asText()).isEqualTo("nameservers_not_set");
      String swapId = waiting.path("id").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  t.api()
                      .get("/swaps/" + swapId)
                      .expect(200)
                      .data()
                      .path("status")
                      .asText()
                      .equals("completed"));
      assertThat(
              db.strings(
                  "SELECT type FROM events WHERE object_id = ? ORDER BY created_at, id", swapId))
          .containsExactly(
              "swap.created", "swap.action_required", "swap.in_progress", "swap.completed");
      JsonNode after = t.api().get("/orders/" + order.id()).expect(200).data();
      assertThat(ProvisioningTest.texts(after.path("domains").path("imported"))).contains(good);
      // no registration bought for an imported domain
      assertThat(after.path("costs").path("total_cents").asLong()).isEqualTo(order.totalCents());

      // never pointed: the import gives up, and the swap fails with it
      String failing =
          t.api()
              .post(
                  "/swaps",
                  Map.of(
                      "type", "standard", "domain_id", domains.get(1), "replacement_domain", never))
              .expect(201)
              .data()
              .path("id")
              .asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  t.api()
                      .get("/swaps/" + failing)
                      .expect(200)
                      .data()
                      .path("status")
                      .asText()
                      .equals("failed"));
      assertThat(
              t.api().get("/domains/" + domains.get(1)).expect(200).data().path("status").asText())
          .isEqualTo("active");
    }
  }
}
