package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Preset;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Cli;
import ai.peeker.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with {@code kill -9} while domain swaps run: after a restart every swap ends, no
 * replacement is bought twice, no inbox created twice, and each old domain retired once.
 */
class SwapCrashTest {
  private static final int ORDERS = 8;

  @TempDir Path dataDir;

  @Test
  void swaps_survive_a_kill_9_with_every_effect_done_once() throws Exception {
    Map<String, String> env = new HashMap<>(Cli.sharedDatabase(dataDir));
    env.put("PEEKER_SANDBOX_STEP_DELAY_MS", "150");
    Config config = Config.fromEnvironment(env);
    try (App placing = App.create(config, Clock.systemUTC())) {
      Jdbi jdbi = placing.database().jdbi();
      Partner partner = placing.partners().create("Swap crash partner");
      String key =
          placing
              .partners()
              .issueKey(partner.id(), Environment.TEST, Preset.FULL, 100_000)
              .secret();
      Scope scope = new Scope(partner.id(), Environment.TEST);
      String p = "'" + partner.id() + "'";

      ServerProcess first = ServerProcess.start(env, dataDir.resolve("server-1.log"));
      List<String> swapIds = new ArrayList<>();
      List<String> replacements = new ArrayList<>();
      try {
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
          Order order =
              placing
                  .orders()
                  .place(
                      scope,
                      SandboxOrders.custom(
                          "swapcrash@acme.com",
                          2,
                          1,
                          SandboxOrders.names("swapcrash", 2),
                          List.of(SandboxOrders.sam())));
          orderIds.add(order.id());
        }
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    count(
                            jdbi,
                            "SELECT COUNT(*) FROM orders WHERE status = 'completed' AND partner_id = "
                                + p)
                        == ORDERS);
        for (String orderId : orderIds) {
          String google =
              jdbi.withHandle(
                  h ->
                      h.createQuery(
                              "SELECT id FROM domains WHERE order_id = :o AND provider = 'google'")
                          .bind("o", orderId)
                          .mapTo(String.class)
                          .one());
          String fresh = SandboxOrders.names("swapfresh", 1).get(0);
          replacements.add(fresh);
          swapIds.add(
              first
                  .api()
                  .as(key)
                  .post(
                      "/swaps",
                      Map.of("type", "standard", "domain_id", google, "replacement_domain", fresh))
                  .expect(201)
                  .data()
                  .path("id")
                  .asText());
        }
        // kill -9 once some replacements are past their inboxes and others are mid-way
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(10))
            .until(
                () ->
                    count(
                            jdbi,
                            "SELECT COUNT(*) FROM domain_workflows WHERE swap_id IS NOT NULL"
                                + " AND step IN ('forwarding', 'sequencer', 'connected')")
                        >= 2);
        first.kill();
      } finally {
        if (first.process().isAlive()) {
          first.kill();
        }
      }
      long terminalAtKill =
          count(
              jdbi,
              "SELECT COUNT(*) FROM swaps WHERE status IN ('completed', 'failed') AND partner_id = "
                  + p);
      System.out.printf("swap crash: killed with %d of %d swaps over%n", terminalAtKill, ORDERS);
      assertThat(terminalAtKill).as("killed mid-swap").isLessThan(ORDERS);

      ServerProcess second = ServerProcess.start(env, dataDir.resolve("server-2.log"));
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    count(
                            jdbi,
                            "SELECT COUNT(*) FROM swaps WHERE status IN ('completed', 'failed')"
                                + " AND partner_id = "
                                + p)
                        == ORDERS);
        for (String id : swapIds) {
          var swap = second.api().as(key).get("/swaps/" + id).expect(200).data();
          assertThat(swap.path("status").asText()).as(swap.toString()).isEqualTo("completed");
          assertThat(swap.path("retired_at").asText()).endsWith("Z");
        }
      } finally {
        second.stop();
      }

      // each replacement bought once, each of its inboxes created once
      for (String fresh : replacements) {
        assertThat(
                count(
                    jdbi,
                    "SELECT COUNT(*) FROM sandbox_registrations WHERE domain = '" + fresh + "'"))
            .isEqualTo(1);
        assertThat(
                count(
                    jdbi, "SELECT COUNT(*) FROM sandbox_mailboxes WHERE domain = '" + fresh + "'"))
            .isEqualTo(2);
      }
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM (SELECT address FROM sandbox_mailboxes WHERE partner_id = "
                      + p
                      + " GROUP BY address HAVING COUNT(*) > 1) twice"))
          .isZero();
      // each old domain retired once: retired, its mailboxes deleted, one completion per swap
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM domains WHERE status = 'retired' AND partner_id = " + p))
          .isEqualTo(ORDERS);
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM sandbox_mailboxes m JOIN domains d ON d.domain = m.domain"
                      + " AND d.partner_id = m.partner_id WHERE d.status = 'retired'"
                      + " AND m.deleted_at IS NULL AND d.partner_id = "
                      + p))
          .isZero();
      for (String type : List.of("swap.created", "swap.in_progress", "swap.completed")) {
        assertThat(
                count(
                    jdbi,
                    "SELECT COUNT(*) FROM events WHERE type = '"
                        + type
                        + "' AND partner_id = "
                        + p))
            .as(type)
            .isEqualTo(ORDERS);
      }
      assertThat(count(jdbi, "SELECT COUNT(*) FROM inboxes WHERE partner_id = " + p))
          .isEqualTo(ORDERS * 3);
      String logs =
          Files.readString(dataDir.resolve("server-1.log"))
              + Files.readString(dataDir.resolve("server-2.log"));
      assertThat(logs).doesNotContain(SandboxOrders.PASSWORD);
    }
  }

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
