package ai.peeker.domains.forwarding;

import ai.peeker.partners.Scope;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * What forwarding jobs need from provisioning, which implements it: the environment's forwarder and
 * a durable job per forwarding job (which then calls {@link Forwarding#run}).
 */
public interface Redirects {
  /**
   * Points {@code domain} at {@code url} (outside transactions); null when done, else why it cannot
   * be. Throws on trouble worth retrying.
   */
  ForwardingFailure point(Scope scope, String domain, String url);

  void schedule(Handle h, String jobId, Instant at);
}
