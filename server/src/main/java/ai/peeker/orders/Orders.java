package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.common.Cursor;
import ai.peeker.common.Ids;
import ai.peeker.common.Json;
import ai.peeker.common.PageSlice;
import ai.peeker.db.ListVersions;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Orders: placing one ({@link OrderPlacement}), reading and listing them. */
public final class Orders {
  private final Jdbi jdbi;
  private final OrderPlacement placement;

  /**
   * Pages of {@code GET /orders} this node read (and the JSON of their rows, made once), served
   * again while no order of the tenant changed: partners poll the first page of their orders.
   * 20,000 orders' rows and JSON are about 15 MB.
   */
  private final ListVersions.Pages<Page, PageSlice<Order.LeanOrder>> pages;

  private record Page(OrderStore.Filter filter, Cursor after, int limit) {}

  public Orders(Jdbi jdbi, OrderPlacement placement) {
    this.jdbi = jdbi;
    this.placement = placement;
    this.pages = new ListVersions.Pages<>(jdbi, OrderStore.LIST, 20_000, s -> s.rows().size());
  }

  /** Places an order (every rule of {@code POST /orders}) and returns it. */
  public Order place(Scope scope, OrderRequest request) {
    return placement.place(scope, request, null).order();
  }

  /**
   * Places an order unless a body with the same canonical JSON placed one in the last 24 hours for
   * this tenant; then answers that order with the status code it got.
   */
  OrderPlacement.Placed placeOnce(Scope scope, OrderRequest request, String canonicalBody) {
    return placement.place(scope, request, canonicalBody);
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
          var contents = OrderStore.contents(h, scope, id);
          return OrderView.full(
              order,
              contents.domains(),
              contents.inboxes(),
              scope.environment() == Environment.LIVE);
        });
  }

  /** Filters of {@code GET /orders}; null means any. */
  public record ListFilter(String userId, String userEmail, String bundleId, OrderStatus status) {}

  public PageSlice<Order.LeanOrder> list(Scope scope, ListFilter f, Cursor after, int perPage) {
    var filter =
        new OrderStore.Filter(
            f.userId(),
            f.userEmail() == null ? null : f.userEmail().strip().toLowerCase(java.util.Locale.ROOT),
            f.bundleId(),
            f.status());
    return pages.read(
        scope.partnerId(),
        scope.env(),
        new Page(filter, after, perPage),
        h -> {
          var slice =
              PageSlice.of(
                  OrderStore.list(h, scope, filter, after, perPage + 1),
                  perPage,
                  o -> new Cursor(o.createdAt(), o.id()));
          return new PageSlice<>(Json.renderedOnce(slice.rows()), slice.next());
        });
  }
}
