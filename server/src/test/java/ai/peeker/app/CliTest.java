package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Partners;
import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import ai.peeker.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator CLI, run as separate processes against the database a running server holds. */
class CliTest {
  @TempDir Path dataDir;

  @Test
  void an_operator_adds_lists_and_revokes_keys_while_the_server_runs() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PEEKER_DATA_DIR", dataDir.toString());
    Config config = Config.fromEnvironment(env).withPort(0);
    if (TestDatabases.postgres()) {
      String url = TestDatabases.fresh();
      env.put("PEEKER_DATABASE_URL", url);
      config = config.withDatabaseUrl(url);
    }
    try (App app = App.create(config, Clock.systemUTC()).start()) {
      Api api = new Api("http://localhost:" + app.port());

      var created = Cli.run(env, "partner", "create", "--name", "Acme Resellers");
      assertThat(created.exitCode()).as(created.stderr()).isZero();
      String partnerId = created.lastLine();
      assertThat(partnerId).matches("org_[0-9A-HJKMNP-TV-Z]{26}");

      var key =
          Cli.run(
              env,
              "key",
              "create",
              "--partner",
              partnerId,
              "--environment",
              "live",
              "--preset",
              "limited",
              "--rate-limit",
              "100");
      assertThat(key.exitCode()).as(key.stderr()).isZero();
      String secret = key.lastLine();
      assertThat(secret).startsWith("pk_live_").hasSize(46);

      var me = api.as(secret).get("/me").expect(200);
      assertThat(me.data().path("partner").path("name").asText()).isEqualTo("Acme Resellers");
      assertThat(me.data().path("api_key").path("permission_preset").asText()).isEqualTo("limited");
      assertThat(me.header("RateLimit-Limit")).isEqualTo("100");

      var list = Cli.run(env, "key", "list", "--partner", partnerId);
      assertThat(list.exitCode()).isZero();
      assertThat(String.join("\n", list.stdout()))
          .contains("live")
          .contains("limited")
          .doesNotContain(secret);
      String keyId = list.stdout().get(0).split("\\s+")[0];
      assertThat(keyId).startsWith("key_");

      assertThat(Cli.run(env, "partner", "list").stdout()).anyMatch(l -> l.startsWith(partnerId));

      var revoked = Cli.run(env, "key", "revoke", keyId);
      assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
      assertThat(revoked.lastLine()).isEqualTo(keyId);
      // the running server may hold the key for up to the cache time after the revocation
      Thread.sleep(Partners.KEY_CACHE_TIME);
      api.as(secret).get("/me").expectError(401, "unauthorized", null);
      assertThat(Cli.run(env, "key", "revoke", keyId).exitCode()).isEqualTo(1);
    }
  }

  @Test
  void bad_cli_input_fails_with_a_message_and_no_stack_trace() {
    Map<String, String> env = Map.of("PEEKER_DATA_DIR", dataDir.toString());
    var wrongEnv =
        Cli.run(
            env,
            "key",
            "create",
            "--partner",
            "org_x",
            "--environment",
            "prod",
            "--preset",
            "full");
    assertThat(wrongEnv.exitCode()).isNotZero();
    assertThat(wrongEnv.stderr())
        .contains("environment must be test or live")
        .doesNotContain("\tat ");
    var noPartner =
        Cli.run(
            env,
            "key",
            "create",
            "--partner",
            "org_x",
            "--environment",
            "test",
            "--preset",
            "full");
    assertThat(noPartner.exitCode()).isNotZero();
    assertThat(noPartner.stderr()).contains("no partner org_x");
    var badPort =
        Cli.run(Map.of("PEEKER_DATA_DIR", dataDir.toString(), "PEEKER_PORT", "http"), "migrate");
    assertThat(badPort.exitCode()).isNotZero();
    assertThat(badPort.stderr()).contains("PEEKER_PORT");
  }

  @Test
  void demo_prints_a_key_and_a_curl_command_that_works_when_pasted() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PEEKER_DATA_DIR", dataDir.toString());
    if (TestDatabases.postgres()) {
      env.put("PEEKER_DATABASE_URL", TestDatabases.fresh());
    }
    Process demo = Cli.builder(env, "demo", "--port", "0").redirectErrorStream(false).start();
    try (var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String curl = null;
      String line;
      String key = null;
      while ((line = out.readLine()) != null) {
        if (line.strip().startsWith("curl ")) {
          curl = line.strip();
        }
        if (line.startsWith("pk_test_")) {
          key = line;
          break;
        }
      }
      assertThat(curl).isNotNull();
      assertThat(key).isNotNull();
      Process pasted = new ProcessBuilder("sh", "-c", curl).start();
      String answer = new String(pasted.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(pasted.waitFor()).isZero();
      assertThat(answer).contains("\"permission_preset\":\"full\"").contains("Demo Partner");
      assertThat(Files.readString(dataDir.resolve("demo-key")).strip()).isEqualTo(key);
    } finally {
      demo.destroy();
      demo.waitFor();
    }
  }
}
