package ai.peeker.provisioning;

import ai.peeker.partners.Scope;
import org.jdbi.v3.core.Handle;

/**
 * Starts and drives the durable per-domain provisioning workflow of an order. {@link #start} is
 * called inside the transaction that creates the order, so the order and its first job commit (or
 * roll back) together.
 */
public interface Provisioning {
  void start(Handle h, Scope scope, String orderId);
}
