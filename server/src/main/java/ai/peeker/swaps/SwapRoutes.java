package ai.peeker.swaps;

import ai.peeker.api.ApiRouter;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Paging.PageRequest;
import ai.peeker.api.Principal;
import ai.peeker.api.Query;
import ai.peeker.common.WireValue;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /swaps}: replacing a domain inside a live order, renaming a domain's inboxes, and
 * following both.
 *
 * <pre>
 * POST /partner/v1/swaps {"type":"standard","domain_id":"dom_…","replacement_domain":"acme-fresh.com"}
 * POST /partner/v1/swaps/user_names {"domain_id":"dom_…","personas":[{"first_name":"Jordan","last_name":"Pham"}]}
 * </pre>
 */
public final class SwapRoutes {
  private final Swaps swaps;

  public SwapRoutes(Swaps swaps) {
    this.swaps = swaps;
  }

  public void register(ApiRouter api) {
    api.post("/swaps", this::create);
    api.post("/swaps/user_names", this::renameUsers);
    api.get("/swaps", ctx -> list(ctx, api));
    api.get(
        "/swaps/{id}",
        ctx -> ctx.json(Map.of("data", swaps.get(Principal.scope(ctx), ctx.pathParam("id")))));
  }

  private void create(Context ctx) {
    SwapBody body = JsonBody.object(ctx, SwapBody.class);
    ctx.status(201).json(Map.of("data", swaps.create(Principal.scope(ctx), body.request())));
  }

  /** 201 {@code {"data":{"swaps":[…]}}}: one swap per inbox on the domain. */
  private void renameUsers(Context ctx) {
    UserNamesBody body = JsonBody.object(ctx, UserNamesBody.class);
    var created = swaps.renameUsers(Principal.scope(ctx), body.domainId(), body.people());
    ctx.status(201).json(Map.of("data", Map.of("swaps", created)));
  }

  private void list(Context ctx, ApiRouter api) {
    Map<String, String> filters = new LinkedHashMap<>();
    Query.put(filters, "user_id", Query.id(ctx, "user_id", "usr_"));
    Query.put(filters, "order_id", Query.id(ctx, "order_id", "ord_"));
    Query.put(filters, "domain_id", Query.id(ctx, "domain_id", "dom_"));
    Query.put(filters, "status", Query.oneOf(ctx, "status", WireValue.wires(SwapStatus.class)));
    PageRequest page = api.paging().request(ctx, "swaps", filters);
    var slice =
        swaps.list(
            Principal.scope(ctx),
            new Swaps.ListFilter(
                filters.get("user_id"),
                filters.get("order_id"),
                filters.get("domain_id"),
                WireValue.of(SwapStatus.class, filters.get("status"))),
            page.after(),
            page.perPage());
    ctx.json(api.paging().render(ctx, page, slice));
  }
}
