package ai.peeker.swaps;

import ai.peeker.common.WireValue;

/** What a swap changes: the domain (retired at once, or kept warm), or the names on its inboxes. */
public enum SwapType implements WireValue {
  STANDARD,
  PREMIUM,
  USER_NAMES;
}
