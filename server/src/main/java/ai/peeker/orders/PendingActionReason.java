package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** Why a pending action was raised. */
public enum PendingActionReason implements WireValue {
  PROFILE_PICTURE_NOT_ACCESSIBLE;
}
