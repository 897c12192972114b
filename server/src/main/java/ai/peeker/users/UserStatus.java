package ai.peeker.users;

import ai.peeker.common.WireValue;

/** A user is active until deleted (deleted users keep their orders). */
public enum UserStatus implements WireValue {
  ACTIVE,
  DELETED;
}
