package ai.peeker.provisioning;

import ai.peeker.common.Ids;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.sandbox.SandboxDnsHost;
import ai.peeker.provisioning.sandbox.SandboxForwarder;
import ai.peeker.provisioning.sandbox.SandboxMailProvider;
import ai.peeker.provisioning.sandbox.SandboxRegistrar;
import ai.peeker.provisioning.sandbox.SandboxSequencer;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** One world's set of providers: the ports the workflow drives. */
public record Providers(
    Registrar registrar,
    DnsHost dns,
    MailProvider google,
    MailProvider microsoft,
    Sequencer sequencer,
    Forwarder forwarder) {

  public MailProvider mail(MailProviderKind provider) {
    return switch (provider) {
      case GOOGLE -> google;
      case MICROSOFT -> microsoft;
    };
  }

  /** The simulated providers, keeping their state in the database. */
  public static Providers sandbox(Jdbi jdbi, Clock clock, Ids ids) {
    SandboxDnsHost dns = new SandboxDnsHost(jdbi, clock);
    return new Providers(
        new SandboxRegistrar(jdbi, clock, ids),
        dns,
        SandboxMailProvider.google(jdbi, clock, ids, dns),
        SandboxMailProvider.microsoft(jdbi, clock, ids, dns),
        new SandboxSequencer(jdbi, clock, ids),
        new SandboxForwarder(jdbi, clock));
  }

  /**
   * Which providers serve a tenant: the sandbox ones for test keys, the live ones for live keys. A
   * live order never falls back to the simulation.
   */
  public record ByEnvironment(Providers sandbox, Providers live) {
    public Providers of(Scope scope) {
      return scope.environment() == Environment.LIVE ? live : sandbox;
    }
  }
}
