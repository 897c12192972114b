package ai.peeker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed, strict reading of one JSON object. Every failure is a 400 naming the full field path
 * ({@code sequencer.client_id}, {@code domains[3]}), so a partner knows exactly what to fix.
 */
public final class Fields {
  private final ObjectNode node;
  private final String path;

  Fields(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Refuses any key not in {@code known}, naming the first unknown one. */
  public Fields allowOnly(Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw ApiError.invalid(path(name), "Unknown field '" + path(name) + "'");
      }
    }
    return this;
  }

  /** The object itself, e.g. to fingerprint the whole body. */
  public ObjectNode node() {
    return node;
  }

  public String path(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public boolean has(String name) {
    return node.has(name);
  }

  public boolean isNull(String name) {
    return node.has(name) && node.get(name).isNull();
  }

  public JsonNode raw(String name) {
    return node.get(name);
  }

  public String requiredString(String name, int maxLength) {
    String value = optionalString(name, maxLength);
    if (value == null) {
      throw ApiError.invalid(path(name), "'" + path(name) + "' is required");
    }
    return value;
  }

  /** A trimmed string, or null when absent or null; blank counts as absent. */
  public String optionalString(String name, int maxLength) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    return text(value, path(name), maxLength);
  }

  public static String text(JsonNode value, String path, int maxLength) {
    if (!value.isTextual()) {
      throw ApiError.invalid(path, "'" + path + "' must be a string");
    }
    String text = value.asText().strip();
    if (text.length() > maxLength) {
      throw ApiError.invalid(path, "'" + path + "' is longer than " + maxLength + " characters");
    }
    if (text.isEmpty()) {
      return null;
    }
    return text;
  }

  public Long requiredLong(String name, long min, long max) {
    Long value = optionalLong(name, min, max);
    if (value == null) {
      throw ApiError.invalid(path(name), "'" + path(name) + "' is required");
    }
    return value;
  }

  public Long optionalLong(String name, long min, long max) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ApiError.invalid(path(name), "'" + path(name) + "' must be an integer");
    }
    long v = value.asLong();
    if (v < min || v > max) {
      throw ApiError.invalid(
          path(name), "'" + path(name) + "' must be between " + min + " and " + max);
    }
    return v;
  }

  public Integer optionalInt(String name, int min, int max) {
    Long v = optionalLong(name, min, max);
    return v == null ? null : v.intValue();
  }

  public Boolean optionalBoolean(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw ApiError.invalid(path(name), "'" + path(name) + "' must be true or false");
    }
    return value.asBoolean();
  }

  /** A nested object, or null when absent or null. */
  public Fields optionalObject(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw ApiError.invalid(path(name), "'" + path(name) + "' must be an object");
    }
    return new Fields(object, path(name));
  }

  public static Fields of(JsonNode value, String path) {
    if (!(value instanceof ObjectNode object)) {
      throw ApiError.invalid(path, "'" + path + "' must be an object");
    }
    return new Fields(object, path);
  }

  /** An array's elements, or null when absent or null; sizes outside min..max are refused. */
  public List<JsonNode> optionalArray(String name, int min, int max) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw ApiError.invalid(path(name), "'" + path(name) + "' must be an array");
    }
    if (value.size() < min || value.size() > max) {
      throw ApiError.invalid(
          path(name),
          "'" + path(name) + "' must hold between " + min + " and " + max + " entries");
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.forEach(items::add);
    return items;
  }

  public List<JsonNode> requiredArray(String name, int min, int max) {
    List<JsonNode> items = optionalArray(name, min, max);
    if (items == null) {
      throw ApiError.invalid(path(name), "'" + path(name) + "' is required");
    }
    return items;
  }

  public String element(String name, int index) {
    return path(name) + "[" + index + "]";
  }
}
