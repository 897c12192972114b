package ai.peeker.events;

import ai.peeker.common.WireValue;

/** Where a webhook delivery stands: waiting for (or in) an attempt, delivered, or given up. */
public enum DeliveryState implements WireValue {
  PENDING("pending"),
  DELIVERED("delivered"),
  FAILED("failed");

  private final String wire;

  DeliveryState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
