package ai.peeker.api;

import io.javalin.http.Context;

/** Every response carries {@code Peeker-Request-Id: req_<ULID>}; logs name it too. */
public final class RequestIds {
  public static final String HEADER = "Peeker-Request-Id";
  private static final String ATTRIBUTE = "peeker.request-id";

  private RequestIds() {}

  static void assign(Context ctx, String id) {
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }
}
