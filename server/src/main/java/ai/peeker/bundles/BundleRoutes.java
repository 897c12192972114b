package ai.peeker.bundles;

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
 * {@code /bundles}: saved order sizes.
 *
 * <pre>
 * POST /partner/v1/bundles {"name":"Starter — 25k emails/month","monthly_sending_volume":25000}
 * </pre>
 */
public final class BundleRoutes {
  private final Bundles bundles;

  public BundleRoutes(Bundles bundles) {
    this.bundles = bundles;
  }

  public void register(ApiRouter api) {
    api.post("/bundles", this::create);
    api.get("/bundles", ctx -> list(ctx, api));
    api.get(
        "/bundles/{id}", ctx -> ok(ctx, bundles.get(Principal.scope(ctx), ctx.pathParam("id"))));
    api.patch("/bundles/{id}", this::update);
    api.delete(
        "/bundles/{id}",
        ctx -> ctx.json(Map.of("data", bundles.delete(Principal.scope(ctx), ctx.pathParam("id")))));
  }

  private void create(Context ctx) {
    var draft = JsonBody.object(ctx, BundleBody.class).draft();
    ctx.status(201).json(Map.of("data", bundles.create(Principal.scope(ctx), draft)));
  }

  private void update(Context ctx) {
    var changes = JsonBody.object(ctx, BundleBody.class).changes();
    ok(ctx, bundles.update(Principal.scope(ctx), ctx.pathParam("id"), changes));
  }

  private void list(Context ctx, ApiRouter api) {
    Map<String, String> filters = new LinkedHashMap<>();
    Query.put(filters, "status", Query.oneOf(ctx, "status", WireValue.wires(BundleStatus.class)));
    PageRequest page = api.paging().request(ctx, "bundles", filters);
    var slice =
        bundles.list(
            Principal.scope(ctx),
            WireValue.of(BundleStatus.class, filters.get("status")),
            page.after(),
            page.perPage());
    ctx.json(api.paging().render(ctx, page, slice));
  }

  private static void ok(Context ctx, Bundle bundle) {
    ctx.json(Map.of("data", bundle));
  }
}
