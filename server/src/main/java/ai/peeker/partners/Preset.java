package ai.peeker.partners;

import ai.peeker.common.WireValue;

/** What an API key may do, fixed when the key is created. */
public enum Preset implements WireValue {
  /** Reads and writes everything. */
  FULL,
  /** Reads everything; writes only availability checks and quote estimates. */
  LIMITED,
  /** Reads only. */
  READ;

  public boolean allows(Access access) {
    return switch (access) {
      case READ -> true;
      case LOOKUP -> this != READ;
      case WRITE -> this == FULL;
    };
  }

  public static Preset parse(String value) {
    for (Preset p : values()) {
      if (p.wire().equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("preset must be full, limited or read, not '" + value + "'");
  }

  /** The kind of access a route needs. */
  public enum Access {
    READ,
    /** A write that only looks things up (availability, estimates): allowed to limited keys. */
    LOOKUP,
    WRITE
  }
}
