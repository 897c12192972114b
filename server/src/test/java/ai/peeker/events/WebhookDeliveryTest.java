package ai.peeker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.common.Ids;
import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Orders;
import ai.peeker.testing.PeekerWebhooks;
import ai.peeker.testing.SettableClock;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import ai.peeker.testing.WebhookReceiver;
import ai.peeker.testing.WebhookReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery end to end: real outbox events, the real dispatcher, a real HTTP receiver that checks
 * every signature with the README's verifier. The server's clock is set by hand, so retries that
 * are minutes apart run in milliseconds.
 */
class WebhookDeliveryTest {
  /** Retries 10 s, 20 s, 40 s, 80 s apart (each ± 20 %), on the settable clock. */
  static final RetrySchedule RETRIES = RetrySchedule.parse("10s,20s,40s,80s");

  static final SettableClock clock = SettableClock.startingNow();
  static TestServer server;
  final List<WebhookReceiver> receivers = new ArrayList<>();

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            c ->
                c.withWebhooks(
                    new WebhookSettings(
                        Duration.ofSeconds(2),
                        RETRIES,
                        WebhookSettings.DEFAULT.concurrencyPerEndpoint(),
                        Duration.ofMillis(20))),
            clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void stopReceivers() {
    receivers.forEach(WebhookReceiver::close);
  }

  Webhooks webhooks() {
    return server.app().webhooks();
  }

  WebhookReceiver receiver() {
    WebhookReceiver r = WebhookReceiver.start("hooks");
    receivers.add(r);
    return r;
  }

  /** Sets the tenant's sandbox endpoint to {@code receiver}; returns its secret. */
  String subscribe(Tenant tenant, WebhookReceiver receiver) {
    return webhooks().set(tenant.partner().id(), Environment.TEST, receiver.url()).newSecret();
  }

  /** Appends an event the way every feature does: through the outbox, in a transaction. */
  String append(Scope scope, EventType type, String objectId, Object data) {
    Outbox outbox = new Outbox(clock, new Ids(clock));
    return server
        .app()
        .database()
        .jdbi()
        .inTransaction(h -> outbox.append(h, scope, type, objectId, data));
  }

