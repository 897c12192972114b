package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.api.RateLimits;
import ai.peeker.common.Ids;
import ai.peeker.db.Database;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.ServerProcess;
import ai.peeker.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database, no balancer: the test alternates between them.
 * One rate limit per key; page tokens issued by one node work on the other; orders placed on both
 * are provisioned with each provider effect once; after {@code kill -9} of one node in the middle
 * of that work, the other finishes every order within 30 s.
 */
class TwoNodeTest {
  private static final int ORDERS = 6;
  private static final int LIMIT = 100;

  @TempDir Path dataDir;

  @Test
  void two_nodes_behave_as_one_and_one_finishes_what_a_killed_one_left() throws Exception {
    assumeTrue(TestDatabases.postgres(), "two nodes share a database only on PostgreSQL");
    Map<String, String> env = new HashMap<>(Cli.sharedDatabase(dataDir));
    env.put("PEEKER_SANDBOX_STEP_DELAY_MS", "300"); // work is still under way at the kill
    env.put("PEEKER_DB_POOL_SIZE", "4");
    env.put("PEEKER_SHUTDOWN_DRAIN_MS", "0");
    String url = Config.fromEnvironment(env).effectiveDatabaseUrl();
    String key;
    String limited;
    try (Database db = Database.open(url, 2)) {
      Partners partners = new Partners(db.jdbi(), Clock.systemUTC(), new Ids(Clock.systemUTC()));
      String partner = partners.create("Two nodes").id();
      key = partners.issueKey(partner, Environment.TEST, Preset.FULL, 1_000_000).secret();
      limited = partners.issueKey(partner, Environment.TEST, Preset.READ, LIMIT).secret();
    }
    ServerProcess one = ServerProcess.start(env, dataDir.resolve("one.log"));
    ServerProcess two = ServerProcess.start(env, dataDir.resolve("two.log"));
    try (Connection db = DriverManager.getConnection(url)) {
      List<Api.As> nodes = List.of(one.api().as(key), two.api().as(key));

      // one rate limit: the two nodes together admit the limit, plus the documented slack
      List<Api.As> limitedNodes = List.of(one.api().as(limited), two.api().as(limited));
      int admitted = 0;
      for (int i = 0; i < 2 * LIMIT; i++) {
        if (limitedNodes.get(i % 2).get("/me").status() == 200) {
          admitted++;
        }
      }
      assertThat(admitted)
          .isBetween(LIMIT, LIMIT + 2 * (int) RateLimits.unsynchronizedTokens(LIMIT));

      // orders placed on both nodes, alternately; the other node's first page, read just before,
      // shows each at once
      List<String> orders = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        nodes.forEach(node -> node.get("/orders?per_page=2").expect(200));
        Map<String, Object> body = OrderBodies.custom(2, 1, OrderBodies.names("twonode", 2));
        String placed =
            nodes.get(i % 2).post("/orders", body).expect(201).data().path("id").asText();
        orders.add(placed);
        JsonNode other = nodes.get((i + 1) % 2).get("/orders?per_page=2").expect(200).data();
        assertThat(other.path(0).path("id").asText()).isEqualTo(placed);
      }

      // a page token issued by one node is honoured by the other
      Set<String> listed = new HashSet<>();
      String next = "/orders?per_page=2";
      for (int page = 0; next != null; page++) {
        JsonNode body = nodes.get(page % 2).get(next).expect(200).json();
        body.path("data").forEach(o -> listed.add(o.path("id").asText()));
        JsonNode link = body.path("links").path("next");
        next = link.isNull() ? null : link.asText().replaceFirst("^http://[^/]+", "");
      }
      assertThat(listed).containsExactlyInAnyOrderElementsOf(orders);

      // kill -9 of node one while both nodes run provisioning jobs
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  count(db, "SELECT COUNT(DISTINCT picked_by) FROM scheduled_tasks WHERE picked")
                      == 2);
      nodes.forEach(node -> node.get("/orders?per_page=100").expect(200)); // read while under way
      one.kill();
      long killed = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> count(db, "SELECT COUNT(*) FROM orders WHERE status = 'completed'") == ORDERS);
      System.out.printf(
          "two nodes: the survivor finished every order %d ms after the kill%n",
          (System.nanoTime() - killed) / 1_000_000);
      // it did so by taking over the killed node's jobs
      assertThat(Files.readString(dataDir.resolve("two.log"))).contains("reviving");

      // every provider effect once, every event once
      int domains = ORDERS * 2;
      assertThat(count(db, "SELECT COUNT(*) FROM sandbox_registrations")).isEqualTo(domains);
      assertThat(count(db, "SELECT COUNT(DISTINCT domain) FROM sandbox_registrations"))
          .isEqualTo(domains);
      assertThat(count(db, "SELECT COUNT(*) FROM sandbox_mailboxes"))
          .isEqualTo(count(db, "SELECT COUNT(DISTINCT address) FROM sandbox_mailboxes"))
          .isEqualTo(count(db, "SELECT COUNT(*) FROM inboxes"));
      assertThat(count(db, "SELECT COUNT(*) FROM events WHERE type = 'domain.connected'"))
          .isEqualTo(domains);
      assertThat(count(db, "SELECT COUNT(*) FROM events WHERE type = 'order.completed'"))
          .isEqualTo(ORDERS);
      for (String order : orders) {
        two.api().as(key).get("/orders/" + order).expect(200);
      }
      // the listing read while the orders provisioned shows what both nodes' jobs did since
      two.api()
          .as(key)
          .get("/orders?per_page=100")
          .expect(200)
          .data()
          .forEach(o -> assertThat(o.path("status").asText()).isEqualTo("completed"));
    } finally {
      one.kill();
      two.kill();
    }
  }

  private static long count(Connection db, String sql) throws Exception {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
