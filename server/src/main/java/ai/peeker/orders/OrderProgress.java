package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.common.Json;
import ai.peeker.common.Sealer;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Handle;

/**
 * How background work moves an order along: the provisioning workflow and cancellations lock the
 * order, change its status and append the matching event in their own transaction. Events carry the
 * full order, as {@code GET /orders/{id}} shows it at that moment.
 */
public final class OrderProgress {
  private final Outbox outbox;
  private final Sealer sealer;
  private final Clock clock;

  public OrderProgress(Outbox outbox, Sealer sealer, Clock clock) {
    this.outbox = outbox;
    this.sealer = sealer;
    this.clock = clock;
  }

  /**
   * Locks the order until the transaction ends (serialises its domains' completions) and answers
   * its status.
   */
  public OrderStatus lock(Handle h, Scope scope, String orderId) {
    return OrderStore.lock(h, scope, orderId).orElseThrow(() -> ApiError.notFound("Order"));
  }

  /** The order, locked until the transaction ends. */
  public Order lockOrder(Handle h, Scope scope, String orderId) {
    lock(h, scope, orderId);
    return find(h, scope, orderId);
  }

  public Order find(Handle h, Scope scope, String orderId) {
    return OrderStore.find(h, scope, orderId).orElseThrow(() -> ApiError.notFound("Order"));
  }

  public OrderView view(Handle h, Scope scope, String orderId) {
    Order order = find(h, scope, orderId);
    var contents = OrderStore.contents(h, scope, orderId);
    return OrderView.full(
        order, contents.domains(), contents.inboxes(), scope.environment() == Environment.LIVE);
  }

  /** Sets the status and appends its event ({@code order.<status>}) with the full order. */
  public void moveTo(Handle h, Scope scope, String orderId, OrderStatus status) {
    OrderStore.updateStatus(
        h,
        scope,
        orderId,
        status,
        status == OrderStatus.COMPLETED ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : null);
    outbox.append(h, scope, status.event(), orderId, eventData(h, scope, orderId, status));
  }

  /**
   * The full order; {@code order.action_required} adds {@code pending_actions}: the order's open
   * actions as {@code GET /orders/pending} shows them.
   */
  private Object eventData(Handle h, Scope scope, String orderId, OrderStatus status) {
    OrderView view = view(h, scope, orderId);
    if (status != OrderStatus.ACTION_REQUIRED) {
      return view;
    }
    com.fasterxml.jackson.databind.node.ObjectNode data = Json.MAPPER.valueToTree(view);
    data.set(
        "pending_actions",
        Json.MAPPER.valueToTree(
            PendingActionStore.list(
                h,
                scope,
                new PendingActionStore.Filter(orderId, null, null, null, PendingActionStatus.OPEN),
                null,
                1000)));
    return data;
  }

  /**
   * Moves {@code renews_at} on by whole months until it is ahead of {@code now}, while the order is
   * active (in progress, action required or completed). Answers the next renewal, or null when the
   * order is no longer renewed (cancelled, being cancelled, failed).
   */
  public java.time.Instant renewIfDue(
      Handle h, Scope scope, String orderId, java.time.Instant now) {
    OrderStatus status = lock(h, scope, orderId);
    switch (status) {
      case CANCEL_SCHEDULED, CANCELLED, FAILED -> {
        return null;
      }
      case IN_PROGRESS, ACTION_REQUIRED, COMPLETED -> {
        // renewed below
      }
    }
    java.time.Instant renewsAt = find(h, scope, orderId).renewsAt();
    java.time.Instant next = renewsAt;
    for (int months = 1; !next.isAfter(now); months++) {
      next = renewsAt.atOffset(java.time.ZoneOffset.UTC).plusMonths(months).toInstant();
    }
    if (!next.equals(renewsAt)) {
      OrderStore.renew(h, scope, orderId, renewsAt, next);
    }
    return next;
  }

  /**
   * A replacement domain was bought for the order (a domain swap): one more domain registration on
   * its costs, nothing else changes.
   */
  public void addRegistration(Handle h, Scope scope, String orderId, long priceCents) {
    Order order = find(h, scope, orderId);
    java.util.List<Order.LineItem> items = new java.util.ArrayList<>();
    boolean added = false;
    for (Order.LineItem item : order.lineItems()) {
      if (item.type() == LineItemType.DOMAIN_REGISTRATION) {
        items.add(
            new Order.LineItem(item.type(), item.quantity() + 1, item.amountCents() + priceCents));
        added = true;
      } else {
        items.add(item);
      }
    }
    if (!added) {
      items.add(new Order.LineItem(LineItemType.DOMAIN_REGISTRATION, 1, priceCents));
    }
    OrderStore.updatePlan(
        h,
        scope,
        orderId,
        order.googleLicenses(),
        order.microsoftLicenses(),
        items,
        order.totalCents() + priceCents);
  }

  /** A domain left the order (a partial cancellation took effect). */
  public void domainRemoved(Handle h, Scope scope, String orderId) {
    OrderStore.reduceDomainCount(h, scope, orderId, 1);
  }

  /** The order's sequencer login, its password opened for the upload and nothing else. */
  public SequencerLogin sequencerLogin(Handle h, Scope scope, String orderId) {
    var login =
        OrderStore.uploadLogin(h, scope, orderId).orElseThrow(() -> ApiError.notFound("Order"));
    return new SequencerLogin(
        login.clientId(),
        login.email(),
        login.sealedPassword() == null ? null : sealer.open(login.sealedPassword()));
  }

  /** The customer's sequencer client and login; {@link #toString} never shows the password. */
  public record SequencerLogin(long clientId, String email, String password) {
    @Override
    public String toString() {
      return "SequencerLogin[clientId=" + clientId + ", login=<redacted>]";
    }
  }
}
