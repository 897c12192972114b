package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.orders.Order;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A step's failure policy runs out: the job gives up and records the terminal state. */
class StepRetriesTest {
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    db = new Db(server);
  }

  @Test
  void a_dns_host_that_never_recovers_is_given_up_after_eight_retries_and_fails_the_order() {
    Tenant t = server.newTenant("Never recovers");
    String zone = "flaky-" + SandboxOrders.names("never", 1).get(0);
    // a flaky- zone fails while its attempts stay at two or fewer: this one never gets there
    server.execute(
        "INSERT INTO sandbox_dns_zones (partner_id, zone, status, attempts, nameservers,"
            + " created_at) VALUES (?, ?, 'pending', -1000, 'ns', ?)",
        t.partner().id(),
        zone,
        Instant.now());
    Order order =
        SandboxOrders.place(
            server,
            t.sandbox(),
            SandboxOrders.custom(
                "never@acme.com", 0, 1, List.of(zone), List.of(SandboxOrders.sam())));

    // the sandbox policy: 200 ms doubling up to 5 s, 8 retries (about 21 s in all)
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                db.strings("SELECT status FROM orders WHERE id = ?", order.id())
                    .equals(List.of("failed")));
    assertThat(t.api().get("/orders/" + order.id()).expect(200).data().path("status").asText())
        .isEqualTo("failed");
    assertThat(
            db.count(
                "SELECT attempts FROM sandbox_dns_zones WHERE partner_id = ? AND zone = ?",
                t.partner().id(),
                zone))
        .as("the first attempt and eight retries")
        .isEqualTo(-1000 + 9);
    assertThat(db.strings("SELECT last_error FROM domain_workflows WHERE order_id = ?", order.id()))
        .containsExactly(
            "gave up after 8 attempts: the DNS host timed out creating zone "
                + zone
                + " (sandbox flaky- magic value)");
    assertThat(db.strings("SELECT d.status FROM domains d WHERE d.order_id = ?", order.id()))
        .containsExactly("failed");
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM events WHERE type = 'order.failed' AND object_id = ?",
                order.id()))
        .isEqualTo(1);
    // the job goes once the give-up is recorded
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance LIKE ?",
                        order.id() + "/%")
                    == 0);
  }
}
