package ai.peeker.users;

import ai.peeker.api.ApiError;
import ai.peeker.api.ApiRouter;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Paging.PageRequest;
import ai.peeker.api.Principal;
import ai.peeker.api.Query;
import ai.peeker.common.Change;
import ai.peeker.common.WireValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /users}: the partner's customers.
 *
 * <pre>POST /partner/v1/users {"email":"alex@acme.com","sequencer":{"provider":"smartlead","client_id":366903}}</pre>
 */
public final class UserRoutes {
  private static final Set<String> FIELDS = Set.of("email", "first_name", "last_name", "sequencer");

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
    Fields body = JsonBody.object(ctx).allowOnly(FIELDS);
    if (!body.has("sequencer")) {
      throw ApiError.invalid(
          "sequencer", "'sequencer' is required (null or \"\" uses the default route)");
    }
    var draft =
        new Users.NewUser(
            body.requiredString("email", 320),
            body.optionalString("first_name", 100),
            body.optionalString("last_name", 100),
            sequencer(body.raw("sequencer"), "sequencer"));
    ctx.status(201).json(Map.of("data", users.create(Principal.scope(ctx), draft)));
  }

  private void update(Context ctx) {
    Fields body = JsonBody.object(ctx).allowOnly(FIELDS);
    if (body.isNull("email")) {
      throw ApiError.invalid("email", "'email' cannot be null");
    }
    var changes =
        new Users.UserChanges(
            body.has("email") ? Change.to(body.requiredString("email", 320)) : Change.keep(),
            body.has("first_name")
                ? Change.to(body.optionalString("first_name", 100))
                : Change.keep(),
            body.has("last_name") ? Change.to(body.optionalString("last_name", 100)) : Change.keep(),
            body.has("sequencer")
                ? Change.to(sequencer(body.raw("sequencer"), "sequencer"))
                : Change.keep());
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

  /**
   * {@code {"provider":"smartlead","client_id":366903}}; {@code null} or {@code ""} selects the
   * partner's default sequencer route.
   */
  static User.SequencerRoute sequencer(JsonNode value, String path) {
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
      return null;
    }
    Fields fields = Fields.of(value, path).allowOnly(Set.of("provider", "client_id"));
    SequencerProvider provider =
        SequencerProvider.parse(fields.requiredString("provider", 40), fields.path("provider"));
    long clientId = fields.requiredLong("client_id", 1, Long.MAX_VALUE);
    return new User.SequencerRoute(provider, clientId);
  }

  private static void ok(Context ctx, User user) {
    ctx.json(Map.of("data", user));
  }
}
