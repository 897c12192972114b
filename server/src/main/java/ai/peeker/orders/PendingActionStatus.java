package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** A pending action blocks its domain while open. */
public enum PendingActionStatus implements WireValue {
  OPEN("open"),
  RESOLVED("resolved");

  private final String wire;

  PendingActionStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
