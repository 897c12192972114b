package ai.peeker.provisioning.sandbox;

import ai.peeker.partners.Scope;
import ai.peeker.provisioning.Forwarder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;

/** The sandbox forwarder: one redirect per domain (table {@code sandbox_redirects}). */
public final class SandboxForwarder implements Forwarder {
  private final Jdbi jdbi;
  private final Clock clock;

  public SandboxForwarder(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void redirect(Scope scope, String domain, String targetUrl) {
    jdbi.useHandle(
        h -> {
          var at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
          if (SandboxRedirectStore.insert(h, scope, domain, targetUrl, at) == 0) {
            SandboxRedirectStore.update(h, scope, domain, targetUrl, at);
          }
        });
  }

  @Override
  public void remove(Scope scope, String domain) {
    jdbi.useHandle(h -> SandboxRedirectStore.delete(h, scope, domain));
  }
}
