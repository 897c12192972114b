package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.peeker.common.Ids;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated providers keep real state and repeat nothing when a step is retried. */
class SandboxProvidersTest {
  static TestServer server;
  static Db db;
  Providers sandbox;
  Scope scope;
  String partner;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    db = new Db(server);
  }

  @BeforeEach
  void tenant() {
    Clock clock = Clock.systemUTC();
    sandbox = Providers.sandbox(server.app().database().jdbi(), clock, new Ids(clock));
    Tenant t = server.newTenant("Sandbox providers");
    scope = t.sandbox();
    partner = t.partner().id();
  }

  @Test
  void the_registrar_sells_a_name_once_and_refuses_what_it_cannot_sell() {
    var first = sandbox.registrar().purchase(scope, "acme-mail.com");
    var again = sandbox.registrar().purchase(scope, "acme-mail.com");
    assertThat(again).isEqualTo(first);
    assertThat(first.expiresAt()).isAfter(first.registeredAt());
    assertThat(db.count("SELECT COUNT(*) FROM sandbox_registrations WHERE partner_id = ?", partner))
        .isEqualTo(1);
    assertThatThrownBy(() -> sandbox.registrar().purchase(scope, "taken-acme.com"))
        .isInstanceOfSatisfying(ProviderFailure.class, f -> assertThat(f.retryable()).isFalse())
        .hasMessageContaining("taken");
    assertThatThrownBy(() -> sandbox.registrar().purchase(scope, "premium-acme.com"))
        .hasMessageContaining("premium");
  }

  @Test
  void the_dns_host_serves_back_what_was_put_and_replaces_by_type_and_name() {
    assertThat(sandbox.dns().ensureZone(scope, "acme-mail.com")).hasSize(2);
    assertThat(sandbox.dns().ensureZone(scope, "acme-mail.com")).hasSize(2);
    var spf = DnsRecord.txt("@", "v=spf1 include:_spf.google.com ~all");
    var mx = DnsRecord.mx("smtp.google.com", 1);
    sandbox
        .dns()
        .putRecords(
            scope, "acme-mail.com", List.of(spf, mx, DnsRecord.txt("_dmarc", "v=DMARC1; p=none")));
    sandbox.dns().putRecords(scope, "acme-mail.com", List.of(spf, mx));
    assertThat(sandbox.dns().records(scope, "acme-mail.com"))
        .containsExactlyInAnyOrder(spf, mx, DnsRecord.txt("_dmarc", "v=DMARC1; p=none"));
    var outlook = DnsRecord.mx("acme-mail-com.mail.protection.outlook.com", 0);
    sandbox.dns().putRecords(scope, "acme-mail.com", List.of(outlook));
    assertThat(sandbox.dns().records(scope, "acme-mail.com")).contains(outlook).doesNotContain(mx);
    assertThatThrownBy(() -> sandbox.dns().putRecords(scope, "no-zone.com", List.of(mx)))
        .isInstanceOf(ProviderFailure.class);
  }

  @Test
  void the_mail_provider_verifies_through_dns_and_creates_each_mailbox_once() {
    MailProvider google = sandbox.google();
    List<DnsRecord> wanted = google.addDomain(scope, "acme-mail.com");
    assertThat(google.addDomain(scope, "acme-mail.com")).isEqualTo(wanted);
    var mailbox = new MailProvider.Mailbox("sam@acme-mail.com", "Sam", "Lee");
    assertThatThrownBy(() -> google.createMailbox(scope, "acme-mail.com", mailbox, "pw"))
        .isInstanceOfSatisfying(ProviderFailure.class, f -> assertThat(f.retryable()).isTrue());

    sandbox.dns().ensureZone(scope, "acme-mail.com");
    assertThat(google.verifyDomain(scope, "acme-mail.com")).as("no record yet").isFalse();
    sandbox.dns().putRecords(scope, "acme-mail.com", wanted);
    assertThat(google.verifyDomain(scope, "acme-mail.com")).isTrue();

    google.createMailbox(scope, "acme-mail.com", mailbox, "pw");
    google.createMailbox(scope, "acme-mail.com", mailbox, "pw");
    assertThat(
            db.strings("SELECT display_name FROM sandbox_mailboxes WHERE partner_id = ?", partner))
        .containsExactly("Sam Lee");

    google.removeDomain(scope, "acme-mail.com");
    google.removeDomain(scope, "acme-mail.com");
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = ? AND deleted_at IS NULL",
                partner))
        .isZero();
    assertThatThrownBy(() -> sandbox.microsoft().addDomain(scope, "fail-acme.com"))
        .isInstanceOfSatisfying(ProviderFailure.class, f -> assertThat(f.retryable()).isFalse());
  }

  @Test
  void the_sequencer_takes_each_inbox_once_and_never_keeps_the_password() {
    var account = new Sequencer.Account(366903, "login@acme.com", "hunter2-secret");
    assertThat(account.toString()).doesNotContain("hunter2");
    sandbox.sequencer().upload(scope, account, inboxes("sam@acme-mail.com", "alex@acme-mail.com"));
    sandbox.sequencer().upload(scope, account, inboxes("sam@acme-mail.com"));
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_sequencer_accounts WHERE partner_id = ?", partner))
        .isEqualTo(2);
    assertThat(
            db.rows("SELECT * FROM sandbox_sequencer_accounts WHERE partner_id = ?", partner)
                .toString())
        .doesNotContain("hunter2");
    assertThatThrownBy(
            () ->
                sandbox
                    .sequencer()
                    .upload(
                        scope,
                        new Sequencer.Account(1, "login@acme.com", ""),
                        inboxes("x@acme-mail.com")))
        .isInstanceOf(ProviderFailure.class);
    sandbox.sequencer().remove(scope, 366903, List.of("sam@acme-mail.com", "alex@acme-mail.com"));
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_sequencer_accounts WHERE partner_id = ? AND removed_at IS NULL",
                partner))
        .isZero();
  }

  @Test
  void the_forwarder_keeps_one_redirect_per_domain() {
    sandbox.forwarder().redirect(scope, "acme-mail.com", "https://acme.com");
    sandbox.forwarder().redirect(scope, "acme-mail.com", "https://acme.com/hello");
    assertThat(db.strings("SELECT target_url FROM sandbox_redirects WHERE partner_id = ?", partner))
        .containsExactly("https://acme.com/hello");
    sandbox.forwarder().remove(scope, "acme-mail.com");
    sandbox.forwarder().remove(scope, "acme-mail.com");
    assertThat(db.count("SELECT COUNT(*) FROM sandbox_redirects WHERE partner_id = ?", partner))
        .isZero();
  }

  private static List<Sequencer.Inbox> inboxes(String... addresses) {
    return java.util.Arrays.stream(addresses)
        .map(
            a ->
                new Sequencer.Inbox(
                    a, "Sam Lee", ai.peeker.domains.MailProviderKind.GOOGLE, "generated-pw"))
        .toList();
  }
}
