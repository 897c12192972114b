package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** What an order's line item charges for. */
public enum LineItemType implements WireValue {
  GOOGLE_LICENSE("google_license"),
  MICROSOFT_LICENSE("microsoft_license"),
  DOMAIN_REGISTRATION("domain_registration");

  private final String wire;

  LineItemType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
