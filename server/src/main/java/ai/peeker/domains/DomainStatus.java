package ai.peeker.domains;

import ai.peeker.common.WireValue;

/** Where a domain stands, as {@code GET /domains} shows it and its table holds it. */
public enum DomainStatus implements WireValue {
  PENDING_NAMESERVERS,
  AVAILABLE,
  PROVISIONING,
  ACTIVE,
  ACTION_REQUIRED,
  FAILED,
  CANCEL_SCHEDULED,
  RELEASED,
  RETIRED;
}
