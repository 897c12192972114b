package ai.peeker.partners;

import ai.peeker.common.WireValue;

/**
 * A partner's swap tier, set by the operator: the share of its active Microsoft inboxes that may be
 * under premium swap at once.
 */
public enum SwapTier implements WireValue {
  BASE(20),
  PREMIUM(30),
  VIP(40),
  VIP_PLUS(60);

  private final int percent;

  SwapTier(int percent) {
    this.percent = percent;
  }

  public int percent() {
    return percent;
  }
}
