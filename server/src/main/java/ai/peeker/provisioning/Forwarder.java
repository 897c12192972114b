package ai.peeker.provisioning;

import ai.peeker.partners.Scope;

/** Web forwarding: visitors of a sending domain are redirected to the customer's site. */
public interface Forwarder {
  /** Points {@code domain} at {@code targetUrl}, replacing any earlier target. Idempotent. */
  void redirect(Scope scope, String domain, String targetUrl);

  /** Removes the redirect. Idempotent. */
  void remove(Scope scope, String domain);
}
