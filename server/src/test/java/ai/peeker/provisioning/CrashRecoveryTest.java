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
import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * A server process killed with {@code kill -9} in the middle of provisioning 50 orders: after a
 * restart every order ends, and the sandbox providers did every effect exactly once.
 */
class CrashRecoveryTest {
  private static final int ORDERS = 50;

  @TempDir Path dataDir;

  @Test
  void fifty_orders_survive_a_kill_9_mid_provisioning_with_every_effect_done_exactly_once()
      throws Exception {
    // slow enough steps that the kill lands while work is in flight
    Map<String, String> env = new HashMap<>(Cli.sharedDatabase(dataDir));
    env.put("PEEKER_SANDBOX_STEP_DELAY_MS", "150");
    Config config = Config.fromEnvironment(env);
    // This JVM holds the database (and, for H2, serves the file to the server process); it
    // places the orders through the order service, without running any jobs itself.
    try (App placing = App.create(config, Clock.systemUTC())) {
      Jdbi jdbi = placing.database().jdbi();
      Partner partner = placing.partners().create("Crash partner");
      String key =
          placing
              .partners()
              .issueKey(partner.id(), Environment.TEST, Preset.FULL, 100_000)
              .secret();
      Scope scope = new Scope(partner.id(), Environment.TEST);

      Path log1 = dataDir.resolve("server-1.log");
      int port = Cli.freePort();
      Process server = Cli.serve(env, port, log1);
      List<String> orderIds = new ArrayList<>();
      try {
        for (int i = 0; i < ORDERS; i++) {
          Order order =
              placing
                  .orders()
                  .place(
                      scope,
                      SandboxOrders.custom(
                          "crash" + (i % 7) + "@acme.com",
                          2,
                          1,
                          SandboxOrders.names("crash", 2),
                          List.of(SandboxOrders.sam())));
          orderIds.add(order.id());
        }

        // kill -9 once some domains are connected and others are mid-step
        try {
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(10))
              .until(
                  () ->
                      count(jdbi, "SELECT COUNT(*) FROM domain_workflows WHERE step = 'connected'")
                          >= 10);
        } catch (RuntimeException e) {
          throw new AssertionError("no progress; server said:\n" + Files.readString(log1), e);
        }
        server.destroyForcibly().waitFor();
      } finally {
        if (server.isAlive()) {
          server.destroyForcibly().waitFor(); // never leave a server behind a failed test
        }
      }
      int domains = ORDERS * 2;
      int inboxes = ORDERS * 3;
      long connectedAtKill =
          count(jdbi, "SELECT COUNT(*) FROM domain_workflows WHERE step = 'connected'");
      long inFlightAtKill = count(jdbi, "SELECT COUNT(*) FROM scheduled_tasks WHERE picked = TRUE");
      System.out.printf(
          "crash: killed with %d of %d domains connected, %d executions in flight%n",
          connectedAtKill, domains, inFlightAtKill);
      assertThat(connectedAtKill).as("killed mid-provisioning").isLessThan(domains);
      assertThat(inFlightAtKill).as("executions left picked by the dead node").isPositive();

      Path log2 = dataDir.resolve("server-2.log");
      int port2 = Cli.freePort();
      Process restarted = Cli.serve(env, port2, log2);
      long restartedAt = System.nanoTime();
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    count(
                            jdbi,
                            "SELECT COUNT(*) FROM orders WHERE partner_id = '"
                                + partner.id()
                                + "' AND status IN ('completed', 'failed', 'cancelled')")
                        == ORDERS);

        System.out.printf(
            "crash: all %d orders terminal %d ms after the restart began%n",
            ORDERS, (System.nanoTime() - restartedAt) / 1_000_000);
        Api api = new Api("http://localhost:" + port2);
        List<String> bodies = new ArrayList<>();
        for (String id : orderIds) {
          var response = api.as(key).get("/orders/" + id).expect(200);
          assertThat(response.data().path("status").asText()).isEqualTo("completed");
          assertThat(response.data().path("inboxes")).hasSize(3);
          bodies.add(response.body());
        }
        assertThat(String.join("\n", bodies)).doesNotContain(SandboxOrders.PASSWORD);
      } finally {
        restarted.destroy();
        restarted.waitFor();
      }

      String p = "'" + partner.id() + "'";
      // the registrar sold each domain exactly once
      assertThat(count(jdbi, "SELECT COUNT(*) FROM sandbox_registrations WHERE partner_id = " + p))
          .isEqualTo(domains);
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM (SELECT domain FROM sandbox_registrations WHERE partner_id = "
                      + p
                      + " GROUP BY domain HAVING COUNT(*) > 1) twice"))
          .isZero();
      // the mail provider created each inbox exactly once
      assertThat(count(jdbi, "SELECT COUNT(*) FROM sandbox_mailboxes WHERE partner_id = " + p))
          .isEqualTo(inboxes);
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM (SELECT address FROM sandbox_mailboxes WHERE partner_id = "
                      + p
                      + " GROUP BY address HAVING COUNT(*) > 1) twice"))
          .isZero();
      assertThat(count(jdbi, "SELECT COUNT(*) FROM inboxes WHERE partner_id = " + p))
          .isEqualTo(inboxes);
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM (SELECT address FROM sandbox_sequencer_accounts WHERE partner_id = "
                      + p
                      + " GROUP BY address HAVING COUNT(*) > 1) twice"))
          .isZero();
      // and each transition happened once
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM events WHERE type = 'domain.connected' AND partner_id = "
                      + p))
          .isEqualTo(domains);
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM events WHERE type = 'order.completed' AND partner_id = "
                      + p))
          .isEqualTo(ORDERS);

      // the sequencer password: in no log line, nowhere in the database in plain text
      String logs = Files.readString(log1) + Files.readString(log2);
      assertThat(logs).contains("Peeker Partner API on").doesNotContain(SandboxOrders.PASSWORD);
      assertThat(tablesHolding(jdbi, SandboxOrders.PASSWORD)).isEmpty();
      assertThat(
              count(jdbi, "SELECT COUNT(*) FROM orders WHERE sequencer_login_secret LIKE 'v1:%'"))
          .isEqualTo(ORDERS);
    }
  }

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** Every table whose rows contain {@code secret} anywhere, as text or bytes. */
  private static List<String> tablesHolding(Jdbi jdbi, String secret) throws Exception {
    return jdbi.<List<String>, Exception>withHandle(
        h -> {
          List<String> tables =
              h.createQuery(
                      "SELECT table_name FROM information_schema.tables"
                          + " WHERE table_schema = 'public' AND table_type IN ('BASE TABLE', 'TABLE')")
                  .mapTo(String.class)
                  .list();
          assertThat(tables)
              .contains("orders", "events", "scheduled_tasks", "sandbox_sequencer_accounts");
          List<String> holding = new ArrayList<>();
          Connection c = h.getConnection();
          for (String table : tables) {
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
              int columns = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                  Object value = rs.getObject(i);
                  String text =
                      value instanceof byte[] bytes
                          ? new String(bytes, StandardCharsets.ISO_8859_1)
                          : String.valueOf(value);
                  if (text.contains(secret)) {
                    holding.add(table);
                  }
                }
              }
            }
          }
          return holding;
        });
  }
}
