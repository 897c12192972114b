package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.SwapTier;
import ai.peeker.testing.Cli;
import ai.peeker.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./peeker partner set}: the operator's per-partner settings. */
class PartnerSetCliTest {
  @TempDir Path dataDir;

  @Test
  void an_operator_sets_the_default_sequencer_client_and_the_swap_tier() {
    Map<String, String> env = new HashMap<>();
    env.put("PEEKER_DATA_DIR", dataDir.toString());
    Config config = Config.fromEnvironment(env).withPort(0);
    if (TestDatabases.postgres()) {
      String url = TestDatabases.fresh();
      env.put("PEEKER_DATABASE_URL", url);
      config = config.withDatabaseUrl(url);
    }
    try (App app = App.create(config, Clock.systemUTC())) {
      String partner = app.partners().create("Acme").id();
      assertThat(app.partners().settings(partner).swapTier()).isEqualTo(SwapTier.BASE);
      assertThat(app.partners().settings(partner).defaultSequencerClientId()).isNull();

      var set =
          Cli.run(
              env,
              "partner",
              "set",
              "--partner",
              partner,
              "--default-sequencer-client",
              "366903",
              "--swap-tier",
              "vip_plus");
      assertThat(set.exitCode()).as(set.stderr()).isZero();
      assertThat(set.lastLine()).isEqualTo(partner);
      assertThat(app.partners().settings(partner).defaultSequencerClientId()).isEqualTo(366903L);
      assertThat(app.partners().settings(partner).swapTier()).isEqualTo(SwapTier.VIP_PLUS);

      var bad = Cli.run(env, "partner", "set", "--partner", partner, "--swap-tier", "gold");
      assertThat(bad.exitCode()).isNotZero();
      var cleared =
          Cli.run(
              env, "partner", "set", "--partner", partner, "--default-sequencer-client", "none");
      assertThat(cleared.exitCode()).as(cleared.stderr()).isZero();
      assertThat(app.partners().settings(partner).defaultSequencerClientId()).isNull();
      assertThat(app.partners().settings(partner).swapTier()).isEqualTo(SwapTier.VIP_PLUS);
    }
  }
}
