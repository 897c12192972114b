package ai.peeker.domains;

import ai.peeker.common.WireValue;

/** Where a domain stands, as {@code GET /domains} shows it and its table holds it. */
public enum DomainStatus implements WireValue {
  PENDING_NAMESERVERS("pending_nameservers"),
  AVAILABLE("available"),
  PROVISIONING("provisioning"),
  ACTIVE("active"),
  ACTION_REQUIRED("action_required"),
  FAILED("failed"),
  CANCEL_SCHEDULED("cancel_scheduled"),
  RELEASED("released"),
  RETIRED("retired");

  private final String wire;

  DomainStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
