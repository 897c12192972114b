package ai.peeker.domains.imports;

import ai.peeker.common.WireValue;

/**
 * One submitted name of an import: {@code queued} (a bulk job has not reached it yet), {@code
 * pending_nameservers} (its domain waits for the customer's nameservers), {@code available} (usable
 * on orders) or {@code failed} (with a reason).
 */
public enum ImportRowStatus implements WireValue {
  QUEUED,
  PENDING_NAMESERVERS,
  AVAILABLE,
  FAILED;
}
