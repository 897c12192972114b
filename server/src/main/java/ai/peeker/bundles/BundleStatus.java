package ai.peeker.bundles;

import ai.peeker.common.WireValue;

/** A bundle can be ordered while active; archived ones stay readable. */
public enum BundleStatus implements WireValue {
  ACTIVE("active"),
  ARCHIVED("archived");

  private final String wire;

  BundleStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