  /** The outbox's ids of {@code type} events of an order or of its domains. */
  List<String> eventIds(String type, String orderId) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT id FROM events WHERE type = :type AND (object_id = :order"
                            + " OR object_id IN (SELECT id FROM domains WHERE order_id = :order))"
                            + " ORDER BY id")
                    .bind("type", type)
                    .bind("order", orderId)
                    .mapTo(String.class)
                    .list());
  }

  Delivery awaitAttempts(String eventId, int attempts) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> webhooks().delivery(eventId).attemptLog().size() >= attempts);
    Delivery d = webhooks().delivery(eventId);
    assertThat(d.attemptLog()).hasSize(attempts);
    return d;
  }

  static boolean verifies(String secret, Received r) {
    try {
      return PeekerWebhooks.verify(secret, r.timestamp(), r.signature(), r.body(), clock.instant());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void every_request_is_signed_as_documented_and_a_tampered_body_or_stale_timestamp_fails()
      throws Exception {
    Tenant tenant = server.newTenant("Signed");
    WebhookReceiver receiver = receiver();
    String secret = subscribe(tenant, receiver);
    assertThat(secret).startsWith("whsec_").hasSize(6 + 43);

    Order order = Orders.custom(server, tenant.sandbox(), "signed@example.com");
    // provisioning follows with events of its own; this test reads the first, order.in_progress
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> receiver.received().stream().anyMatch(x -> x.type().equals("order.in_progress")));
    Received r =
        receiver.received().stream()
            .filter(x -> x.type().equals("order.in_progress"))
            .findFirst()
            .orElseThrow();

    var json = r.json();
    assertThat(json.properties().stream().map(Map.Entry::getKey).toList())
        .containsExactly("id", "type", "created_at", "environment", "data");
    assertThat(json.path("type").asText()).isEqualTo("order.in_progress");
    assertThat(json.path("environment").asText()).isEqualTo("test");
    assertThat(json.path("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(json.path("data").path("id").asText()).isEqualTo(order.id());
    assertThat(r.eventId()).isEqualTo(json.path("id").asText()).startsWith("evt_");
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.userAgent()).isEqualTo("Peeker-Webhooks/1");
    assertThat(r.timestamp()).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(r.signature()).matches("v1=[0-9a-f]{64}");

    assertThat(verifies(secret, r)).isTrue();
    byte[] tampered = Arrays.copyOf(r.body(), r.body().length);
    tampered[tampered.length - 2] ^= 1;
    assertThat(
            PeekerWebhooks.verify(secret, r.timestamp(), r.signature(), tampered, clock.instant()))
        .isFalse();
    assertThat(
            PeekerWebhooks.verify(
                secret, r.timestamp(), r.signature(), r.body(), clock.instant().plusSeconds(301)))
        .as("a timestamp more than 5 minutes old")
        .isFalse();
    String shifted = Long.toString(Long.parseLong(r.timestamp()) + 1);
    assertThat(PeekerWebhooks.verify(secret, shifted, r.signature(), r.body(), clock.instant()))
        .as("the timestamp is signed too")
        .isFalse();
    assertThat(
            PeekerWebhooks.verify(
                WebhookSecrets.generate(), r.timestamp(), r.signature(), r.body(), clock.instant()))
        .isFalse();

    Delivery d = webhooks().delivery(r.eventId());
    assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(d.attemptLog())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.statusCode()).isEqualTo(200);
              assertThat(a.error()).isNull();
              assertThat(a.url()).isEqualTo(receiver.url());
            });
  }

  @Test
  void
      a_sandbox_order_delivers_in_progress_a_connected_event_per_domain_and_completed_with_stable_ids() {
    Tenant tenant = server.newTenant("Order flow");
    WebhookReceiver receiver = receiver();
    String secret = subscribe(tenant, receiver);
    Scope scope = tenant.sandbox();
    Order order =
        Orders.forBundle(server, scope, "flow@example.com", Orders.smallBundle(server, scope));

    // provisioning connects each domain, then completes the order
    List<Map<String, Object>> domains =
        server
            .app()
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT id, domain FROM domains WHERE order_id = :o ORDER BY domain")
                        .bind("o", order.id())
                        .mapToMap()
                        .list());
    assertThat(domains).hasSizeGreaterThan(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> receiver.received().stream().anyMatch(x -> x.type().equals("order.completed")));
    List<String> connected = eventIds("domain.connected", order.id());
    assertThat(connected).hasSize(domains.size());
    String completed = eventIds("order.completed", order.id()).getFirst();

    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.count() == domains.size() + 2);
    List<Received> all = receiver.received();
    assertThat(all)
        .extracting(Received::type)
        .containsOnlyOnce("order.in_progress", "order.completed")
        .filteredOn("domain.connected"::equals)
        .hasSize(domains.size());
    assertThat(all)
        .extracting(Received::eventId)
        .containsAll(connected)
        .contains(completed)
        .doesNotHaveDuplicates();
    assertThat(all).allSatisfy(r -> assertThat(verifies(secret, r)).isTrue());
    Received done = receiver.received(completed).getFirst();
    assertThat(done.json().path("data").path("id").asText()).isEqualTo(order.id());
    assertThat(done.json().path("data").path("costs").path("line_items").isArray()).isTrue();

    clock.advance(Duration.ofSeconds(30));
    Delivery again = webhooks().redeliver(completed);
    assertThat(again.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(again.attempts()).isEqualTo(2);
    List<Received> both = receiver.received(completed);
    assertThat(both).hasSize(2);
    assertThat(both.get(1).body())
        .as("the same bytes, the same event id")
        .isEqualTo(both.get(0).body());
    assertThat(both.get(1).timestamp()).isNotEqualTo(both.get(0).timestamp());
    assertThat(verifies(secret, both.get(1))).isTrue();
  }

  @Test
  void a_receiver_failing_three_times_gets_the_event_on_the_fourth_attempt_after_the_backoff() {
    Tenant tenant = server.newTenant("Flaky");
    WebhookReceiver receiver = receiver();
    subscribe(tenant, receiver);
    receiver.answerInTurn(500, 503, 500);
    String event =
        append(tenant.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_x", Map.of("id", "ord_x"));

    Delivery first = awaitAttempts(event, 1);
    assertThat(first.state()).isEqualTo(DeliveryState.PENDING);
    assertThat(first.dueAt())
        .isBetween(clock.instant().plusSeconds(8), clock.instant().plusSeconds(12));
    sleep(200);
    assertThat(receiver.count()).as("no retry before the backoff has passed").isEqualTo(1);

    for (int attempt = 2; attempt <= 4; attempt++) {
      clock.advance(RETRIES.delays().get(attempt - 2).multipliedBy(12).dividedBy(10));
      awaitAttempts(event, attempt);
    }
    Delivery d = webhooks().delivery(event);
    assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(d.attemptLog())
        .extracting(Delivery.Attempt::statusCode)
        .containsExactly(500, 503, 500, 200);
    assertThat(d.attemptLog())
        .extracting(Delivery.Attempt::error)
        .containsExactly("HTTP 500", "HTTP 503", "HTTP 500", null);
    assertThat(receiver.received(event))
        .hasSize(4)
        .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
        .containsOnly(
            new String(receiver.received(event).getFirst().body(), StandardCharsets.UTF_8));
  }

  @Test
  void
      a_receiver_down_for_all_five_attempts_fails_the_event_and_redeliver_succeeds_once_it_is_up() {
    Tenant tenant = server.newTenant("Down");
    WebhookReceiver receiver = receiver();
    subscribe(tenant, receiver);
    receiver.stop();
    String event =
        append(tenant.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_y", Map.of("id", "ord_y"));

    awaitAttempts(event, 1);
    for (int attempt = 2; attempt <= 5; attempt++) {
      clock.advance(RETRIES.delays().get(attempt - 2).multipliedBy(12).dividedBy(10));
      awaitAttempts(event, attempt);
    }
    Delivery failed = webhooks().delivery(event);
    assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
    assertThat(failed.dueAt()).isNull();
    assertThat(failed.attemptLog())
        .extracting(Delivery.Attempt::error)
        .containsOnly("connection refused");
    assertThat(
            webhooks()
                .deliveries(tenant.partner().id(), Environment.TEST, DeliveryState.FAILED, 10))
        .extracting(Delivery::eventId)
        .containsExactly(event);

    clock.advance(Duration.ofHours(1));
    sleep(100);
    assertThat(webhooks().delivery(event).attemptLog())
        .as("no sixth attempt on its own")
        .hasSize(5);

    receiver.start();
    Delivery redelivered = webhooks().redeliver(event);
    assertThat(redelivered.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(redelivered.attempts()).isEqualTo(6);
    assertThat(redelivered.attemptLog().getLast().statusCode()).isEqualTo(200);
    assertThat(receiver.received(event)).hasSize(1);
    assertThat(
            webhooks()
                .deliveries(tenant.partner().id(), Environment.TEST, DeliveryState.FAILED, 10))
        .isEmpty();
  }

  @Test
  void after_a_rotation_both_secrets_sign_for_24_hours_then_only_the_new_one() throws Exception {
    Tenant tenant = server.newTenant("Rotating");
    WebhookReceiver receiver = receiver();
    String old = subscribe(tenant, receiver);
    String fresh = webhooks().rotate(tenant.partner().id(), Environment.TEST);
    assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
    assertThat(webhooks().show(tenant.partner().id(), Environment.TEST).secrets())
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.hint()).endsWith("…").hasSize(11));

    String during =
        append(tenant.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_r", Map.of("id", "ord_r"));
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received(during).size() == 1);
    Received r = receiver.received(during).getFirst();
    assertThat(r.signature()).matches("v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
    assertThat(verifies(old, r)).isTrue();
    assertThat(verifies(fresh, r)).isTrue();

    clock.advance(Duration.ofHours(24).plusSeconds(1));
    String after =
        append(tenant.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_s", Map.of("id", "ord_s"));
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received(after).size() == 1);
    Received later = receiver.received(after).getFirst();
    assertThat(later.signature()).matches("v1=[0-9a-f]{64}");
    assertThat(verifies(fresh, later)).isTrue();
    assertThat(verifies(old, later)).isFalse();
    assertThat(webhooks().show(tenant.partner().id(), Environment.TEST).secrets()).hasSize(1);
  }

  @Test
  void events_from_before_the_endpoint_was_set_are_not_sent_until_an_operator_redelivers_them() {
    Tenant tenant = server.newTenant("Late subscriber");
    String before =
        append(tenant.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_b", Map.of("id", "ord_b"));
    WebhookReceiver receiver = receiver();
    subscribe(tenant, receiver);
    String after =
        append(tenant.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_a", Map.of("id", "ord_a"));

    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received(after).size() == 1);
    sleep(200);
    assertThat(receiver.received(before)).isEmpty();
    assertThat(webhooks().deliveries(tenant.partner().id(), null, null, 50))
        .extracting(Delivery::eventId)
        .containsExactly(after);

    assertThat(webhooks().redeliver(before).state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(receiver.received(before)).hasSize(1);
  }

  @Test
  void a_live_endpoint_whose_host_now_resolves_to_loopback_is_refused_at_delivery() {
    Tenant tenant = server.newTenant("Rebinding");
    WebhookReceiver receiver = receiver();
    // a public address is accepted when set…
    webhooks().set(tenant.partner().id(), Environment.LIVE, "https://93.184.215.14/hooks");
    // …and later its name points at this machine (as a DNS rebinding attack would make it)
    server
        .app()
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE webhook_endpoints SET url = :url"
                            + " WHERE partner_id = :p AND environment = 'live'")
                    .bind("url", "https://localhost:" + receiver.port() + "/hooks")
                    .bind("p", tenant.partner().id())
                    .execute());
    String event =
        append(tenant.live(), EventType.ORDER_IN_PROGRESS, "ord_l", Map.of("id", "ord_l"));

    Delivery d = awaitAttempts(event, 1);
    assertThat(d.attemptLog().getFirst().error())
        .startsWith("refused: localhost resolves to")
        .contains("not a public address");
    assertThat(d.attemptLog().getFirst().statusCode()).isNull();
    assertThat(receiver.count()).isZero();
  }

  @Test
  void a_test_ping_is_signed_delivered_and_logged_like_any_event() throws Exception {
    Tenant tenant = server.newTenant("Ping");
    WebhookReceiver receiver = receiver();
    String secret = subscribe(tenant, receiver);

    Delivery ping = webhooks().test(tenant.partner().id(), Environment.TEST);
    assertThat(ping.type()).isEqualTo(EventType.PING);
    assertThat(ping.state()).isEqualTo(DeliveryState.DELIVERED);
    Received r = receiver.received(ping.eventId()).getFirst();
    assertThat(verifies(secret, r)).isTrue();
    assertThat(r.json().path("data").path("url").asText()).isEqualTo(receiver.url());
    sleep(100);
    assertThat(receiver.received(ping.eventId()))
        .as("the dispatcher does not send it again")
        .hasSize(1);

    receiver.answer(410);
    Delivery refused = webhooks().test(tenant.partner().id(), Environment.TEST);
    assertThat(refused.state()).isEqualTo(DeliveryState.PENDING);
    assertThat(refused.lastStatus()).isEqualTo(410);
  }

  @Test
  void deliveries_claimed_ahead_that_wait_too_long_go_back_to_the_queue_without_using_an_attempt() {
    Tenant tenant = server.newTenant("Turned slow");
    WebhookReceiver receiver = receiver();
    subscribe(tenant, receiver);
    for (int i = 0; i < 3; i++) { // a fast endpoint earns claims ahead
      String warm =
          append(tenant.sandbox(), EventType.ORDER_IN_PROGRESS, "ord_w", Map.of("id", "ord_w"));
      awaitAttempts(warm, 1);
    }

    receiver.delay(Duration.ofMillis(300));
    List<String> events =
        server
            .app()
            .database()
            .jdbi()
            .inTransaction(
                h -> {
                  Outbox outbox = new Outbox(clock, new Ids(clock));
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < 12; i++) {
                    ids.add(
                        outbox.append(
                            h,
                            tenant.sandbox(),
                            EventType.ORDER_IN_PROGRESS,
                            "ord_t",
                            Map.of("n", i)));
                  }
                  return ids;
                });
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.count() == 3 + 4);
    // while four requests are in flight and eight wait in the lane, their leases run short
    clock.advance(WebhookSettings.MAX_WAIT.plusSeconds(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 3 + 12);
    String metrics = server.api().anonymous().get("/metrics").expect(200).body();
    assertThat(metrics).containsPattern("peeker_webhook_handed_back_total [1-9]");
    for (String event : events) {
      Delivery d = awaitAttempts(event, 1);
      assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(d.attempts()).as("a handed-back claim is not an attempt").isEqualTo(1);
      assertThat(receiver.received(event)).hasSize(1);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
