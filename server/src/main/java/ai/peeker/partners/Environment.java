package ai.peeker.partners;

import java.util.Locale;

/** The two worlds of a partner: sandbox ({@code pk_test_}) and production ({@code pk_live_}). */
public enum Environment {
  TEST,
  LIVE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String keyPrefix() {
    return "pk_" + wire() + "_";
  }

  public static Environment parse(String value) {
    for (Environment e : values()) {
      if (e.wire().equals(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException("environment must be test or live, not '" + value + "'");
  }
}
