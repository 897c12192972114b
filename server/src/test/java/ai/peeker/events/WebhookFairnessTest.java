package ai.peeker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.common.Ids;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import ai.peeker.testing.WebhookReceiver;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** One partner's slow receiver must not hold up another partner's webhooks. */
class WebhookFairnessTest {
  @Test
  void
      a_receiver_taking_10_seconds_for_partner_a_delays_partner_bs_deliveries_by_less_than_a_second()
          throws Exception {
    try (TestServer server = TestServer.start(UnaryOperator.identity(), Clock.systemUTC());
        WebhookReceiver slow = WebhookReceiver.start("slow");
        WebhookReceiver fast = WebhookReceiver.start("fast")) {
      slow.delay(Duration.ofSeconds(10));
      Tenant a = server.newTenant("Slow partner");
      Tenant b = server.newTenant("Fast partner");
      Webhooks webhooks = server.app().webhooks();
      webhooks.set(a.partner().id(), Environment.TEST, slow.url());
      webhooks.set(b.partner().id(), Environment.TEST, fast.url());
      Outbox outbox = new Outbox(Clock.systemUTC(), new Ids(Clock.systemUTC()));
      var jdbi = server.app().database().jdbi();

      for (int i = 0; i < 100; i++) {
        Scope scope = a.sandbox();
        jdbi.useTransaction(
            h -> outbox.append(h, scope, EventType.ORDER_IN_PROGRESS, "ord_a", Map.of()));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> slow.count() == 4);

      Map<String, Long> appendedAt = new ConcurrentHashMap<>();
      for (int i = 0; i < 40; i++) {
        long before = System.nanoTime();
        String id =
            jdbi.inTransaction(
                h -> outbox.append(h, b.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_b", Map.of()));
        appendedAt.put(id, before);
        Thread.sleep(25);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> fast.count() == 40);

      long worstMillis =
          fast.received().stream()
              .mapToLong(r -> (r.arrivedNanos() - appendedAt.get(r.eventId())) / 1_000_000)
              .max()
              .orElseThrow();
      assertThat(worstMillis).as("partner B's slowest event-to-delivery, ms").isLessThan(1_000);
      assertThat(slow.count()).as("partner A holds at most 4 requests in flight").isEqualTo(4);
    }
  }
}
