package ai.peeker.api;

import static org.assertj.core.api.Assumptions.assumeThat;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.TestDatabases;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two nodes on one PostgreSQL database draw from one bucket per key. */
class ClusterRateLimitTest {
  @Test
  void the_limit_holds_across_two_nodes_sharing_a_database() {
    assumeThat(TestDatabases.postgres()).as("a cluster needs PostgreSQL").isTrue();
    Config config =
        Config.fromEnvironment(Map.of()).withPort(0).withDatabaseUrl(TestDatabases.fresh());
    try (App one = App.create(config, Clock.systemUTC()).start();
        App two = App.create(config, Clock.systemUTC()).start()) {
      var partner = one.partners().create("Clustered");
      String key =
          one.partners().issueKey(partner.id(), Environment.TEST, Preset.READ, 20).secret();
      Api.As a = new Api("http://localhost:" + one.port()).as(key);
      Api.As b = new Api("http://localhost:" + two.port()).as(key);
      for (int i = 0; i < 10; i++) {
        a.get("/me").expect(200);
        b.get("/me").expect(200);
      }
      a.get("/me").expectError(429, "rate_limited", null);
      b.get("/me").expectError(429, "rate_limited", null);
    }
  }
}
