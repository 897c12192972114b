package ai.peeker.portal;

import ai.peeker.api.ApiError;
import ai.peeker.common.Cursor;
import ai.peeker.common.PageSlice;
import ai.peeker.domains.Domain;
import ai.peeker.domains.DomainCategory;
import ai.peeker.domains.Domains;
import ai.peeker.events.Delivery;
import ai.peeker.events.DeliveryState;
import ai.peeker.events.WebhookEndpoint;
import ai.peeker.events.Webhooks;
import ai.peeker.orders.Cancellations;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderStatus;
import ai.peeker.orders.OrderView;
import ai.peeker.orders.Orders;
import ai.peeker.orders.PendingAction;
import ai.peeker.orders.PendingActionStatus;
import ai.peeker.orders.PendingActions;
import ai.peeker.partners.ApiKey;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Preset;
import ai.peeker.partners.Scope;
import ai.peeker.swaps.Swap;
import ai.peeker.swaps.SwapStatus;
import ai.peeker.swaps.Swaps;
import java.util.List;
import java.util.Optional;

/**
 * What the portal's pages read and change, through the same services and the same {@link Scope} as
 * the API: a signed-in user acts for their partner exactly as one of its keys would, so an id of
 * another partner is not found.
 */
public final class Portal {
  public static final int PAGE_SIZE = 25;
  public static final int DELIVERY_LOG_SIZE = 50;

  private final Partners partners;
  private final Webhooks webhooks;
  private final Orders orders;
  private final Cancellations cancellations;
  private final PendingActions pendingActions;
  private final Domains domains;
  private final Swaps swaps;

  public Portal(
      Partners partners,
      Webhooks webhooks,
      Orders orders,
      Cancellations cancellations,
      PendingActions pendingActions,
      Domains domains,
      Swaps swaps) {
    this.partners = partners;
    this.webhooks = webhooks;
    this.orders = orders;
    this.cancellations = cancellations;
    this.pendingActions = pendingActions;
    this.domains = domains;
    this.swaps = swaps;
  }

  // ---- API keys ------------------------------------------------------------------------

  public List<Partners.ListedKey> keys(Scope scope) {
    return partners.keys(scope);
  }

  public Partners.IssuedKey createKey(Scope scope, Preset preset, int rateLimitPerMinute) {
    return partners.issueKey(scope.partnerId(), scope.environment(), preset, rateLimitPerMinute);
  }

  public ApiKey key(Scope scope, String keyId) {
    return partners.keys(scope).stream()
        .map(Partners.ListedKey::key)
        .filter(k -> k.id().equals(keyId))
        .findFirst()
        .orElseThrow(() -> ApiError.notFound("API key"));
  }

  public void revokeKey(Scope scope, String keyId) {
    key(scope, keyId);
    partners.revokeKey(scope, keyId); // false: revoked already, which is what was asked
  }

  // ---- webhooks ------------------------------------------------------------------------

  public Optional<WebhookEndpoint> webhook(Scope scope) {
    return webhooks.find(scope);
  }

  /** Sets the URL; the first time, returns the new secret (shown once). */
  public Webhooks.Configured setWebhook(Scope scope, String url) {
    return webhooks.set(scope.partnerId(), scope.environment(), url);
  }

  public String rotateSecret(Scope scope) {
    return webhooks.rotate(scope.partnerId(), scope.environment());
  }

  public Delivery sendTestEvent(Scope scope) {
    return webhooks.test(scope.partnerId(), scope.environment());
  }

  public List<Delivery> deliveries(Scope scope, DeliveryState state) {
    return webhooks.deliveries(scope.partnerId(), scope.environment(), state, DELIVERY_LOG_SIZE);
  }

  /** Latency of each delivery's latest attempt, by event id. */
  public java.util.Map<String, Long> latencies(Scope scope, List<Delivery> deliveries) {
    return webhooks.lastLatencies(scope, deliveries);
  }

  public Webhooks.EventDetail event(Scope scope, String eventId) {
    return webhooks.event(scope, eventId).orElseThrow(() -> ApiError.notFound("Event"));
  }

  public Delivery redeliver(Scope scope, String eventId) {
    event(scope, eventId);
    return webhooks.redeliver(scope, eventId);
  }

  // ---- orders --------------------------------------------------------------------------

  /** The filters of {@code GET /orders}; null means any. */
  public record OrderFilter(OrderStatus status, String userEmail, String userId, String bundleId) {}

  public PageSlice<Order.LeanOrder> orders(Scope scope, OrderFilter f, Cursor after) {
    return orders.list(
        scope,
        new Orders.ListFilter(f.userId(), f.userEmail(), f.bundleId(), f.status()),
        after,
        PAGE_SIZE);
  }

  /** An order with its events (oldest first) and its pending actions. */
  public record OrderPage(
      OrderView order, List<Webhooks.EventSummary> events, List<PendingAction> actions) {}

  public OrderPage order(Scope scope, String orderId) {
    OrderView view = orders.view(scope, orderId);
    return new OrderPage(
        view,
        webhooks.eventsAbout(scope, orderId),
        pendingActions
            .list(
                scope,
                new PendingActions.ListFilter(orderId, null, null, null, null),
                null,
                PAGE_SIZE)
            .rows());
  }

  public Cancellations.Result cancel(Scope scope, String orderId) {
    return cancellations.cancel(scope, orderId, null);
  }

  public PageSlice<PendingAction> pendingActions(
      Scope scope, PendingActionStatus status, Cursor after) {
    return pendingActions.list(
        scope, new PendingActions.ListFilter(null, null, null, null, status), after, PAGE_SIZE);
  }

  public PageSlice<Domain> domains(Scope scope, DomainCategory category, Cursor after) {
    return domains.list(
        scope, new Domains.ListFilter(category, null, null, null, null), after, PAGE_SIZE);
  }

  public PageSlice<Swap> swaps(Scope scope, SwapStatus status, Cursor after) {
    return swaps.list(scope, new Swaps.ListFilter(null, null, null, status), after, PAGE_SIZE);
  }
}
