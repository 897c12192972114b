package ai.peeker.provisioning.live;

import ai.peeker.domains.MailProviderKind;
import ai.peeker.provisioning.DnsHost;
import ai.peeker.provisioning.Forwarder;
import ai.peeker.provisioning.MailProvider;
import ai.peeker.provisioning.Providers;
import ai.peeker.provisioning.Registrar;
import ai.peeker.provisioning.Sequencer;
import ai.peeker.provisioning.live.cloudflare.CloudflareDns;
import ai.peeker.provisioning.live.google.GoogleWorkspaceMail;
import ai.peeker.provisioning.live.microsoft.GraphMail;
import ai.peeker.provisioning.live.namecom.NameComRegistrar;
import ai.peeker.provisioning.live.smartlead.SmartleadSequencer;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the live providers from their settings; an unconfigured one refuses every call. */
public final class LiveAdapters {
  private LiveAdapters() {}

  public static Providers of(LiveSettings s, MeterRegistry metrics) {
    Registrar registrar =
        s.namecom() == null
            ? new Unconfigured.LiveRegistrar()
            : new NameComRegistrar(s.namecom(), s.timeout(), metrics);
    CloudflareDns cloudflare =
        s.cloudflare() == null ? null : new CloudflareDns(s.cloudflare(), s.timeout(), metrics);
    DnsHost dns = cloudflare == null ? new Unconfigured.LiveDnsHost() : cloudflare;
    Forwarder forwarder = cloudflare == null ? new Unconfigured.LiveForwarder() : cloudflare;
    MailProvider google =
        s.google() == null
            ? new Unconfigured.LiveMail(MailProviderKind.GOOGLE)
            : new GoogleWorkspaceMail(s.google(), s.timeout(), metrics);
    MailProvider microsoft =
        s.microsoft() == null
            ? new Unconfigured.LiveMail(MailProviderKind.MICROSOFT)
            : new GraphMail(s.microsoft(), s.timeout(), metrics);
    Sequencer sequencer =
        s.smartlead() == null
            ? new Unconfigured.LiveSequencer()
            : new SmartleadSequencer(s.smartlead(), s.timeout(), metrics);
    return new Providers(registrar, dns, google, microsoft, sequencer, forwarder);
  }
}
