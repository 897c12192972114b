package ai.peeker.provisioning.live;

import ai.peeker.domains.MailProviderKind;
import ai.peeker.domains.Quote;
import ai.peeker.domains.Quote.Unavailable;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.DnsHost;
import ai.peeker.provisioning.DnsRecord;
import ai.peeker.provisioning.Forwarder;
import ai.peeker.provisioning.MailProvider;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.Registrar;
import ai.peeker.provisioning.Sequencer;
import java.util.List;

/**
 * The live providers of a server that has none configured. Live orders must never be served by the
 * simulation, so each call fails the domain permanently, naming what is missing; quotes answer
 * "errored" rather than pretending a name is free.
 */
public final class Unconfigured {
  private Unconfigured() {}

  static ProviderFailure missing(String what) {
    return ProviderFailure.permanent(
        "no live " + what + " is configured on this server; live orders cannot be provisioned");
  }

  public static final class LiveRegistrar implements Registrar {
    @Override
    public Quote quote(String domain) {
      return new Quote(domain, Unavailable.ERRORED, 0, 0, "usd", List.of());
    }

    @Override
    public Purchase purchase(Scope scope, String domain) {
      throw missing("registrar");
    }
  }

  public static final class LiveDnsHost implements DnsHost {
    @Override
    public List<String> ensureZone(Scope scope, String zone) {
      throw missing("DNS host");
    }

    @Override
    public void putRecords(Scope scope, String zone, List<DnsRecord> records) {
      throw missing("DNS host");
    }

    @Override
    public List<DnsRecord> records(Scope scope, String zone) {
      throw missing("DNS host");
    }
  }

  public static final class LiveMail implements MailProvider {
    private final MailProviderKind kind;

    public LiveMail(MailProviderKind kind) {
      this.kind = kind;
    }

    @Override
    public MailProviderKind kind() {
      return kind;
    }

    @Override
    public List<DnsRecord> addDomain(Scope scope, String domain) {
      throw missing(kind.wire() + " mail provider");
    }

    @Override
    public boolean verifyDomain(Scope scope, String domain) {
      throw missing(kind.wire() + " mail provider");
    }

    @Override
    public void createMailbox(Scope scope, String domain, Mailbox mailbox, String password) {
      throw missing(kind.wire() + " mail provider");
    }

    @Override
    public void removeDomain(Scope scope, String domain) {
      throw missing(kind.wire() + " mail provider");
    }
  }

  public static final class LiveSequencer implements Sequencer {
    @Override
    public void upload(Scope scope, Account account, List<Inbox> inboxes) {
      throw missing("sequencer");
    }

    @Override
    public void remove(Scope scope, long clientId, List<String> addresses) {
      throw missing("sequencer");
    }
  }

  public static final class LiveForwarder implements Forwarder {
    @Override
    public void redirect(Scope scope, String domain, String targetUrl) {
      throw missing("forwarder");
    }

    @Override
    public void remove(Scope scope, String domain) {
      throw missing("forwarder");
    }
  }
}
