package ai.peeker.api;

/**
 * A 400 about one field, worded {@code 'field' problem} (e.g. {@code 'email' is required}). A
 * request record names its own fields; binding moves the error to where the record sits in the body
 * ({@code 'personas[0].first_name' is required}). An empty field is the value itself.
 */
public final class FieldError extends ApiError {
  private final String problem;

  public FieldError(String field, String problem) {
    super(400, ErrorCode.INVALID_REQUEST, "'" + field + "' " + problem, field, null);
    this.problem = problem;
  }

  String problem() {
    return problem;
  }

  static String join(String path, String field) {
    return field == null || field.isEmpty() ? path : path.isEmpty() ? field : path + "." + field;
  }
}
