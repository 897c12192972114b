package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.testing.Cli;
import ai.peeker.testing.PeekerWebhooks;
import ai.peeker.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code peeker webhook …} run as separate processes while a server holds the database. */
class WebhookCliTest {
  @TempDir Path dataDir;

  @Test
  void an_operator_sets_tests_rotates_and_redelivers_a_partners_webhooks_from_the_shell()
      throws Exception {
    Map<String, String> env = Cli.sharedDatabase(dataDir);
    Config config = Config.fromEnvironment(env).withPort(0);
    try (App app = App.create(config, Clock.systemUTC()).start();
        WebhookReceiver receiver = WebhookReceiver.start("cli")) {
      String partner = app.partners().create("Shell partner").id();

      var set =
          ok(
              env,
              "webhook",
              "set",
              "--partner",
              partner,
              "--environment",
              "test",
              "--url",
              receiver.url());
      String secret = set.lastLine();
      assertThat(secret).startsWith("whsec_");
      assertThat(set.stdout()).anyMatch(l -> l.contains(receiver.url()));

      var test = ok(env, "webhook", "test", "--partner", partner, "--environment", "test");
      String ping = test.lastLine();
      assertThat(ping).startsWith("evt_");
      assertThat(test.stdout().getFirst())
          .contains("ping " + ping + ": HTTP 200")
          .endsWith("delivered");
      var received = receiver.received(ping).getFirst();
      assertThat(
              PeekerWebhooks.verify(
                  secret,
                  received.timestamp(),
                  received.signature(),
                  received.body(),
                  Instant.now()))
          .isTrue();

      var show = ok(env, "webhook", "show", "--partner", partner, "--environment", "test");
      String shown = String.join("\n", show.stdout());
      assertThat(shown)
          .contains(receiver.url())
          .contains(secret.substring(0, 10) + "…")
          .contains("delivered 1")
          .doesNotContain(secret);

      String rotated =
          ok(env, "webhook", "rotate", "--partner", partner, "--environment", "test").lastLine();
      assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);

      receiver.answer(500);
      var failing = Cli.run(env, "webhook", "test", "--partner", partner, "--environment", "test");
      assertThat(failing.exitCode()).isEqualTo(1);
      assertThat(failing.stdout().getFirst()).contains("HTTP 500").endsWith("pending");
      String failed = failing.lastLine();

      receiver.answer(204);
      var redelivered = ok(env, "webhook", "redeliver", failed);
      assertThat(redelivered.stdout().getFirst()).contains("HTTP 204").endsWith("delivered");
      var signedTwice = receiver.received(failed).getLast();
      assertThat(signedTwice.signature()).contains(",");
      for (String s : new String[] {secret, rotated}) {
        assertThat(
                PeekerWebhooks.verify(
                    s,
                    signedTwice.timestamp(),
                    signedTwice.signature(),
                    signedTwice.body(),
                    Instant.now()))
            .isTrue();
      }

      var log = ok(env, "webhook", "deliveries", "--partner", partner, "--event", failed);
      assertThat(log.stdout()).hasSize(3);
      assertThat(log.stdout().get(1)).contains("attempt 1").contains("500");
      assertThat(log.stdout().get(2)).contains("attempt 2").contains("204");
      var list = ok(env, "webhook", "deliveries", "--partner", partner, "--environment", "test");
      assertThat(list.stdout())
          .hasSize(2)
          .allMatch(l -> l.contains("ping") && l.contains("delivered"));

      var http =
          Cli.run(
              env,
              "webhook",
              "set",
              "--partner",
              partner,
              "--environment",
              "live",
              "--url",
              "http://example.com/x");
      assertThat(http.exitCode()).isNotZero();
      assertThat(http.stderr())
          .contains("live webhook URLs must use https")
          .doesNotContain("\tat ");
      var unknown = Cli.run(env, "webhook", "redeliver", "evt_01HZX0OG1A2B3C4D5E6F7G8H");
      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.stderr()).contains("no event evt_01HZX0OG1A2B3C4D5E6F7G8H");
    }
  }

  private static Cli.Result ok(Map<String, String> env, String... args) {
    Cli.Result result = Cli.run(env, args);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result;
  }
}
