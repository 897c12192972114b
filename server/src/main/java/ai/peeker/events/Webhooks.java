package ai.peeker.events;

import ai.peeker.common.Ids;
import ai.peeker.common.Sealer;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook endpoints and their delivery log, as the operator CLI manages them: set an endpoint (its
 * first secret is shown once), rotate the secret (old and new both sign for 24 hours), show, send a
 * test event, list deliveries and redeliver one. Delivery itself is the {@link Dispatcher}'s.
 */
public final class Webhooks implements AutoCloseable {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final Sealer sealer;
  private final Outbox outbox;
  private final Partners partners;
  private final WebhookSettings settings;
  private final WebhookClient client;
  private final Courier courier;

  public Webhooks(
      Jdbi jdbi,
      Clock clock,
      Ids ids,
      Sealer sealer,
      Outbox outbox,
      Partners partners,
      WebhookSettings settings) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.sealer = sealer;
    this.outbox = outbox;
    this.partners = partners;
    this.settings = settings;
    this.client = new WebhookClient(clock, settings.timeout());
    this.courier = new Courier(client, settings.retries(), clock);
  }

  /**
   * The node's dispatcher over the same HTTP client; the caller starts and closes it. {@code
   * background} is where it claims and settles deliveries: connections of its own, so a busy API
   * neither delays nor fails deliveries.
   */
  public Dispatcher dispatcher(Jdbi background, MeterRegistry metrics) {
    return new Dispatcher(background, clock, settings, courier, sealer, metrics);
  }

  /** What {@link #set} did: the endpoint, and its secret when one was created (shown once). */
  public record Configured(WebhookEndpoint endpoint, String newSecret) {}

  /**
   * Sets the endpoint URL of a partner's environment. The first time, creates its signing secret
   * and returns it (the only time it is shown); later calls change only the URL.
   */
  public Configured set(String partnerId, Environment environment, String url) {
    Scope scope = scopeOf(partnerId, environment);
    String checked = WebhookUrls.check(environment, url);
    Instant now = now();
    return jdbi.inTransaction(
        h -> {
          if (WebhookStore.findEndpoint(h, scope).isPresent()) {
            WebhookStore.updateUrl(h, scope, checked, now);
            return new Configured(view(h, scope), null);
          }
          String endpointId = ids.next("whe_");
          WebhookStore.insertEndpoint(h, scope, endpointId, checked, now);
          String secret = addSecret(h, endpointId, now);
          return new Configured(view(h, scope), secret);
        });
  }

  /**
   * Creates a new signing secret and returns it (shown once). The secrets signing until now keep
   * signing for 24 hours beside it, so a partner can roll the new one out without losing events.
   */
  public String rotate(String partnerId, Environment environment) {
    Scope scope = scopeOf(partnerId, environment);
    Instant now = now();
    return jdbi.inTransaction(
        h -> {
          String endpointId = endpoint(h, scope).id();
          WebhookStore.expireCurrentSecrets(
              h, endpointId, now.plus(WebhookSettings.ROTATION_OVERLAP));
          return addSecret(h, endpointId, now);
        });
  }

  public WebhookEndpoint show(String partnerId, Environment environment) {
    Scope scope = scopeOf(partnerId, environment);
    return jdbi.withHandle(h -> view(h, scope));
  }

  /** How many of the environment's deliveries are pending, delivered and failed. */
  public Map<DeliveryState, Integer> deliveryCounts(String partnerId, Environment environment) {
    Scope scope = scopeOf(partnerId, environment);
    return jdbi.withHandle(h -> WebhookStore.countByState(h, scope));
  }

  /**
   * Sends a {@code ping} event to the endpoint now and returns its delivery. The event goes through
   * the outbox like any other, so it is signed, logged and retried like any other.
   */
  public Delivery test(String partnerId, Environment environment) {
    Scope scope = scopeOf(partnerId, environment);
    String token = UUID.randomUUID().toString();
    Instant now = now();
    return attempt(
        jdbi.inTransaction(
            h -> {
              WebhookEndpoint endpoint = view(h, scope);
              Target target = target(h, endpoint.id(), now);
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("message", "A test event from Peeker: your endpoint receives webhooks.");
              data.put("url", endpoint.url());
              String eventId = outbox.append(h, scope, EventType.PING, partnerId, data);
              // claimed in the event's own transaction: no dispatcher can take it first
              WebhookStore.claimNow(h, scope, eventId, now, now.plus(settings.lease()), token);
              return new Taken(WebhookStore.claimed(h, List.of(eventId), token).getFirst(), target);
            }));
  }

  /**
   * Sends an event to its partner's endpoint again, now, whatever its state: delivered, failed or
   * waiting for a retry. Also sends events created before the endpoint was set, which are never
   * delivered on their own.
   */
  public Delivery redeliver(String eventId) {
    WebhookStore.EventRow event =
        jdbi.withHandle(h -> WebhookStore.findEvent(h, eventId))
            .orElseThrow(() -> new IllegalArgumentException("no event " + eventId));
    Scope scope = event.scope();
    String token = UUID.randomUUID().toString();
    Instant now = now();
    return attempt(
        jdbi.inTransaction(
            h -> {
              Target target = target(h, endpoint(h, scope).id(), now);
              if (WebhookStore.delivery(h, scope, eventId).isEmpty()) {
                WebhookStore.enqueue(h, scope, eventId, event.createdAt());
              }
              if (!WebhookStore.claimNow(
                  h, scope, eventId, now, now.plus(settings.lease()), token)) {
                throw new IllegalStateException(
                    eventId
                        + " is being sent by a server right now; its result is in the log soon");
              }
              return new Taken(WebhookStore.claimed(h, List.of(eventId), token).getFirst(), target);
            }));
  }

  /** One delivery with its every attempt. */
  public Delivery delivery(String eventId) {
    return jdbi.withHandle(
        h ->
            WebhookStore.findEvent(h, eventId)
                .flatMap(event -> WebhookStore.delivery(h, event.scope(), eventId))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException("no delivery of " + eventId + " on record")));
  }

  /**
   * The newest deliveries of a partner, in one environment or both, optionally only those in {@code
   * state}.
   */
  public List<Delivery> deliveries(
      String partnerId, Environment environment, DeliveryState state, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000");
    }
    List<Environment> environments =
        environment == null ? List.of(Environment.values()) : List.of(environment);
    requirePartner(partnerId);
    List<Delivery> all = new ArrayList<>();
    jdbi.useHandle(
        h -> {
          for (Environment e : environments) {
            all.addAll(WebhookStore.deliveries(h, new Scope(partnerId, e), state, limit));
          }
        });
    return all.stream()
        .sorted(
            Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::eventId).reversed())
        .limit(limit)
        .toList();
  }

  /** An event as a timeline shows it. */
  public record EventSummary(String id, EventType type, Instant createdAt) {}

  /** An event with the JSON body its webhook carries. */
  public record EventBody(EventSummary event, String payload) {}

  /** An event of a scope with its delivery (and every attempt), if it was ever queued. */
  public record EventDetail(EventSummary event, String payload, Delivery delivery) {}

  /** The endpoint of a scope, if one is set. */
  public java.util.Optional<WebhookEndpoint> find(Scope scope) {
    return jdbi.withHandle(
        h ->
            WebhookStore.findEndpoint(h, scope).isPresent()
                ? java.util.Optional.of(view(h, scope))
                : java.util.Optional.<WebhookEndpoint>empty());
  }

  /** The events about one object of a scope (e.g. an order), oldest first; at most 500. */
  public List<EventSummary> eventsAbout(Scope scope, String objectId) {
    return jdbi.withHandle(h -> EventStore.about(h, scope, objectId, 500));
  }

  /** One event of a scope with its body and delivery; empty when the scope has no such event. */
  public java.util.Optional<EventDetail> event(Scope scope, String eventId) {
    return jdbi.withHandle(
        h ->
            EventStore.find(h, scope, eventId)
                .map(
                    body ->
                        new EventDetail(
                            body.event(),
                            body.payload(),
                            WebhookStore.delivery(h, scope, eventId).orElse(null))));
  }

  /** The latency of each delivery's latest attempt (none before its first), by event id. */
  public Map<String, Long> lastLatencies(Scope scope, List<Delivery> deliveries) {
    List<String> ids = deliveries.stream().map(Delivery::eventId).toList();
    return jdbi.withHandle(h -> WebhookStore.lastLatencies(h, scope, ids));
  }

  /** {@link #redeliver(String)} for an event of this scope only. */
  public Delivery redeliver(Scope scope, String eventId) {
    if (jdbi.withHandle(h -> EventStore.find(h, scope, eventId)).isEmpty()) {
      throw new IllegalArgumentException("no event " + eventId);
    }
    return redeliver(eventId);
  }

  /** A delivery taken for an attempt now, with where it goes (read before it was taken). */
  private record Taken(Claimed claimed, Target target) {}

  private Target target(Handle h, String endpointId, Instant now) {
    return WebhookStore.targets(h, List.of(endpointId), now, sealer::open).get(endpointId);
  }

  private Delivery attempt(Taken taken) {
    Settlement settlement = courier.carry(taken.claimed(), taken.target()).join();
    jdbi.useTransaction(h -> WebhookStore.settle(h, List.of(settlement)));
    Claimed claimed = taken.claimed();
    return jdbi.withHandle(h -> WebhookStore.delivery(h, claimed.scope(), claimed.eventId()))
        .orElseThrow();
  }

  private String addSecret(Handle h, String endpointId, Instant now) {
    String secret = WebhookSecrets.generate();
    WebhookStore.insertSecret(
        h, ids.next("whs_"), endpointId, sealer.seal(secret), WebhookSecrets.hint(secret), now);
    return secret;
  }

  private WebhookEndpoint view(Handle h, Scope scope) {
    WebhookStore.EndpointRow row = endpoint(h, scope);
    Instant now = clock.instant();
    List<WebhookEndpoint.SecretHint> secrets =
        WebhookStore.secrets(h, scope).stream()
            .filter(s -> s.expiresAt() == null || s.expiresAt().isAfter(now))
            .map(s -> new WebhookEndpoint.SecretHint(s.hint(), s.createdAt(), s.expiresAt()))
            .toList();
    return new WebhookEndpoint(
        row.id(), scope, row.url(), row.createdAt(), row.updatedAt(), secrets);
  }

  private static WebhookStore.EndpointRow endpoint(Handle h, Scope scope) {
    return WebhookStore.findEndpoint(h, scope)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no webhook endpoint for "
                        + scope.partnerId()
                        + " ("
                        + scope.env()
                        + "); set one with: webhook set"));
  }

  private Scope scopeOf(String partnerId, Environment environment) {
    requirePartner(partnerId);
    return new Scope(partnerId, environment);
  }

  private void requirePartner(String partnerId) {
    if (partnerId == null || partners.find(partnerId).isEmpty()) {
      throw new IllegalArgumentException("no partner " + partnerId);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void close() {
    client.close();
  }
}
