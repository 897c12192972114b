package ai.peeker.domains.imports;

import ai.peeker.common.WireValue;

/** Why a submitted name was refused, or why its import failed later. */
public enum ImportRowReason implements WireValue {
  INVALID_DOMAIN,
  SUBDOMAIN,
  DUPLICATE,
  ALREADY_IMPORTED,
  ON_ACTIVE_ORDER,
  /** The nameservers were never pointed at us before the checks gave up. */
  NAMESERVERS_NOT_SET,
  /** The DNS host refused the zone (for example, a name nobody registered). */
  ZONE_REJECTED;
}
