package ai.peeker.users;

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
 * {@code /users}: the partner's customers.
 *
 * <pre>
 * POST /partner/v1/users {"email":"alex@acme.com","sequencer":{"provider":"smartlead","client_id":366903}}
 * </pre>
 */
public final class UserRoutes {
  private final Users users;

  public UserRoutes(Users users) {
    this.users = users;
  }

  public void register(ApiRouter api) {
    api.post("/users", this::create);
    api.get("/users", ctx -> list(ctx, api));
    api.get("/users/{id}", ctx -> ok(ctx, users.get(Principal.scope(ctx), ctx.pathParam("id"))));
    api.patch("/users/{id}", this::update);
    api.delete(
        "/users/{id}", ctx -> ok(ctx, users.delete(Principal.scope(ctx), ctx.pathParam("id"))));
  }

  private void create(Context ctx) {
    var draft = JsonBody.object(ctx, UserBody.class).draft();
    ctx.status(201).json(Map.of("data", users.create(Principal.scope(ctx), draft)));
  }

  private void update(Context ctx) {
    var changes = JsonBody.object(ctx, UserBody.class).changes();
    ok(ctx, users.update(Principal.scope(ctx), ctx.pathParam("id"), changes));
  }

  private void list(Context ctx, ApiRouter api) {
    Map<String, String> filters = new LinkedHashMap<>();
    Query.put(filters, "email", Query.email(ctx, "email"));
    Query.put(filters, "status", Query.oneOf(ctx, "status", WireValue.wires(UserStatus.class)));
    PageRequest page = api.paging().request(ctx, "users", filters);
    var slice =
        users.list(
            Principal.scope(ctx),
            filters.get("email"),
            WireValue.of(UserStatus.class, filters.get("status")),
            page.after(),
            page.perPage());
    ctx.json(api.paging().render(ctx, page, slice));
  }

  private static void ok(Context ctx, User user) {
    ctx.json(Map.of("data", user));
  }
}
