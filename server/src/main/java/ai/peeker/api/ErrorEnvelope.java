package ai.peeker.api;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders the one documented error body: {@code {"error":{code,message,field?,details?}}}. */
public final class ErrorEnvelope {
  private static final Logger log = LoggerFactory.getLogger(ErrorEnvelope.class);

  private ErrorEnvelope() {}

  public static void render(Context ctx, ApiError error) {
    ctx.status(error.status()).json(body(error));
  }

  /** The envelope of {@code error}, for Javalin and for Jetty's own error pages alike. */
  static Map<String, Object> body(ApiError error) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", error.code());
    inner.put("message", error.getMessage());
    if (error.field() != null) {
      inner.put("field", error.field());
    }
    if (error.details() != null) {
      inner.put("details", error.details());
    }
    return Map.of("error", inner);
  }

  /** Javalin's own responses (404 route, 405, 413, …) in our envelope. */
  public static void render(Context ctx, HttpResponseException e) {
    render(ctx, fromStatus(e.getStatus()));
  }

  public static ApiError fromStatus(int status) {
    return switch (status) {
      case 404 -> new ApiError(404, ErrorCode.NOT_FOUND, "No such route", null, null);
      case 405 ->
          new ApiError(
              405, ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this route", null, null);
      case 413 ->
          new ApiError(
              413,
              ErrorCode.PAYLOAD_TOO_LARGE,
              "Request body is larger than " + JsonBody.MAX_BYTES + " bytes",
              null,
              null);
      case 415 ->
          new ApiError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send application/json", null, null);
      case 400 -> ApiError.invalid(null, "Malformed request");
      default -> {
        if (status >= 500) {
          yield internal();
        }
        yield new ApiError(status, ErrorCode.INVALID_REQUEST, "Request refused", null, null);
      }
    };
  }

  public static ApiError internal() {
    return new ApiError(
        500, ErrorCode.INTERNAL_ERROR, "Something went wrong on our side", null, null);
  }

  /** Seconds a refused caller should wait: pool waits clear within a second or two. */
  static final int RETRY_AFTER_SECONDS = 1;

  public static ApiError overloaded() {
    return new ApiError(
        503,
        ErrorCode.SERVICE_UNAVAILABLE,
        "The server is busy; retry after " + RETRY_AFTER_SECONDS + " second",
        null,
        Map.of("retry_after_seconds", RETRY_AFTER_SECONDS));
  }

  public static void renderUnexpected(Context ctx, Exception e) {
    if (isOverload(e)) {
      // no free database connection within the request's short wait: shed, don't queue
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      render(ctx, overloaded());
      return;
    }
    log.error("unexpected failure on {} {} ({})", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
    render(ctx, internal());
  }

  /**
   * True when {@code e} comes from waiting for a database connection (the pool is saturated, or the
   * database cannot be reached): HikariCP's timeout, or Jdbi's wrapper of it.
   */
  static boolean isOverload(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof ConnectionException) {
        return true;
      }
    }
    return false;
  }
}
