package ai.peeker.api;

import io.javalin.http.Context;

/** Every response carries {@code Peeker-Request-Id: req_<ULID>}; logs name it too. */
public final class RequestIds {
  public static final String HEADER = "Peeker-Request-Id";
  private static final String ATTRIBUTE = "peeker.request-id";

  /** The request id in every log line written while the request runs (JSON logs: a field). */
  public static final String MDC_KEY = "request_id";

  private RequestIds() {}

  static void assign(Context ctx, String id) {
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    org.slf4j.MDC.put(MDC_KEY, id);
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }
}
