package ai.peeker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.peeker.partners.Environment;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Setting, showing and rotating endpoints: the URL rules and what is (never) shown. */
class WebhookEndpointsTest {
  static final TestServer server = TestServer.shared();

  Webhooks webhooks() {
    return server.app().webhooks();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/hooks",
        "https://localhost/hooks",
        "https://10.0.0.8/hooks",
        "https://192.168.0.2:8443/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks",
        "https://[fd00:ec2::254]/",
        "https://0.0.0.0/",
        "https://100.64.1.1/",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://172.20.0.1/",
        "https://168.63.129.16/hooks",
        "https://[::ffff:168.63.129.16]/hooks",
        "https://100.100.100.200/latest/meta-data",
        "https://192.0.0.192/opc/v2/instance/"
      })
  void live_urls_pointing_at_loopback_private_link_local_or_metadata_addresses_are_refused(
      String url) {
    Tenant tenant = server.newTenant("SSRF");
    assertThatThrownBy(() -> webhooks().set(tenant.partner().id(), Environment.LIVE, url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not point at loopback, private, link-local or metadata");
  }

  @Test
  void live_urls_must_be_https_and_sandbox_urls_may_be_http_on_localhost() {
    Tenant tenant = server.newTenant("Schemes");
    String partner = tenant.partner().id();
    assertThatThrownBy(
            () -> webhooks().set(partner, Environment.LIVE, "http://93.184.215.14/hooks"))
        .hasMessage("live webhook URLs must use https");
    assertThat(webhooks().set(partner, Environment.LIVE, "https://93.184.215.14/hooks").newSecret())
        .startsWith("whsec_");
    assertThat(webhooks().set(partner, Environment.TEST, "http://localhost:4000/hooks").newSecret())
        .startsWith("whsec_");
    assertThat(webhooks().set(partner, Environment.TEST, "http://10.0.0.5/hooks").newSecret())
        .as("the sandbox may reach a partner's private network, where its receiver runs")
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "localhost:4000/hooks",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "http://user:pass@example.com/hooks",
        "http://example.com/hooks#frag",
        "http:///nohost",
        "http://169.254.169.254/latest",
        "http://[fe80::1]/x",
        "http://168.63.129.16/machine?comp=goalstate",
        "http://[fd00:ec2::123]/x",
        "http://exa mple.com/"
      })
  void malformed_or_metadata_urls_are_refused_even_in_the_sandbox(String url) {
    Tenant tenant = server.newTenant("Bad URLs");
    assertThatThrownBy(() -> webhooks().set(tenant.partner().id(), Environment.TEST, url))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_overlong_url_and_an_unknown_partner_are_refused() {
    Tenant tenant = server.newTenant("Long");
    String longUrl = "https://example.com/" + "a".repeat(2100);
    assertThatThrownBy(() -> webhooks().set(tenant.partner().id(), Environment.TEST, longUrl))
        .hasMessageContaining("2048");
    assertThatThrownBy(
            () ->
                webhooks()
                    .set("org_01HZX0OG1A2B3C4D5E6F7G8H", Environment.TEST, "http://localhost/x"))
        .hasMessage("no partner org_01HZX0OG1A2B3C4D5E6F7G8H");
    assertThatThrownBy(() -> webhooks().rotate(tenant.partner().id(), Environment.LIVE))
        .hasMessageContaining("no webhook endpoint");
  }

  @Test
  void
      setting_again_changes_the_url_and_keeps_the_secret_which_is_sealed_at_rest_and_never_shown() {
    Tenant tenant = server.newTenant("Sealed");
    String partner = tenant.partner().id();
    var first = webhooks().set(partner, Environment.TEST, "http://localhost:4001/a");
    var second = webhooks().set(partner, Environment.TEST, "http://localhost:4002/b");
    assertThat(second.newSecret()).isNull();
    assertThat(second.endpoint().id()).isEqualTo(first.endpoint().id());
    WebhookEndpoint shown = webhooks().show(partner, Environment.TEST);
    assertThat(shown.url()).isEqualTo("http://localhost:4002/b");
    assertThat(shown.secrets())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.hint()).isEqualTo(first.newSecret().substring(0, 10) + "…");
              assertThat(s.expiresAt()).isNull();
            });
    assertThat(shown.toString()).doesNotContain(first.newSecret());

    String rotated = webhooks().rotate(partner, Environment.TEST);
    List<Map<String, Object>> rows =
        server
            .app()
            .database()
            .jdbi()
            .withHandle(h -> h.createQuery("SELECT * FROM webhook_secrets").mapToMap().list());
    assertThat(rows.toString()).doesNotContain(first.newSecret()).doesNotContain(rotated);
    assertThat(rows.toString()).doesNotContain(first.newSecret().substring(6, 30));
  }

  @Test
  void environments_are_separate_endpoints_with_separate_secrets() {
    Tenant tenant = server.newTenant("Two worlds");
    String partner = tenant.partner().id();
    var test = webhooks().set(partner, Environment.TEST, "http://localhost:4003/hooks");
    var live = webhooks().set(partner, Environment.LIVE, "https://93.184.215.14/hooks");
    assertThat(test.endpoint().id()).isNotEqualTo(live.endpoint().id());
    assertThat(test.newSecret()).isNotEqualTo(live.newSecret());
    assertThat(webhooks().show(partner, Environment.LIVE).url())
        .isEqualTo("https://93.184.215.14/hooks");
  }

  @Test
  void the_retry_schedule_fits_five_attempts_in_24_hours_and_bad_schedules_are_refused() {
    assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(5);
    assertThat(RetrySchedule.parse("500ms, 2s,1m,1h").delays()).hasSize(4);
    assertThatThrownBy(() -> RetrySchedule.parse("1m,1m,1m,1m,1m")).hasMessageContaining("1 to 4");
    assertThatThrownBy(() -> RetrySchedule.parse("20h,1h")).hasMessageContaining("24 hours");
    assertThatThrownBy(() -> RetrySchedule.parse("5 minutes")).hasMessageContaining("not a delay");
    assertThatThrownBy(() -> RetrySchedule.parse("0s")).hasMessageContaining("positive");
    var created = java.time.Instant.parse("2026-05-08T12:00:00Z");
    assertThat(RetrySchedule.DEFAULT.nextAttempt(1, created, created))
        .get()
        .satisfies(
            t -> assertThat(t).isBetween(created.plusSeconds(144), created.plusSeconds(216)));
    assertThat(RetrySchedule.DEFAULT.nextAttempt(5, created, created)).isEmpty();
    assertThat(RetrySchedule.DEFAULT.nextAttempt(2, created, created.plusSeconds(86_000)))
        .isEmpty();
  }

  @Test
  void bad_webhook_settings_stop_the_server_at_start_naming_the_variable() {
    assertThatThrownBy(
            () ->
                ai.peeker.app.Config.fromEnvironment(
                    Map.of("PEEKER_WEBHOOK_RETRY_SCHEDULE", "1h,30h")))
        .hasMessageContaining("PEEKER_WEBHOOK_RETRY_SCHEDULE");
    assertThatThrownBy(
            () -> ai.peeker.app.Config.fromEnvironment(Map.of("PEEKER_WEBHOOK_CONCURRENCY", "0")))
        .hasMessageContaining("PEEKER_WEBHOOK_CONCURRENCY");
    var config =
        ai.peeker.app.Config.fromEnvironment(
            Map.of("PEEKER_WEBHOOK_TIMEOUT_MS", "3000", "PEEKER_WEBHOOK_RETRY_SCHEDULE", "1s,2s"));
    assertThat(config.webhooks().timeout()).hasMillis(3000);
    assertThat(config.webhooks().retries().maxAttempts()).isEqualTo(3);
    assertThat(ai.peeker.app.Config.fromEnvironment(Map.of()).webhooks())
        .isEqualTo(WebhookSettings.DEFAULT);
  }
}
