package ai.peeker.events;

import ai.peeker.common.WireValue;

/** Where a webhook delivery stands: waiting for (or in) an attempt, delivered, or given up. */
public enum DeliveryState implements WireValue {
  PENDING,
  DELIVERED,
  FAILED;
}
