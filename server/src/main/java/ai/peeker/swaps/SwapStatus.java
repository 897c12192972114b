package ai.peeker.swaps;

import ai.peeker.common.WireValue;
import ai.peeker.events.EventType;

/** Where a swap stands; each status has the event that announces a swap entering it. */
public enum SwapStatus implements WireValue {
  CREATED(EventType.SWAP_CREATED),
  IN_PROGRESS(EventType.SWAP_IN_PROGRESS),
  COMPLETED(EventType.SWAP_COMPLETED),
  FAILED(EventType.SWAP_FAILED),
  ACTION_REQUIRED(EventType.SWAP_ACTION_REQUIRED);

  private final EventType event;

  SwapStatus(EventType event) {
    this.event = event;
  }

  public EventType event() {
    return event;
  }

  public boolean terminal() {
    return switch (this) {
      case COMPLETED, FAILED -> true;
      case CREATED, IN_PROGRESS, ACTION_REQUIRED -> false;
    };
  }
}
