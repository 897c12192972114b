package ai.peeker.events;

import ai.peeker.common.WireValue;

/** The webhook events partners receive, by their {@code type}. */
public enum EventType implements WireValue {
  ORDER_IN_PROGRESS("order.in_progress"),
  ORDER_COMPLETED("order.completed"),
  ORDER_FAILED("order.failed"),
  ORDER_ACTION_REQUIRED("order.action_required"),
  ORDER_CANCEL_SCHEDULED("order.cancel_scheduled"),
  ORDER_CANCELLED("order.cancelled"),
  DOMAIN_ACTION_REQUIRED("domain.action_required"),
  DOMAIN_CONNECTED("domain.connected"),
  DOMAIN_FORWARDING_UPDATED("domain.forwarding_updated"),
  DOMAIN_FORWARDING_FAILED("domain.forwarding_failed"),
  DOMAIN_IMPORT_COMPLETED("domain_import.completed"),
  DOMAIN_IMPORT_FAILED("domain_import.failed"),
  DOMAIN_IMPORT_ACTION_REQUIRED("domain_import.action_required"),
  /** The operator's test event ({@code webhook test}). */
  PING("ping"),
  SWAP_CREATED("swap.created"),
  SWAP_IN_PROGRESS("swap.in_progress"),
  SWAP_COMPLETED("swap.completed"),
  SWAP_FAILED("swap.failed"),
  SWAP_ACTION_REQUIRED("swap.action_required");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
