package ai.peeker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.TestDatabases;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database draw from one bucket per key, each from its local copy: the
 * two together admit the limit and at most {@link RateLimits#unsynchronizedTokens} more per node,
 * as the README says.
 */
class ClusterRateLimitTest {
  private static final int LIMIT = 200;

  @Test
  void the_limit_holds_across_two_nodes_sharing_a_database_within_the_documented_slack() {
    assumeThat(TestDatabases.postgres()).as("a cluster needs PostgreSQL").isTrue();
    Config config =
        Config.fromEnvironment(Map.of()).withPort(0).withDatabaseUrl(TestDatabases.fresh());
    try (App one = App.create(config, Clock.systemUTC()).start();
        App two = App.create(config, Clock.systemUTC()).start()) {
      var partner = one.partners().create("Clustered");
      String key =
          one.partners().issueKey(partner.id(), Environment.TEST, Preset.READ, LIMIT).secret();
      List<Api.As> nodes =
          List.of(
              new Api("http://localhost:" + one.port()).as(key),
              new Api("http://localhost:" + two.port()).as(key));
      int admitted = 0;
      int refusedInARow = 0;
      for (int i = 0; refusedInARow < 4 && i < 2 * LIMIT; i++) {
        var response = nodes.get(i % 2).get("/me");
        if (response.status() == 200) {
          admitted++;
          refusedInARow = 0;
        } else {
          response.expectError(429, "rate_limited", null);
          refusedInARow++;
        }
      }
      long slack = RateLimits.unsynchronizedTokens(LIMIT);
      assertThat(admitted).isBetween(LIMIT - 2 * (int) slack, LIMIT + 2 * (int) slack);
      assertThat(refusedInARow).isEqualTo(4);
    }
  }
}
