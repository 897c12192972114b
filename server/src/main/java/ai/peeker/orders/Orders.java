package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.bundles.Bundle;
import ai.peeker.bundles.Bundles;
import ai.peeker.common.Cursor;
import ai.peeker.common.Ids;
import ai.peeker.common.PageSlice;
import ai.peeker.common.Sealer;
import ai.peeker.domains.TldPrices;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Scope;
import ai.peeker.users.User;
import ai.peeker.users.Users;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Orders: placing one (plan, customer, costs), reading and listing them. */
public final class Orders {
  public static final java.util.Set<String> STATUSES =
      java.util.Set.of(
          "in_progress",
          "completed",
          "failed",
          "action_required",
          "cancel_scheduled",
          "cancelled");

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final Users users;
  private final Bundles bundles;
  private final Outbox outbox;
  private final Sealer sealer;
  private final PriceBook prices;

  public Orders(
      Jdbi jdbi,
      Clock clock,
      Ids ids,
      Users users,
      Bundles bundles,
      Outbox outbox,
      Sealer sealer,
      PriceBook prices) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.users = users;
    this.bundles = bundles;
    this.outbox = outbox;
    this.sealer = sealer;
    this.prices = prices;
  }

  /** The plan an order fulfils: licenses of each kind and the domains they need. */
  record Plan(String bundleId, int googleLicenses, int microsoftLicenses, int perDomain) {
    int googleDomains() {
      return (googleLicenses + perDomain - 1) / perDomain;
    }

    int requiredDomains() {
      return googleDomains() + microsoftLicenses;
    }
  }

  /** Places an order and returns it in its lean shape. */
  public Order place(Scope scope, OrderRequest request) {
    return jdbi.inTransaction(
        h -> {
          User user = customer(h, scope, request.customer());
          Plan plan = plan(h, scope, request);
          checkDomainCount(plan, request.domains());
          Instant now = now();
          String orderId = ids.next("ord_");
          List<Order.LineItem> lineItems = new ArrayList<>();
          if (plan.googleLicenses() > 0) {
            lineItems.add(
                new Order.LineItem(
                    "google_license",
                    plan.googleLicenses(),
                    plan.googleLicenses() * prices.googleLicenseCents()));
          }
          if (plan.microsoftLicenses() > 0) {
            lineItems.add(
                new Order.LineItem(
                    "microsoft_license",
                    plan.microsoftLicenses(),
                    plan.microsoftLicenses() * prices.microsoftLicenseCents()));
          }
          long registration =
              request.domains().stream()
                  .mapToLong(d -> TldPrices.of(d.domain()).registrationCents())
                  .sum();
          if (!request.domains().isEmpty()) {
            lineItems.add(
                new Order.LineItem("domain_registration", request.domains().size(), registration));
          }
          Order order =
              new Order(
                  orderId,
                  user.id(),
                  user.email(),
                  plan.bundleId(),
                  "in_progress",
                  request.domains().size(),
                  plan.googleLicenses(),
                  plan.microsoftLicenses(),
                  plan.perDomain(),
                  lineItems.stream().mapToLong(Order.LineItem::amountCents).sum(),
                  prices.currency(),
                  lineItems,
                  request.personas(),
                  request.forwardingUrl(),
                  request.sequencer().clientId(),
                  now.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant(),
                  now,
                  null,
                  null);
          OrderStore.insert(
              h,
              scope,
              order,
              new OrderStore.SequencerLogin(
                  request.sequencer().loginEmail(),
                  sealer.seal(request.sequencer().loginPassword())));
          for (OrderRequest.DomainEntry d : request.domains()) {
            OrderDomains.connect(h, scope, ids.next("dom_"), d, order, now);
          }
          outbox.append(h, scope, "order.in_progress", orderId, order.lean());
          return order;
        });
  }

  public Order get(Scope scope, String id) {
    return find(scope, id).orElseThrow(() -> ApiError.notFound("Order"));
  }

  public Optional<Order> find(Scope scope, String id) {
    if (!Ids.looksLike("ord_", id)) {
      return Optional.empty();
    }
    return jdbi.withHandle(h -> OrderStore.find(h, scope, id));
  }

  /** The full shape: line items, domains by origin, personas and inboxes. */
  public OrderView view(Scope scope, String id) {
    if (!Ids.looksLike("ord_", id)) {
      throw ApiError.notFound("Order");
    }
    return jdbi.withHandle(
        h -> {
          Order order = OrderStore.find(h, scope, id).orElseThrow(() -> ApiError.notFound("Order"));
          return OrderView.full(
              order, OrderStore.domains(h, scope, id), OrderStore.inboxes(h, scope, id));
        });
  }

  /** Filters of {@code GET /orders}; null means any. */
  public record ListFilter(String userId, String userEmail, String bundleId, String status) {}

  public PageSlice<Order.LeanOrder> list(Scope scope, ListFilter f, Cursor after, int perPage) {
    var filter =
        new OrderStore.Filter(
            f.userId(),
            f.userEmail() == null ? null : f.userEmail().strip().toLowerCase(java.util.Locale.ROOT),
            f.bundleId(),
            f.status());
    return PageSlice.of(
        jdbi.withHandle(h -> OrderStore.list(h, scope, filter, after, perPage + 1)),
        perPage,
        o -> new Cursor(o.createdAt(), o.id()));
  }

  private User customer(Handle h, Scope scope, OrderRequest.Customer c) {
    if (c.userId() != null) {
      return users.findActive(h, scope, c.userId(), "user");
    }
    return users.findOrCreate(
        h, scope, new Users.NewUser(c.email(), c.firstName(), c.lastName(), null), "user");
  }

  private Plan plan(Handle h, Scope scope, OrderRequest r) {
    boolean custom = r.googleLicenses() != null || r.microsoftLicenses() != null;
    if (r.bundleId() != null && custom) {
      throw new ApiError(
          400,
          "order_shape_conflict",
          "Send bundle_id or google_licenses/microsoft_licenses, not both",
          "bundle_id",
          null);
    }
    if (r.bundleId() != null) {
      if (r.googleInboxesPerDomain() != null) {
        throw new ApiError(
            400,
            "order_shape_conflict",
            "google_inboxes_per_domain comes from the bundle; do not send it with bundle_id",
            "google_inboxes_per_domain",
            null);
      }
      Bundle bundle = bundles.forNewOrder(h, scope, r.bundleId(), "bundle_id");
      return new Plan(
          bundle.id(),
          bundle.googleLicenses(),
          bundle.microsoftLicenses(),
          bundle.googleInboxesPerDomain());
    }
    if (!custom) {
      throw ApiError.invalid(
          "bundle_id", "Send bundle_id, or google_licenses and/or microsoft_licenses");
    }
    int google = r.googleLicenses() == null ? 0 : r.googleLicenses();
    int microsoft = r.microsoftLicenses() == null ? 0 : r.microsoftLicenses();
    if (google + microsoft == 0) {
      throw ApiError.invalid("google_licenses", "An order needs at least one license");
    }
    int perDomain = r.googleInboxesPerDomain() == null ? 2 : r.googleInboxesPerDomain();
    return new Plan(null, google, microsoft, perDomain);
  }

  private static void checkDomainCount(Plan plan, List<OrderRequest.DomainEntry> domains) {
    int required = plan.requiredDomains();
    if (domains.size() != required) {
      throw new ApiError(
          400,
          "domain_count_mismatch",
          "Submitted domain count does not match the order plan",
          "domains",
          Map.of(
              "required_count", required,
              "submitted_count", domains.size(),
              "missing_count", Math.max(0, required - domains.size())));
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
