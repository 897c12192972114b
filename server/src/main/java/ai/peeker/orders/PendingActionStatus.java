package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** A pending action blocks its domain while open. */
public enum PendingActionStatus implements WireValue {
  OPEN,
  RESOLVED;
}
