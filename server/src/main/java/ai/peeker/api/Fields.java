package ai.peeker.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks request records make in their constructors, beyond the types binding enforces. A field
 * is named relative to its record; binding adds the record's place in the body.
 */
public final class Fields {
  private Fields() {}

  /** Trimmed text, or null when absent or blank. */
  public static String text(String value, String field, int maxLength) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    if (text.length() > maxLength) {
      throw new FieldError(field, "is longer than " + maxLength + " characters");
    }
    return text;
  }

  public static <T> T required(T value, String field) {
    if (value == null) {
      throw new FieldError(field, "is required");
    }
    return value;
  }

  public static Long range(Long value, String field, long min, long max) {
    if (value != null && (value < min || value > max)) {
      throw new FieldError(field, "must be between " + min + " and " + max);
    }
    return value;
  }

  public static <T> List<T> size(List<T> items, String field, int min, int max) {
    if (items != null && (items.size() < min || items.size() > max)) {
      throw new FieldError(field, "must hold between " + min + " and " + max + " entries");
    }
    return items;
  }

  /** Each entry trimmed; a blank one is refused as {@code field[i]}, saying {@code ifBlank}. */
  public static List<String> texts(
      List<String> items, String field, int maxLength, String ifBlank) {
    List<String> texts = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String entry = field + "[" + i + "]";
      String text = text(items.get(i), entry, maxLength);
      if (text == null) {
        throw new FieldError(entry, ifBlank);
      }
      texts.add(text);
    }
    return texts;
  }
}
