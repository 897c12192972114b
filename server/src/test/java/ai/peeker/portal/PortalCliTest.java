package ai.peeker.portal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.testing.Cli;
import ai.peeker.testing.PortalHttp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peeker portal user add} prints a link that sets the password; the operator's CLI and the
 * portal change the same keys.
 */
class PortalCliTest {
  @TempDir Path dataDir;

  @Test
  void an_operator_adds_a_user_whose_link_sets_a_password_and_keys_show_on_both_sides() {
    Map<String, String> env = new HashMap<>(Cli.sharedDatabase(dataDir));
    try (App app = App.create(Config.fromEnvironment(env).withPort(0), Clock.systemUTC()).start()) {
      String base = "http://localhost:" + app.port();
      env.put("PEEKER_PUBLIC_URL", base);
      String partner = app.partners().create("Shell partner").id();

      var added =
          Cli.run(
              env, "portal", "user", "add", "--partner", partner, "--email", "Dev@Shell.example");
      assertThat(added.exitCode()).as(added.stderr()).isZero();
      String link = added.lastLine();
      assertThat(link).startsWith(base + "/portal/welcome?token=");
      assertThat(added.stdout().getFirst()).contains("Dev@Shell.example", "24 h");

      PortalHttp http = new PortalHttp(base);
      URI uri = URI.create(link);
      var form = http.get(uri.getPath() + "?" + uri.getQuery());
      assertThat(form.status()).isEqualTo(200);
      String token = uri.getQuery().substring("token=".length());
      assertThat(
              http.post(
                      "/portal/welcome",
                      Map.of(
                          "csrf",
                          form.csrf(),
                          "token",
                          token,
                          "password",
                          PortalHttp.PASSWORD,
                          "repeat",
                          PortalHttp.PASSWORD))
                  .status())
          .isEqualTo(303);

      var created =
          Cli.run(
              env,
              "key",
              "create",
              "--partner",
              partner,
              "--environment",
              "test",
              "--preset",
              "read");
      assertThat(created.exitCode()).isZero();
      String keyId = created.stdout().getFirst().split(" ")[2];
      assertThat(http.get("/portal/test/keys").body()).contains(keyId);

      String csrf = http.get("/portal/test/keys").csrf();
      assertThat(http.post("/portal/test/keys/" + keyId + "/revoke", Map.of("csrf", csrf)).status())
          .isEqualTo(303);
      var listed = Cli.run(env, "key", "list", "--partner", partner);
      assertThat(listed.stdout()).anyMatch(l -> l.startsWith(keyId) && l.contains("revoked"));

      var unknown =
          Cli.run(
              env, "portal", "user", "add", "--partner", "org_nobody", "--email", "a@b.example");
      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.stderr()).contains("no partner org_nobody");
    }
  }
}
