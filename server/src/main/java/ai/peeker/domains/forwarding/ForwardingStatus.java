package ai.peeker.domains.forwarding;

import ai.peeker.common.WireValue;

/** A forwarding job: {@code in_progress}, then every row done, some failed, or all failed. */
public enum ForwardingStatus implements WireValue {
  IN_PROGRESS,
  COMPLETED,
  PARTIAL_SUCCESS,
  FAILED;
}
