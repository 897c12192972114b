package ai.peeker.domains;

import ai.peeker.common.WireValue;

/** A domain is in the partner's inventory (on no order) or connected (on an order). */
public enum DomainCategory implements WireValue {
  INVENTORY,
  CONNECTED;
}
