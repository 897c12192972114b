package ai.peeker.testing;

import ai.peeker.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates request bodies that are wrong in many ways at once or one at a time: broken JSON, wrong
 * types for known fields, unknown fields, nulls, huge and odd strings, deep nesting. Seeded, so a
 * failure names the seed and reproduces.
 */
public final class MalformedBodies {
  private static final Object[] ODD_VALUES = {
    null,
    "",
    " ",
    -1,
    0,
    1.5,
    Long.MAX_VALUE,
    "9".repeat(40),
    true,
    false,
    List.of(),
    Map.of(),
    List.of(1, "two"),
    Map.of("nested", Map.of("deeper", List.of())),
    "\u0000",
    "💥",
    "x".repeat(5000),
    "<script>alert(1)</script>",
    "'; DROP TABLE orders; --",
    "usr_01HZX0C6Z3K4M5N6P7Q8R9S0",
    "pk_live_" + "A".repeat(38)
  };

  /** Bodies that are not JSON, one way each. */
  public static final String[] BROKEN_JSON = {
    "{",
    "}",
    "{\"a\":}",
    "{\"a\" 1}",
    "[",
    "nul",
    "{\"a\":1,}",
    "{'a':1}",
    "\u0000",
    "{\"a\":\"\\u12\"}",
    "{\"a\":1}{",
    "1e999999",
    "{\"a\":NaN}",
    "\"unterminated",
    "{\"a\":[1,2}"
  };

  private final Random random;
  private final List<String> knownFields;

  public MalformedBodies(long seed, List<String> knownFields) {
    this.random = new Random(seed);
    this.knownFields = knownFields;
  }

  public String next() {
    return switch (random.nextInt(5)) {
      case 0 -> BROKEN_JSON[random.nextInt(BROKEN_JSON.length)];
      case 1 -> Json.write(ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
      case 2 -> truncate(Json.write(object()));
      default -> Json.write(object());
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> body = new LinkedHashMap<>();
    int fields = random.nextInt(knownFields.size() + 2);
    for (int i = 0; i < fields; i++) {
      String name =
          random.nextInt(6) == 0
              ? "unknown_" + random.nextInt(100)
              : knownFields.get(random.nextInt(knownFields.size()));
      body.put(name, ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
    }
    return body;
  }

  private String truncate(String json) {
    return json.length() < 2 ? json : json.substring(0, 1 + random.nextInt(json.length() - 1));
  }

  public List<String> take(int count) {
    List<String> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(next());
    }
    return bodies;
  }
}
