package ai.peeker.domains.imports;

import ai.peeker.common.WireValue;

/**
 * Where an import stands: {@code in_progress} while names are checked, {@code action_required}
 * while the customer has not pointed nameservers yet, then {@code completed} (something usable) or
 * {@code failed} (nothing will be).
 */
public enum ImportStatus implements WireValue {
  IN_PROGRESS,
  COMPLETED,
  FAILED,
  ACTION_REQUIRED;

  boolean terminal() {
    return this == COMPLETED || this == FAILED;
  }
}
