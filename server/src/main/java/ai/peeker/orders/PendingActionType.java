package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** What kind of fix a pending action asks for. */
public enum PendingActionType implements WireValue {
  GOOGLE_PROFILE_PICTURE("google_profile_picture");

  private final String wire;

  PendingActionType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
