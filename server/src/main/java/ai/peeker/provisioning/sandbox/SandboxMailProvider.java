package ai.peeker.provisioning.sandbox;

import ai.peeker.common.Ids;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.DnsHost;
import ai.peeker.provisioning.DnsRecord;
import ai.peeker.provisioning.MailProvider;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.sandbox.SandboxMailStore.MailDomain;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A sandbox mail provider (Google Workspace or Microsoft 365) with real state: the domains it was
 * given, whether it found its verification record in the sandbox DNS host, and the mailboxes it
 * created (tables {@code sandbox_mail_domains}, {@code sandbox_mailboxes}). Magic value: a domain
 * starting {@code fail-} is refused, so its order ends {@code failed}.
 */
public final class SandboxMailProvider implements MailProvider {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What differs between the two providers: the DNS records each asks for. */
  private interface Records {
    List<DnsRecord> of(String domain, String verificationToken, String dkimKey);
  }

  private final MailProviderKind kind;
  private final Records records;
  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final DnsHost dns;

  private SandboxMailProvider(
      MailProviderKind kind, Records records, Jdbi jdbi, Clock clock, Ids ids, DnsHost dns) {
    this.kind = kind;
    this.records = records;
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.dns = dns;
  }

  public static SandboxMailProvider google(Jdbi jdbi, Clock clock, Ids ids, DnsHost dns) {
    return new SandboxMailProvider(
        MailProviderKind.GOOGLE,
        (domain, token, dkim) ->
            List.of(
                DnsRecord.txt("@", "google-site-verification=" + token),
                DnsRecord.mx("smtp.google.com", 1),
                DnsRecord.txt("@", "v=spf1 include:_spf.google.com ~all"),
                DnsRecord.txt("google._domainkey", "v=DKIM1; k=rsa; p=" + dkim)),
        jdbi,
        clock,
        ids,
        dns);
  }

  public static SandboxMailProvider microsoft(Jdbi jdbi, Clock clock, Ids ids, DnsHost dns) {
    return new SandboxMailProvider(
        MailProviderKind.MICROSOFT,
        (domain, token, dkim) -> {
          String dashed = domain.replace('.', '-');
          String tenant = "peekersandbox.onmicrosoft.com";
          return List.of(
              DnsRecord.txt("@", "MS=" + token),
              DnsRecord.mx(dashed + ".mail.protection.outlook.com", 0),
              DnsRecord.txt("@", "v=spf1 include:spf.protection.outlook.com -all"),
              DnsRecord.cname(
                  "selector1._domainkey", "selector1-" + dashed + "._domainkey." + tenant),
              DnsRecord.cname(
                  "selector2._domainkey", "selector2-" + dashed + "._domainkey." + tenant),
              DnsRecord.cname("autodiscover", "autodiscover.outlook.com"));
        },
        jdbi,
        clock,
        ids,
        dns);
  }

  @Override
  public MailProviderKind kind() {
    return kind;
  }

  @Override
  public List<DnsRecord> addDomain(Scope scope, String domain) {
    if (domain.startsWith("fail-")) {
      throw ProviderFailure.permanent(
          "the " + kind.wire() + " sandbox refuses " + domain + " (sandbox fail- magic value)");
    }
    MailDomain added =
        jdbi.withHandle(
            h -> {
              MailDomain fresh = new MailDomain(token(), dkimKey(), null);
              return SandboxMailStore.insertDomain(h, scope, kind, domain, fresh, now())
                  ? fresh
                  : SandboxMailStore.findDomain(h, scope, kind, domain).orElseThrow();
            });
    return records.of(domain, added.token(), added.dkimKey());
  }

  @Override
  public boolean verifyDomain(Scope scope, String domain) {
    MailDomain added =
        jdbi.withHandle(h -> SandboxMailStore.findDomain(h, scope, kind, domain))
            .orElseThrow(
                () -> ProviderFailure.permanent(domain + " was never added to " + kind.wire()));
    if (added.verifiedAt() != null) {
      return true;
    }
    // Verification is real: the provider looks for its record in the (sandbox) DNS host.
    DnsRecord expected = records.of(domain, added.token(), added.dkimKey()).get(0);
    if (!dns.records(scope, domain).contains(expected)) {
      return false;
    }
    jdbi.useHandle(h -> SandboxMailStore.markVerified(h, scope, kind, domain, now()));
    return true;
  }

  @Override
  public void createMailbox(Scope scope, String domain, Mailbox mailbox, String password) {
    jdbi.useHandle(
        h -> {
          // one statement in the usual case: create on a verified domain unless it exists
          if (SandboxMailStore.insertMailbox(
              h, scope, ids.next("sbm_"), kind, domain, mailbox, now())) {
            return;
          }
          MailDomain added =
              SandboxMailStore.findDomain(h, scope, kind, domain)
                  .orElseThrow(
                      () ->
                          ProviderFailure.permanent(domain + " was never added to " + kind.wire()));
          if (added.verifiedAt() == null) {
            throw ProviderFailure.transientFailure(
                domain + " is not verified yet at " + kind.wire());
          }
          // otherwise the mailbox exists already: nothing to do
        });
  }

  @Override
  public void renameMailbox(Scope scope, String domain, String address, Mailbox renamed) {
    jdbi.useTransaction(
        h -> {
          if (SandboxMailStore.renameMailbox(h, scope, kind, domain, address, renamed)
              || SandboxMailStore.hasMailbox(h, scope, kind, domain, renamed.address())) {
            return; // renamed now, or by an earlier call
          }
          throw ProviderFailure.permanent(
              "no mailbox " + address + " at " + kind.wire() + " to rename");
        });
  }

  @Override
  public void removeDomain(Scope scope, String domain) {
    jdbi.useTransaction(h -> SandboxMailStore.removeDomain(h, scope, kind, domain, now()));
  }

  private String token() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return kind == MailProviderKind.MICROSOFT
        ? "ms" + (10_000_000 + RANDOM.nextInt(90_000_000))
        : HexFormat.of().formatHex(bytes);
  }

  private static String dkimKey() {
    byte[] bytes = new byte[162];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
