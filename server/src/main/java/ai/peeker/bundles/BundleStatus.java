package ai.peeker.bundles;

import ai.peeker.common.WireValue;

/** A bundle can be ordered while active; archived ones stay readable. */
public enum BundleStatus implements WireValue {
  ACTIVE,
  ARCHIVED;
}
