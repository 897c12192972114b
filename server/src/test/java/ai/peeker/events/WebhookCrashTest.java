package ai.peeker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.common.Ids;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Cli;
import ai.peeker.testing.WebhookReceiver;
import ai.peeker.testing.WebhookReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} in the middle of delivery loses no event. */
class WebhookCrashTest {
  static final int EVENTS = 1_200;

  @TempDir Path dataDir;

  @Test
  void killing_the_server_with_over_a_thousand_events_undelivered_loses_none_after_restart()
      throws Exception {
    Map<String, String> env = Cli.sharedDatabase(dataDir);
    env.put("PEEKER_WEBHOOK_TIMEOUT_MS", "2000"); // leases end 12 s after a claim
    env.put("PEEKER_WEBHOOK_POLL_MS", "20");
    Config config = Config.fromEnvironment(env);
    try (WebhookReceiver receiver = WebhookReceiver.start("crash");
        App local = App.create(config, Clock.systemUTC())) {
      String partner = local.partners().create("Crash partner").id();
      local.webhooks().set(partner, Environment.TEST, receiver.url());
      Scope scope = new Scope(partner, Environment.TEST);
      Outbox outbox = new Outbox(Clock.systemUTC(), new Ids(Clock.systemUTC()));
      List<String> events = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        events.add(
            local
                .database()
                .jdbi()
                .inTransaction(
                    h ->
                        outbox.append(
                            h, scope, EventType.ORDER_IN_PROGRESS, "ord_k", Map.of("n", 1))));
      }

      receiver.delay(Duration.ofMillis(20)); // slow enough that the kill finds most undelivered
      Process first = serve(env, "first");
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.count() >= 40);
      } finally {
        first.destroyForcibly().waitFor();
      }
      assertThat(undelivered(local)).as("undelivered when killed").isGreaterThanOrEqualTo(1_000);

      receiver.delay(Duration.ZERO);
      Process second = serve(env, "second");
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> distinct(receiver).containsAll(events) && undelivered(local) == 0);
      } finally {
        second.destroy();
        second.waitFor();
      }
      assertThat(distinct(receiver)).containsExactlyInAnyOrderElementsOf(events);
      // at least once: requests cut off by the kill may arrive twice, never with another id or body
      Map<String, Set<String>> bodies =
          receiver.received().stream()
              .collect(
                  Collectors.groupingBy(
                      Received::eventId,
                      Collectors.mapping(
                          r -> new String(r.body(), StandardCharsets.UTF_8), Collectors.toSet())));
      assertThat(bodies.values()).allSatisfy(b -> assertThat(b).hasSize(1));
    }
  }

  private Process serve(Map<String, String> env, String name) throws Exception {
    return Cli.builder(env, "serve", "--port", "0")
        .redirectError(dataDir.resolve(name + ".log").toFile())
        .redirectOutput(dataDir.resolve(name + ".out").toFile())
        .start();
  }

  private static Set<String> distinct(WebhookReceiver receiver) {
    Set<String> ids = new HashSet<>();
    receiver.received().forEach(r -> ids.add(r.eventId()));
    return ids;
  }

  private static int undelivered(App app) {
    return app.database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE state <> 'delivered'")
                    .mapTo(Integer.class)
                    .one());
  }
}
