package ai.peeker.users;

import ai.peeker.common.WireValue;

/** A user is active until deleted (deleted users keep their orders). */
public enum UserStatus implements WireValue {
  ACTIVE("active"),
  DELETED("deleted");

  private final String wire;

  UserStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
