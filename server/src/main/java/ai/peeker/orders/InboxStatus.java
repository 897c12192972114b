package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** Where an inbox stands; every inbox the workflow records is active. */
public enum InboxStatus implements WireValue {
  ACTIVE;
}
