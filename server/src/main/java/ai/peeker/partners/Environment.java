package ai.peeker.partners;

import ai.peeker.common.WireValue;

/** The two worlds of a partner: sandbox ({@code pk_test_}) and production ({@code pk_live_}). */
public enum Environment implements WireValue {
  TEST,
  LIVE;

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
