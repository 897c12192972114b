package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.common.Ids;
import ai.peeker.domains.DomainStatus;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Cancelling an order, or some of its domains. The cancellation is scheduled at once and takes
 * effect at {@code cancels_at}: the end of the paid period ({@code renews_at}) in live, a short
 * grace in the sandbox. Cancelling some domains drops the licenses they carry from the order's plan
 * and costs at once; a Google domain takes its 2–3 licenses with it.
 */
public final class Cancellations {
  private final Jdbi jdbi;
  private final Clock clock;
  private final OrderProgress progress;
  private final Outbox outbox;
  private final DomainRelease release;
  private final Duration sandboxGrace;

  public Cancellations(
      Jdbi jdbi,
      Clock clock,
      OrderProgress progress,
      Outbox outbox,
      DomainRelease release,
      Duration sandboxGrace) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.progress = progress;
    this.outbox = outbox;
    this.release = release;
    this.sandboxGrace = sandboxGrace;
  }

  /** One entry of {@code domains}: a {@code dom_} id or a name, and the field naming it. */
  public record Target(String value, String field) {}

  /**
   * What was cancelled: the response of {@code POST /orders/{id}/cancel}, the union of both doc
   * versions: the full order (v1) with v2's cancellation fields, and {@code domains} as v2's list
   * of the cancelled domains (the one key where the two clash).
   */
  public record Result(
      String id,
      OrderStatus status,
      Instant cancellationScheduledAt,
      Instant cancelsAt,
      List<DomainRef> domains,
      OrderView order) {

    @com.fasterxml.jackson.annotation.JsonValue
    com.fasterxml.jackson.databind.node.ObjectNode wire() {
      com.fasterxml.jackson.databind.node.ObjectNode body =
          ai.peeker.common.Json.MAPPER.valueToTree(order);
      body.put("status", status.wire());
      body.set(
          "cancellation_scheduled_at",
          ai.peeker.common.Json.MAPPER.valueToTree(cancellationScheduledAt));
      body.set("cancels_at", ai.peeker.common.Json.MAPPER.valueToTree(cancelsAt));
      body.set("domains", ai.peeker.common.Json.MAPPER.valueToTree(domains));
      return body;
    }
  }

  public record DomainRef(String id, String domain) {}

  /** Cancels the whole order ({@code targets} null) or the named domains of it. */
  public Result cancel(Scope scope, String orderId, List<Target> targets) {
    if (!Ids.looksLike("ord_", orderId)) {
      throw ApiError.notFound("Order");
    }
    return jdbi.inTransaction(
        h -> {
          Order order = progress.lockOrder(h, scope, orderId);
          if (order.status() == OrderStatus.CANCELLED) {
            throw ApiError.conflict("Order " + orderId + " is already cancelled", null);
          }
          if (order.status() == OrderStatus.CANCEL_SCHEDULED) {
            throw ApiError.conflict(
                "Order " + orderId + " is already scheduled for cancellation", null);
          }
          List<DomainRelease.OrderDomain> onOrder = release.domainsOf(h, scope, orderId);
          List<DomainRelease.OrderDomain> still =
              onOrder.stream().filter(d -> d.status() != DomainStatus.CANCEL_SCHEDULED).toList();
          List<DomainRelease.OrderDomain> chosen =
              targets == null ? still : chosen(onOrder, targets);
          Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
          Instant cancelsAt =
              scope.environment() == Environment.LIVE
                  ? periodEnd(order.renewsAt(), now)
                  : now.plus(sandboxGrace).truncatedTo(ChronoUnit.MILLIS);
          release.schedule(
              h,
              scope,
              orderId,
              chosen.stream().map(DomainRelease.OrderDomain::id).toList(),
              cancelsAt);
          List<DomainRef> refs =
              chosen.stream().map(d -> new DomainRef(d.id(), d.domain())).toList();
          if (chosen.size() == still.size()) {
            // every domain left: this is the whole order
            OrderStore.scheduleCancellation(h, scope, orderId, now, cancelsAt);
            OrderStatus scheduled = OrderStatus.CANCEL_SCHEDULED;
            outbox.append(h, scope, scheduled.event(), orderId, progress.view(h, scope, orderId));
            return new Result(
                orderId, scheduled, now, cancelsAt, refs, progress.view(h, scope, orderId));
          }
          dropLicenses(h, scope, order, chosen);
          return new Result(
              orderId, order.status(), now, cancelsAt, refs, progress.view(h, scope, orderId));
        });
  }

  /**
   * The end of the period that is running now: {@code renews_at}, or, when the renewal has not
   * advanced it yet, the next monthly boundary after it that is still ahead. Never in the past.
   */
  static Instant periodEnd(Instant renewsAt, Instant now) {
    java.time.OffsetDateTime end = renewsAt.atOffset(java.time.ZoneOffset.UTC);
    for (int months = 1; !end.toInstant().isAfter(now); months++) {
      end = renewsAt.atOffset(java.time.ZoneOffset.UTC).plusMonths(months);
    }
    return end.toInstant();
  }

  /**
   * Resolves each entry to a domain on the order; unknown ones are 400, repeated ones count once.
   */
  private static List<DomainRelease.OrderDomain> chosen(
      List<DomainRelease.OrderDomain> onOrder, List<Target> targets) {
    Map<String, DomainRelease.OrderDomain> chosen = new LinkedHashMap<>();
    for (Target t : targets) {
      String wanted = t.value().strip().toLowerCase(Locale.ROOT);
      DomainRelease.OrderDomain match =
          onOrder.stream()
              .filter(d -> d.id().equals(t.value().strip()) || d.domain().equals(wanted))
              .findFirst()
              .orElseThrow(
                  () ->
                      ApiError.invalid(
                          t.field(),
                          "'" + t.value() + "' is not a domain of this order",
                          Map.of("domain", t.value())));
      if (match.status() == DomainStatus.CANCEL_SCHEDULED) {
        throw ApiError.conflict(
            "Domain " + match.domain() + " is already scheduled for cancellation", t.field());
      }
      chosen.put(match.id(), match);
    }
    return List.copyOf(chosen.values());
  }

  /** The licenses the cancelled domains carried leave the plan; line items and total follow. */
  private static void dropLicenses(
      org.jdbi.v3.core.Handle h,
      Scope scope,
      Order order,
      List<DomainRelease.OrderDomain> cancelled) {
    int google = order.googleLicenses();
    int microsoft = order.microsoftLicenses();
    for (DomainRelease.OrderDomain d : cancelled) {
      switch (d.provider()) {
        case GOOGLE -> google -= d.inboxCount();
        case MICROSOFT -> microsoft -= 1;
      }
    }
    google = Math.max(0, google);
    microsoft = Math.max(0, microsoft);
    List<Order.LineItem> items = new ArrayList<>();
    for (Order.LineItem item : order.lineItems()) {
      int quantity =
          switch (item.type()) {
            case GOOGLE_LICENSE -> google;
            case MICROSOFT_LICENSE -> microsoft;
            case DOMAIN_REGISTRATION -> item.quantity(); // a bought domain stays bought
          };
      if (quantity > 0) {
        long unit = item.quantity() == 0 ? 0 : item.amountCents() / item.quantity();
        items.add(
            new Order.LineItem(
                item.type(),
                quantity,
                quantity == item.quantity() ? item.amountCents() : unit * quantity));
      }
    }
    long total = items.stream().mapToLong(Order.LineItem::amountCents).sum();
    OrderStore.updatePlan(h, scope, order.id(), google, microsoft, items, total);
  }
}
