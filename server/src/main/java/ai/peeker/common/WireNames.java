package ai.peeker.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each {@link WireValue} enum's members by wire name, built once per enum. */
final class WireNames {
  private WireNames() {}

  static final ClassValue<Map<String, WireValue>> BY_TYPE =
      new ClassValue<>() {
        @Override
        protected Map<String, WireValue> computeValue(Class<?> type) {
          Map<String, WireValue> byWire = new LinkedHashMap<>();
          for (Object member : type.getEnumConstants()) {
            byWire.put(((WireValue) member).wire(), (WireValue) member);
          }
          return Collections.unmodifiableMap(byWire);
        }
      };
}
