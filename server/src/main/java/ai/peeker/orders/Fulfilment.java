package ai.peeker.orders;

import ai.peeker.partners.Scope;
import org.jdbi.v3.core.Handle;

/**
 * What placing an order asks of the provisioning workflow, which implements it (the app wires
 * them). {@link #start} is called inside the transaction that creates the order, so the order and
 * its first jobs commit (or roll back) together. Orders define the port so that provisioning, which
 * reads and moves orders along, is the only one of the two packages that knows the other.
 */
public interface Fulfilment {
  void start(Handle h, Scope scope, String orderId);
}
