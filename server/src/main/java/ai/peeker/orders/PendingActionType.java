package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** What kind of fix a pending action asks for. */
public enum PendingActionType implements WireValue {
  GOOGLE_PROFILE_PICTURE;
}
