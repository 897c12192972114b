package ai.peeker.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every failure a partner can be told about: a documented code, its HTTP status, the offending
 * field and code-specific details. Services throw it; {@link ErrorEnvelope} renders it once.
 */
public class ApiError extends RuntimeException {
  private final int status;
  private final ErrorCode code;
  private final String field;
  private final Map<String, Object> details;

  public ApiError(
      int status, ErrorCode code, String message, String field, Map<String, ?> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details == null ? null : new LinkedHashMap<>(details);
  }

  public static ApiError invalid(String field, String message) {
    return new ApiError(400, ErrorCode.INVALID_REQUEST, message, field, null);
  }

  public static ApiError invalid(String field, String message, Map<String, ?> details) {
    return new ApiError(400, ErrorCode.INVALID_REQUEST, message, field, details);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, ErrorCode.NOT_FOUND, what + " not found", null, null);
  }

  public static ApiError notFound(String what, String field) {
    return new ApiError(404, ErrorCode.NOT_FOUND, what + " not found", field, null);
  }

  public static ApiError conflict(String message, String field) {
    return new ApiError(409, ErrorCode.CONFLICT, message, field, null);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, ErrorCode.UNAUTHORIZED, message, null, null);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, ErrorCode.FORBIDDEN, message, null, null);
  }

  public int status() {
    return status;
  }

  public ErrorCode code() {
    return code;
  }

  public String field() {
    return field;
  }

  public Map<String, Object> details() {
    return details;
  }
}
