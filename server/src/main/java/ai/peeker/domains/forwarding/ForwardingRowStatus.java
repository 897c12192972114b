package ai.peeker.domains.forwarding;

import ai.peeker.common.WireValue;

/** One domain of a forwarding job. */
enum ForwardingRowStatus implements WireValue {
  PENDING,
  COMPLETED,
  FAILED;
}
