package ai.peeker.bundles;

import ai.peeker.api.ApiError;
import ai.peeker.api.ApiRouter;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Paging.PageRequest;
import ai.peeker.api.Principal;
import ai.peeker.api.Query;
import ai.peeker.common.Change;
import ai.peeker.common.WireValue;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /bundles}: saved order sizes.
 *
 * <pre>POST /partner/v1/bundles {"name":"Starter — 25k emails/month","monthly_sending_volume":25000}</pre>
 */
public final class BundleRoutes {
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "monthly_sending_volume",
          "google_percent",
          "microsoft_percent",
          "send_on_weekends",
          "google_inboxes_per_domain",
          "customer_price_cents",
          "currency");
  /** A billion emails a month keeps every sizing product far from overflow. */
  private static final long MAX_VOLUME = 1_000_000_000L;

  private static final long MAX_PRICE_CENTS = 1_000_000_000_00L;

  private final Bundles bundles;

  public BundleRoutes(Bundles bundles) {
    this.bundles = bundles;
  }

  public void register(ApiRouter api) {
    api.post("/bundles", this::create);
    api.get("/bundles", ctx -> list(ctx, api));
    api.get(
        "/bundles/{id}",
        ctx -> ok(ctx, bundles.get(Principal.scope(ctx), ctx.pathParam("id"))));
    api.patch("/bundles/{id}", this::update);
    api.delete(
        "/bundles/{id}",
        ctx -> ctx.json(Map.of("data", bundles.delete(Principal.scope(ctx), ctx.pathParam("id")))));
  }

  private void create(Context ctx) {
    Fields body = JsonBody.object(ctx).allowOnly(FIELDS);
    Boolean weekends = body.optionalBoolean("send_on_weekends");
    Integer perDomain = body.optionalInt("google_inboxes_per_domain", 2, 3);
    var draft =
        new Bundles.NewBundle(
            body.requiredString("name", 200),
            body.requiredLong("monthly_sending_volume", 1, MAX_VOLUME),
            body.optionalInt("google_percent", 0, 100),
            body.optionalInt("microsoft_percent", 0, 100),
            weekends != null && weekends,
            perDomain == null ? 2 : perDomain,
            body.optionalLong("customer_price_cents", 0, MAX_PRICE_CENTS),
            body.optionalString("currency", 3));
    ctx.status(201).json(Map.of("data", bundles.create(Principal.scope(ctx), draft)));
  }

  private void update(Context ctx) {
    Fields body = JsonBody.object(ctx).allowOnly(FIELDS);
    var changes =
        new Bundles.BundleChanges(
            notNull(body, "name", () -> body.requiredString("name", 200)),
            notNull(
                body,
                "monthly_sending_volume",
                () -> body.requiredLong("monthly_sending_volume", 1, MAX_VOLUME)),
            nullable(body, "google_percent", () -> body.optionalInt("google_percent", 0, 100)),
            nullable(
                body, "microsoft_percent", () -> body.optionalInt("microsoft_percent", 0, 100)),
            notNull(body, "send_on_weekends", () -> body.optionalBoolean("send_on_weekends")),
            notNull(
                body,
                "google_inboxes_per_domain",
                () -> body.optionalInt("google_inboxes_per_domain", 2, 3)),
            nullable(
                body,
                "customer_price_cents",
                () -> body.optionalLong("customer_price_cents", 0, MAX_PRICE_CENTS)),
            nullable(body, "currency", () -> body.optionalString("currency", 3)));
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

  /** A field that may be set to null (back to "unset") in a partial update. */
  private static <T> Change<T> nullable(Fields body, String name, Supplier<T> value) {
    return body.has(name) ? Change.to(value.get()) : Change.keep();
  }

  /** A field a partial update may change but never clear. */
  private static <T> Change<T> notNull(Fields body, String name, Supplier<T> value) {
    if (!body.has(name)) {
      return Change.keep();
    }
    if (body.isNull(name)) {
      throw ApiError.invalid(name, "'" + name + "' cannot be null");
    }
    return Change.to(value.get());
  }

  private static void ok(Context ctx, Bundle bundle) {
    ctx.json(Map.of("data", bundle));
  }
}
