package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.peeker.domains.imports.ImportTiming;
import ai.peeker.partners.Environment;
import ai.peeker.testing.Api;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestDatabases;
import ai.peeker.testing.TestServer;
import ai.peeker.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every statement the server runs in a realistic session is planned, on a fresh and unanalysed H2
 * database, with an index that narrows it below the tenant.
 *
 * <p>H2 plans a prepared statement once per connection and keeps that plan, so the plan chosen on
 * an empty database is the plan a node keeps serving with. On such a database every column looks
 * equally selective, and H2 seeks an {@code IN (...)} list only on an index's first column: a
 * lookup by id once read a partner's every inbox, and a lookup of a few names a partner's every
 * domain. This test records each distinct statement H2 executes while a server goes through orders,
 * listings, imports, forwarding, swaps, cancellations and webhooks (H2's own query statistics, so
 * the job runner's and the dispatcher's statements count too), then {@code EXPLAIN}s each on a
 * freshly migrated database with every parameter null (H2 plans at prepare time) and names every
 * statement that reads a whole table, or reads through an index only by {@code partner_id}/{@code
 * environment}, unless it is a tenant listing (see {@link #tenantListingPage}).
 *
 * <p>PostgreSQL plans with real statistics (kept by autovacuum, or by the server's {@link Upkeep}
 * when autovacuum is off); this is about H2 alone.
 */
class QueryPlansTest {
  /**
   * An index, or a table scan, as H2's plan names it: {@code /* public.orders_pk: id = ?1 *}{@code
   * /}.
   */
  private static final Pattern ACCESS = Pattern.compile("/\\* (public\\.[^*]*?)\\*/");

  /** An index condition on the tenant columns alone, in either order. */
  private static final Pattern TENANT_ONLY =
      Pattern.compile(
          "public\\.\\S+: (partner_id = \\?\\d+( AND environment = \\?\\d+)?"
              + "|environment = \\?\\d+( AND partner_id = \\?\\d+)?)");

  @Test
  void every_statement_of_a_busy_session_is_planned_with_an_index_beyond_the_tenant()
      throws Exception {
    assumeFalse(TestDatabases.postgres(), "PostgreSQL plans with real statistics; H2 only");
    List<String> statements;
    try (TestServer server =
        TestServer.start(
            c ->
                c.withImportTiming(new ImportTiming(Duration.ofMillis(100), Duration.ofSeconds(3))),
            Clock.systemUTC())) {
      recordStatements(server);
      busySession(server);
      statements = recordedStatements(server);
    }
    assertThat(statements).as("the session's statements were recorded").hasSizeGreaterThan(50);

    List<String> offending = new ArrayList<>();
    int named = 0;
    try (Database fresh = Database.open(TestDatabases.fresh(), 3);
        Connection c = fresh.dataSource().getConnection()) {
      Set<String> oneRowPerTenant = oneRowPerTenant(c);
      for (String sql : statements) {
        String plan = explain(c, sql);
        if (ACCESS.matcher(plan).find()) {
          named++;
        }
        List<String> bad = badAccesses(plan, oneRowPerTenant);
        if (!bad.isEmpty() && !tenantListingPage(sql, plan)) {
          offending.add(sql + "\n    reads " + bad + "\n    plan: " + plan);
        }
      }
    }
    assertThat(named)
        .as("plans name their table accesses the way this test reads them")
        .isGreaterThan(50);
    assertThat(offending)
        .as(
            "statements H2 plans to read a whole table or a whole tenant (index or migration"
                + " needed, or a narrower condition):\n%s",
            String.join("\n\n", offending))
        .isEmpty();
  }

  /** H2 counts each distinct statement it executes, on every connection, from now on. */
  private static void recordStatements(TestServer server) throws SQLException {
    try (Connection c = server.app().database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 100000");
      s.execute("SET QUERY_STATISTICS TRUE");
    }
  }

  private static List<String> recordedStatements(TestServer server) throws SQLException {
    TreeSet<String> sqls = new TreeSet<>();
    try (Connection c = server.app().database().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT sql_statement FROM information_schema.query_statistics")) {
      while (rs.next()) {
        String sql = rs.getString(1).strip();
        String verb = sql.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        boolean data =
            List.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH").contains(verb);
        if (data && !sql.toLowerCase(Locale.ROOT).contains("information_schema.")) {
          sqls.add(sql);
        }
      }
    }
    return List.copyOf(sqls);
  }

  private static String explain(Connection c, String sql) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
      int parameters = p.getParameterMetaData().getParameterCount();
      for (int k = 1; k <= parameters; k++) {
        p.setNull(k, Types.VARCHAR);
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1));
        }
      }
      return plan.toString().replaceAll("\\s+", " ");
    } catch (SQLException e) {
      throw new SQLException("cannot EXPLAIN " + sql, e);
    }
  }

  /**
   * Unique indexes on tenant columns alone ({@code webhook_endpoints_scope}: one endpoint per
   * tenant): a lookup on them reads one row.
   */
  private static Set<String> oneRowPerTenant(Connection c) throws SQLException {
    Set<String> indexes = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT i.index_name FROM information_schema.indexes i"
                    + " JOIN information_schema.index_columns k"
                    + " ON k.index_schema = i.index_schema AND k.index_name = i.index_name"
                    + " WHERE i.index_schema = 'public'"
                    + " AND i.index_type_name IN ('PRIMARY KEY', 'UNIQUE INDEX')"
                    + " GROUP BY i.index_name"
                    + " HAVING COUNT(CASE WHEN k.column_name NOT IN ('partner_id', 'environment')"
                    + " THEN 1 END) = 0")) {
      while (rs.next()) {
        indexes.add("public." + rs.getString(1));
      }
    }
    return indexes;
  }

  /** The plan's table accesses that read a whole table or a whole tenant. */
  static List<String> badAccesses(String plan, Set<String> oneRowPerTenant) {
    List<String> bad = new ArrayList<>();
    Matcher m = ACCESS.matcher(plan);
    while (m.find()) {
      String access = m.group(1).trim();
      String index = access.split(":", 2)[0];
      if (access.endsWith(".tableScan")
          || access.matches("public\\.\\S+") // an index read whole, without a condition
          || (TENANT_ONLY.matcher(access).matches() && !oneRowPerTenant.contains(index))) {
        bad.add(access);
      }
    }
    return bad;
  }

  /**
   * The one exception: a tenant listing's page. It may read the tenant through a tenant index when
   * it reads that index in the query's own order ({@code /* index sorted *}{@code /}) under a
   * {@code LIMIT}: the read stops once the page is full. A filter that index cannot seek makes the
   * page read further, which is the price of a listing; anything else that reads a whole tenant (a
   * lookup, a count, an update) needs an index.
   */
  static boolean tenantListingPage(String sql, String plan) {
    return !plan.contains(".tableScan")
        && sql.toUpperCase(Locale.ROOT).contains(" LIMIT ")
        && plan.contains("/* index sorted */");
  }

  // ---------------------------------------------------------------------------------------------
  // The session: every feature, through the API, with a few of each listing's filters.

  private static void busySession(TestServer server) throws Exception {
    Tenant t = server.newTenant("Plans", 100_000);
    Api.As api = t.api();
    api.get("/me").expect(200);
    try (WebhookReceiver receiver = WebhookReceiver.start("hooks")) {
      server.app().webhooks().set(t.partner().id(), Environment.TEST, receiver.url());

      // users and bundles
      String userId =
          api.post("/users", OrderBodies.user("plans@acme.com"))
              .expect(201)
              .data()
              .path("id")
              .asText();
      api.patch("/users/" + userId, Map.of("first_name", "Anne")).expect(200);
      api.get("/users/" + userId).expect(200);
      api.get("/users").expect(200);
      api.get("/users?limit=1").expect(200);
      String spare =
          api.post("/users", OrderBodies.user("spare@acme.com"))
              .expect(201)
              .data()
              .path("id")
              .asText();
      api.delete("/users/" + spare).expect(200);
      String bundleId =
          api.post("/bundles", OrderBodies.bundle("Plans")).expect(201).data().path("id").asText();
      api.patch("/bundles/" + bundleId, Map.of("name", "Plans 2")).expect(200);
      api.get("/bundles/" + bundleId).expect(200);
      api.get("/bundles").expect(200);
      api.get("/bundles?status=active").expect(200);
      String spareBundle =
          api.post("/bundles", OrderBodies.bundle("Spare")).expect(201).data().path("id").asText();
      api.delete("/bundles/" + spareBundle).expect(200);

      // availability (twice: the second answer comes from the quotes)
      List<String> wanted = OrderBodies.names("plans-avail", 3);
      api.post("/domains/availability", Map.of("domains", wanted)).expect(200);
      api.post("/domains/availability", Map.of("domains", wanted)).expect(200);

      // orders that provision to completion: one for a bundle, one custom
      int bundleDomains =
          api.get("/bundles/" + bundleId)
              .expect(200)
              .data()
              .path("required_domains")
              .path("total")
              .asInt();
      Map<String, Object> bundled =
          OrderBodies.forBundle(bundleId, OrderBodies.names("plans-b", bundleDomains));
      bundled.put("user", "plans@acme.com");
      String bundleOrder = api.post("/orders", bundled).expect(201).data().path("id").asText();
      List<String> customNames = OrderBodies.names("plans-c", 2);
      String customOrder =
          api.post("/orders", OrderBodies.custom(4, 0, customNames))
              .expect(201)
              .data()
              .path("id")
              .asText();
      awaitOrder(api, bundleOrder, "completed");
      awaitOrder(api, customOrder, "completed");
      api.get("/orders/" + bundleOrder).expect(200);
      api.get("/orders").expect(200);
      api.get("/orders?limit=1").expect(200);
      api.get("/orders?status=completed").expect(200);
      api.get("/orders?user_id=" + userId).expect(200);
      api.get("/orders?user_email=plans@acme.com").expect(200);
      api.get("/orders?bundle_id=" + bundleId).expect(200);
      api.get("/orders/pending").expect(200);
      api.get("/orders/pending?order_id=" + customOrder).expect(200);
      api.get("/orders/pending?status=resolved").expect(200);

      // domains
      JsonNode connected = api.get("/domains?category=connected").expect(200).data();
      assertThat(connected.size()).as("the orders' domains").isGreaterThanOrEqualTo(3);
      String domainId = connected.get(0).path("id").asText();
      api.get("/domains/" + domainId).expect(200);
      api.get("/domains").expect(200);
      api.get("/domains?limit=2").expect(200);
      api.get("/domains?status=active").expect(200);
      api.get("/domains?user_id=" + userId).expect(200);
      api.get("/domains?user_email=plans@acme.com").expect(200);
      api.get("/domains?usable_for=google").expect(200);
      api.get("/domains?category=inventory").expect(200);
      api.get("/orders/pending?domain_id=" + domainId).expect(200);

      // imports: one at once, one as a job
      List<String> imported = OrderBodies.names("plans-imp", 2);
      String importId =
          api.post("/domains/import", Map.of("domains", imported))
              .expect(200)
              .data()
              .path("id")
              .asText();
      String jobId =
          api.post("/domains/import/jobs", Map.of("domains", OrderBodies.names("plans-job", 3)))
              .expect(202)
              .data()
              .path("id")
              .asText();
      awaitStatusLeaves(api, "/domains/import/" + importId, "pending");
      awaitStatusLeaves(api, "/domains/import/jobs/" + jobId, "in_progress");
      api.get("/domains/import?domains=" + String.join(",", imported)).expect(200);
      api.get("/domains/import?domains=" + imported.get(0)).expect(200);

      // forwarding
      String forwarding =
          api.post(
                  "/domains/forwarding",
                  Map.of(
                      "domains",
                      List.of(domainId, customNames.get(1)),
                      "forwarding_url",
                      "https://new.acme.com/hi"))
              .expect(202)
              .data()
              .path("id")
              .asText();
      awaitStatusLeaves(api, "/domains/forwarding/" + forwarding, "in_progress");

      // swaps: a domain and a domain's user names
      Map<String, Object> domainSwap = new LinkedHashMap<>();
      domainSwap.put("type", "standard");
      domainSwap.put("domain_id", connected.get(1).path("id").asText());
      domainSwap.put("replacement_domain", OrderBodies.names("plans-swap", 1).get(0));
      String swapId = api.post("/swaps", domainSwap).expect(201).data().path("id").asText();
      api.post(
              "/swaps/user_names",
              Map.of(
                  "domain_id",
                  connected.get(2).path("id").asText(),
                  "personas",
                  List.of(OrderBodies.persona("Kim", "Park"))))
          .expect(201);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.get("/swaps?status=completed").expect(200).data().size() >= 2);
      api.get("/swaps/" + swapId).expect(200);
      api.get("/swaps").expect(200);
      api.get("/swaps?limit=1").expect(200);

      // cancellations: one domain of an order, then the whole bundle order
      api.post("/orders/" + customOrder + "/cancel", Map.of("domains", List.of(customNames.get(1))))
          .expect(200);
      api.post("/orders/" + bundleOrder + "/cancel", Map.of("scope", "order")).expect(200);
      api.get("/orders/" + bundleOrder).expect(200);
      api.get("/orders?status=cancel_scheduled").expect(200);

      // webhooks: the events above were delivered
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 5);
      server.app().webhooks().set(t.partner().id(), Environment.TEST, receiver.url());
      // an operator's test event and a redelivery (CLI and portal)
      server.app().webhooks().test(t.partner().id(), Environment.TEST);
      String delivered = receiver.received().getFirst().eventId();
      server.app().webhooks().redeliver(delivered);
      server.app().webhooks().delivery(delivered);
    }
  }

  private static void awaitOrder(Api.As api, String id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                api.get("/orders/" + id).expect(200).data().path("status").asText().equals(status));
  }

  /** Waits until the resource's status no longer starts with {@code prefix}. */
  private static void awaitStatusLeaves(Api.As api, String path, String prefix) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !api.get(path).expect(200).data().path("status").asText().startsWith(prefix));
  }
}
