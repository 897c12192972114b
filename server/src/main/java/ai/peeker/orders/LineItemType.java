package ai.peeker.orders;

import ai.peeker.common.WireValue;

/** What an order's line item charges for. */
public enum LineItemType implements WireValue {
  GOOGLE_LICENSE,
  MICROSOFT_LICENSE,
  DOMAIN_REGISTRATION;
}
