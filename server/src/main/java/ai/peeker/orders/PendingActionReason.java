package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** Why a pending action was raised. */
public enum PendingActionReason implements WireValue {
  PROFILE_PICTURE_NOT_ACCESSIBLE("profile_picture_not_accessible");

  private final String wire;

  PendingActionReason(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
