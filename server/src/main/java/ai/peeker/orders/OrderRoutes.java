package ai.peeker.orders;

import ai.peeker.api.ApiRouter;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Paging.PageRequest;
import ai.peeker.api.Principal;
import ai.peeker.api.Query;
import ai.peeker.common.Json;
import ai.peeker.common.WireValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /orders}: placing one (v1 and v2 bodies, see {@link OrderBody}), listing (lean orders,
 * newest first) and reading one (full shape).
 *
 * <pre>GET /partner/v1/orders?status=completed&amp;per_page=25</pre>
 */
public final class OrderRoutes {
  private final Orders orders;

  public OrderRoutes(Orders orders) {
    this.orders = orders;
  }

  public void register(ApiRouter api) {
    api.post("/orders", this::create);
    api.get("/orders", ctx -> list(ctx, api));
    api.get(
        "/orders/{id}",
        ctx -> ctx.json(Map.of("data", orders.view(Principal.scope(ctx), ctx.pathParam("id")))));
  }

  /** 201 with the lean order; an identical body within 24 hours answers the first order. */
  private void create(Context ctx) {
    ObjectNode body = JsonBody.object(ctx);
    OrderRequest request = OrderBody.read(body);
    var placed = orders.placeOnce(Principal.scope(ctx), request, Json.canonical(body));
    ctx.status(placed.statusCode()).json(Map.of("data", placed.order().lean()));
  }

  private void list(Context ctx, ApiRouter api) {
    Map<String, String> filters = new LinkedHashMap<>();
    Query.put(filters, "user_id", Query.id(ctx, "user_id", "usr_"));
    Query.put(filters, "user_email", Query.email(ctx, "user_email"));
    Query.put(filters, "bundle_id", Query.id(ctx, "bundle_id", "bun_"));
    Query.put(filters, "status", Query.oneOf(ctx, "status", WireValue.wires(OrderStatus.class)));
    PageRequest page = api.paging().request(ctx, "orders", filters);
    var slice =
        orders.list(
            Principal.scope(ctx),
            new Orders.ListFilter(
                filters.get("user_id"),
                filters.get("user_email"),
                filters.get("bundle_id"),
                WireValue.of(OrderStatus.class, filters.get("status"))),
            page.after(),
            page.perPage());
    ctx.json(api.paging().render(ctx, page, slice));
  }
}
