package ai.peeker.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/**
 * A member of a closed set that the API or the database carries, by the name it has there: {@code
 * OrderStatus.IN_PROGRESS} is {@code "in_progress"} in JSON (through {@link #wire()}) and in SQL
 * (through the argument factory and column mapper {@code Database} registers once).
 *
 * <p>By default the wire name is the constant's name in lower case; an enum whose wire names differ
 * (event types such as {@code order.in_progress}) overrides {@link #wire()}. Renaming a constant
 * renames its wire value: {@code StateChecksTest} compares them with the database's {@code CHECK}
 * lists, and every response is checked against {@code openapi.yaml}.
 */
public interface WireValue {
  @JsonValue
  default String wire() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
  }

  /** The member of {@code type} named {@code wire}; null for null. */
  static <E extends Enum<E> & WireValue> E of(Class<E> type, String wire) {
    if (wire == null) {
      return null;
    }
    E value = type.cast(WireNames.BY_TYPE.get(type).get(wire));
    if (value == null) {
      throw new IllegalArgumentException(
          "no " + type.getSimpleName() + " '" + wire + "' (one of " + wires(type) + ")");
    }
    return value;
  }

  /** Every wire name of {@code type}, in declaration order. */
  static Set<String> wires(Class<? extends WireValue> type) {
    return WireNames.BY_TYPE.get(type).keySet();
  }
}
