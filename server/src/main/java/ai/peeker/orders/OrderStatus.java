package ai.peeker.orders;

import ai.peeker.common.WireValue;
import ai.peeker.events.EventType;

/** Where an order stands; each status has the event that announces an order entering it. */
public enum OrderStatus implements WireValue {
  IN_PROGRESS("in_progress", EventType.ORDER_IN_PROGRESS),
  COMPLETED("completed", EventType.ORDER_COMPLETED),
  FAILED("failed", EventType.ORDER_FAILED),
  ACTION_REQUIRED("action_required", EventType.ORDER_ACTION_REQUIRED),
  CANCEL_SCHEDULED("cancel_scheduled", EventType.ORDER_CANCEL_SCHEDULED),
  CANCELLED("cancelled", EventType.ORDER_CANCELLED);

  private final String wire;
  private final EventType event;

  OrderStatus(String wire, EventType event) {
    this.wire = wire;
    this.event = event;
  }

  @Override
  public String wire() {
    return wire;
  }

  public EventType event() {
    return event;
  }

  /** True while the order is still being provisioned. */
  public boolean provisioning() {
    return switch (this) {
      case IN_PROGRESS, ACTION_REQUIRED -> true;
      case COMPLETED, FAILED, CANCEL_SCHEDULED, CANCELLED -> false;
    };
  }
}
