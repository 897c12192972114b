package ai.peeker.api;

import ai.peeker.common.Ids;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Typed query parameters; a bad value is a 400 naming the parameter. */
public final class Query {
  private Query() {}

  /** A trimmed value, or null when absent or blank. */
  public static String string(Context ctx, String name, int maxLength) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.strip();
    if (value.length() > maxLength) {
      throw ApiError.invalid(name, name + " is longer than " + maxLength + " characters");
    }
    return value;
  }

  /**
   * A whole number from {@code min} to {@code max} written in ASCII digits only, or null when
   * absent. Java's own parsing would also read fullwidth, Arabic-Indic and other Unicode digits.
   */
  public static Integer integer(Context ctx, String name, int min, int max, String message) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return null;
    }
    if (raw.matches("[0-9]{1,9}")) {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    }
    throw ApiError.invalid(name, message);
  }

  public static String oneOf(Context ctx, String name, Set<String> allowed) {
    String value = string(ctx, name, 100);
    if (value != null && !allowed.contains(value)) {
      throw ApiError.invalid(
          name, name + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return value;
  }

  public static String id(Context ctx, String name, String prefix) {
    String value = string(ctx, name, 100);
    if (value != null && !Ids.looksLike(prefix, value)) {
      throw ApiError.invalid(name, name + " must be an id starting with " + prefix);
    }
    return value;
  }

  public static String email(Context ctx, String name) {
    String value = string(ctx, name, 320);
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  /** Puts {@code value} into {@code filters} when it is set. */
  public static void put(Map<String, String> filters, String name, String value) {
    if (value != null) {
      filters.put(name, value);
    }
  }
}
