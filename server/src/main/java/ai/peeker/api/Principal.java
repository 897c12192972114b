package ai.peeker.api;

import ai.peeker.partners.ApiKey;
import ai.peeker.partners.Scope;
import io.javalin.http.Context;

/** The authenticated key behind a request. */
public record Principal(ApiKey key) {
  private static final String ATTRIBUTE = "peeker.principal";

  public Scope scope() {
    return key.scope();
  }

  static void set(Context ctx, Principal principal) {
    ctx.attribute(ATTRIBUTE, principal);
  }

  public static Principal of(Context ctx) {
    Principal principal = ctx.attribute(ATTRIBUTE);
    if (principal == null) {
      throw ApiError.unauthorized("Missing API key");
    }
    return principal;
  }

  public static Scope scope(Context ctx) {
    return of(ctx).scope();
  }
}
