package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.api.ApiRouter;
import ai.peeker.api.Paging.PageRequest;
import ai.peeker.api.Principal;
import ai.peeker.api.Query;
import ai.peeker.common.Ids;
import ai.peeker.common.WireValue;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /orders/pending}: what blocks the partner's orders, newest first.
 *
 * <pre>GET /partner/v1/orders/pending?user=alex@acme.com&amp;status=open</pre>
 */
public final class PendingActionRoutes {
  private final PendingActions actions;

  public PendingActionRoutes(PendingActions actions) {
    this.actions = actions;
  }

  /** Registers before {@code /orders/{id}} so that "pending" is never read as an order id. */
  public void register(ApiRouter api) {
    api.get("/orders/pending", ctx -> list(ctx, api));
  }

  private void list(Context ctx, ApiRouter api) {
    Map<String, String> filters = new LinkedHashMap<>();
    Query.put(filters, "order_id", Query.id(ctx, "order_id", "ord_"));
    Query.put(filters, "user", user(ctx));
    Query.put(filters, "domain_id", Query.id(ctx, "domain_id", "dom_"));
    String status = Query.oneOf(ctx, "status", WireValue.wires(PendingActionStatus.class));
    filters.put("status", status == null ? PendingActionStatus.OPEN.wire() : status);
    PageRequest page = api.paging().request(ctx, "pending_actions", filters);
    String user = filters.get("user");
    boolean byId = user != null && user.startsWith("usr_");
    var slice =
        actions.list(
            Principal.scope(ctx),
            new PendingActions.ListFilter(
                filters.get("order_id"),
                byId ? user : null,
                byId ? null : user,
                filters.get("domain_id"),
                WireValue.of(PendingActionStatus.class, filters.get("status"))),
            page.after(),
            page.perPage());
    ctx.json(api.paging().render(ctx, page, slice));
  }

  /** A {@code usr_…} id or an email; anything else is a 400 naming {@code user}. */
  private static String user(Context ctx) {
    String value = Query.string(ctx, "user", 320);
    if (value == null) {
      return null;
    }
    if (Ids.looksLike("usr_", value)) {
      return value;
    }
    if (!value.startsWith("usr_") && value.indexOf('@') > 0) {
      return value.toLowerCase(Locale.ROOT);
    }
    throw ApiError.invalid("user", "user must be a usr_ id or an email address");
  }
}
