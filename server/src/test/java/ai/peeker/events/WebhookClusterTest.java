package ai.peeker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.common.Ids;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Api;
import ai.peeker.testing.TestDatabases;
import ai.peeker.testing.WebhookReceiver;
import ai.peeker.testing.WebhookReceiver.Received;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two nodes on one database share the queue: every attempt is made by exactly one of them. */
class WebhookClusterTest {
  @Test
  void two_nodes_on_one_database_never_deliver_the_same_attempt_twice() {
    Config config =
        Config.fromEnvironment(Map.of())
            .withPort(0)
            .withDatabaseUrl(TestDatabases.fresh())
            .withWebhooks(
                new WebhookSettings(
                    WebhookSettings.DEFAULT.timeout(),
                    WebhookSettings.DEFAULT.retries(),
                    WebhookSettings.DEFAULT.concurrencyPerEndpoint(),
                    Duration.ofMillis(5)));
    try (App one = App.create(config, Clock.systemUTC()).start();
        App two = App.create(config, Clock.systemUTC()).start();
        WebhookReceiver receiver = WebhookReceiver.start("cluster")) {
      List<Scope> scopes = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        Partner partner = one.partners().create("Cluster partner " + p);
        two.webhooks().set(partner.id(), Environment.TEST, receiver.url() + "/" + p);
        scopes.add(new Scope(partner.id(), Environment.TEST));
      }
      Outbox outbox = new Outbox(Clock.systemUTC(), new Ids(Clock.systemUTC()));
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        Scope scope = scopes.get(i % scopes.size());
        App writer = i % 2 == 0 ? one : two;
        events.add(
            writer
                .database()
                .jdbi()
                .inTransaction(
                    h ->
                        outbox.append(
                            h, scope, EventType.ORDER_IN_PROGRESS, "ord_c", Map.of("n", 1))));
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.count() >= events.size());
      Map<String, Long> perEvent =
          receiver.received().stream()
              .collect(Collectors.groupingBy(Received::eventId, Collectors.counting()));
      assertThat(perEvent.keySet()).containsExactlyInAnyOrderElementsOf(events);
      assertThat(perEvent.values()).as("requests per event").containsOnly(1L);

      await().atMost(Duration.ofSeconds(5)).until(() -> settled(one) == events.size());
      var attempts =
          one.database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT attempt, COUNT(*) FROM webhook_attempts GROUP BY attempt")
                          .mapToMap()
                          .list());
      assertThat(attempts)
          .singleElement()
          .satisfies(row -> assertThat(row.get("attempt")).isEqualTo(1));

      double byOne = delivered(one);
      double byTwo = delivered(two);
      assertThat(byOne + byTwo).isEqualTo(events.size());
      assertThat(byOne).as("node one delivered some").isPositive();
      assertThat(byTwo).as("node two delivered some").isPositive();
    }
  }

  private static int settled(App app) {
    return app.database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'delivered'")
                    .mapTo(Integer.class)
                    .one());
  }

  /** The node's own count of delivered attempts, from its Prometheus endpoint. */
  private static double delivered(App app) {
    String metrics =
        new Api("http://localhost:" + app.port()).anonymous().get("/metrics").expect(200).body();
    Matcher m =
        Pattern.compile("peeker_webhook_attempts_total\\{outcome=\"delivered\"\\} (\\S+)")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
