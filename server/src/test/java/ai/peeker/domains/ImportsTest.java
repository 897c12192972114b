package ai.peeker.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.domains.imports.ImportTiming;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Concurrently;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Imports of customer-owned domains over HTTP: sync, bulk, checks, and ordering on them. */
class ImportsTest {
  private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 10_000_000);
  static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            c ->
                c.withImportTiming(new ImportTiming(Duration.ofMillis(200), Duration.ofSeconds(3))),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> names(String prefix, int count) {
    long n = SEQUENCE.incrementAndGet();
    return IntStream.range(0, count).mapToObj(i -> prefix + n + "-" + i + ".com").toList();
  }

  static JsonNode awaitImport(Api.As api, String id, String... statuses) {
    Set<String> wanted = Set.of(statuses);
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = api.get("/domains/import/" + id).expect(200).data();
              return wanted.contains(last[0].path("status").asText());
            });
    return last[0];
  }

  long count(String table, Tenant t) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE partner_id = :p")
                    .bind("p", t.partner().id())
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void the_docs_flow_imports_two_domains_and_orders_a_bundle_on_them_without_registration() {
    Tenant t = server.newTenant("Import flow");
    List<String> imported = names("import-flow-", 2);
    JsonNode job = t.api().post("/domains/import", Map.of("domains", imported)).expect(200).data();
    assertThat(job.path("id").asText()).startsWith("imp_");
    assertThat(job.path("domain_count").asInt()).isEqualTo(2);
    assertThat(job.path("nameserver_groups")).hasSize(1);
    assertThat(job.path("nameserver_groups").get(0).path("domains").toString())
        .isEqualTo("[\"" + imported.get(0) + "\",\"" + imported.get(1) + "\"]");
    for (JsonNode row : job.path("domains")) {
      assertThat(row.path("status").asText()).isEqualTo("pending_nameservers");
      assertThat(row.path("domain_id").asText()).startsWith("dom_");
    }
    String domainId = job.path("domains").get(0).path("domain_id").asText();

    JsonNode done = awaitImport(t.api(), job.path("id").asText(), "completed", "failed");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("completed_at").asText()).isNotEmpty();
    JsonNode domain = t.api().get("/domains/" + domainId).expect(200).data();
    assertThat(domain.path("category").asText()).isEqualTo("inventory");
    assertThat(domain.path("status").asText()).isEqualTo("available");

    // 2000 emails a month at 50/50: 2 Google domains and 1 Microsoft domain
    String bundleId =
        t.api()
            .post("/bundles", Map.of("name", "Small", "monthly_sending_volume", 2000))
            .expect(201)
            .data()
            .path("id")
            .asText();
    List<String> domains = new ArrayList<>(imported);
    domains.addAll(OrderBodies.names("import-bought", 1));
    String orderId =
        t.api()
            .post("/orders", OrderBodies.forBundle(bundleId, domains))
            .expect(201)
            .data()
            .path("id")
            .asText();
    JsonNode[] order = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              order[0] = t.api().get("/orders/" + orderId).expect(200).data();
              return order[0].path("status").asText().equals("completed");
            });
    assertThat(order[0].path("domains").path("imported").toString())
        .contains(imported.get(0))
        .contains(imported.get(1));
    for (JsonNode item : order[0].path("costs").path("line_items")) {
      if (item.path("type").asText().equals("domain_registration")) {
        assertThat(item.path("quantity").asInt()).isEqualTo(1);
      }
    }
  }

  @Test
  void twenty_six_names_are_refused_and_bad_names_come_back_as_refused_rows() {
    Tenant t = server.newTenant("Import refusals");
    long before = count("domain_imports", t);
    t.api()
        .post("/domains/import", Map.of("domains", names("too-many-", 26)))
        .expectError(400, "invalid_request", "domains");
    t.api()
        .post("/domains/import", Map.of("domains", List.of()))
        .expectError(400, "invalid_request", "domains");
    t.api().post("/domains/import", Map.of()).expectError(400, "invalid_request", "domains");
    assertThat(count("domain_imports", t)).isEqualTo(before);
    assertThat(count("domains", t)).isZero();

    String good = names("good-", 1).get(0);
    JsonNode job =
        t.api()
            .post(
                "/domains/import",
                Map.of(
                    "domains",
                    List.of(good, "mail.acme-sub.com", "bad..com", good.toUpperCase(Locale.ROOT))))
            .expect(200)
            .data();
    JsonNode rows = job.path("domains");
    assertThat(rows.get(0).path("status").asText()).isEqualTo("pending_nameservers");
    assertThat(rows.get(1).path("reason").asText()).isEqualTo("subdomain");
    assertThat(rows.get(2).path("reason").asText()).isEqualTo("invalid_domain");
    assertThat(rows.get(3).path("reason").asText()).isEqualTo("duplicate");
    assertThat(count("domains", t)).isEqualTo(1);

    JsonNode again =
        t.api().post("/domains/import", Map.of("domains", List.of(good))).expect(200).data();
    assertThat(again.path("domains").get(0).path("reason").asText()).isEqualTo("already_imported");
    assertThat(count("domains", t)).isEqualTo(1);
  }

  @Test
  void pending_nameservers_raise_action_required_block_orders_and_give_up() {
    Tenant t = server.newTenant("Import pending");
    String pending = names("pending-ns-", 1).get(0);
    String failing = names("fail-import-", 1).get(0);
    JsonNode job =
        t.api()
            .post("/domains/import", Map.of("domains", List.of(pending, failing)))
            .expect(200)
            .data();
    String id = job.path("id").asText();
    JsonNode waiting = awaitImport(t.api(), id, "action_required");
    assertThat(waiting.path("domains").get(0).path("status").asText())
        .isEqualTo("pending_nameservers");
    assertThat(waiting.path("domains").get(1).path("reason").asText()).isEqualTo("zone_rejected");

    var refused =
        t.api()
            .post("/orders", OrderBodies.custom(0, 1, List.of(pending)))
            .expectError(400, "invalid_request", "domains");
    assertThat(refused.json().path("error").path("details").path("reason").asText())
        .isEqualTo("nameservers_not_set");

    JsonNode over = awaitImport(t.api(), id, "failed");
    assertThat(over.path("domains").get(0).path("reason").asText())
        .isEqualTo("nameservers_not_set");
    String domainId = over.path("domains").get(0).path("domain_id").asText();
    assertThat(t.api().get("/domains/" + domainId).expect(200).data().path("status").asText())
        .isEqualTo("failed");

    List<String> types =
        server
            .app()
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT type FROM events WHERE partner_id = :p ORDER BY created_at, id")
                        .bind("p", t.partner().id())
                        .mapTo(String.class)
                        .list());
    assertThat(types)
        .containsExactly(
            "domain_import.action_required", "domain.action_required", "domain_import.failed");
  }

  @Test
  void the_same_set_of_500_names_is_one_job_in_any_order_or_case_and_under_concurrency()
      throws Exception {
    Tenant t = server.newTenant("Import bulk", 6000);
    List<String> set = names("bulk-", 500);
    var first = t.api().post("/domains/import/jobs", Map.of("domains", set)).expect(202).data();
    assertThat(first.path("status").asText()).isEqualTo("in_progress");
    List<String> shuffled = new ArrayList<>();
    for (int i = set.size() - 1; i >= 0; i--) {
      shuffled.add(set.get(i).toUpperCase(Locale.ROOT));
    }
    var same = t.api().post("/domains/import/jobs", Map.of("domains", shuffled)).expect(200).data();
    assertThat(same.path("id").asText()).isEqualTo(first.path("id").asText());

    List<String> other = names("bulk-race-", 500);
    Set<String> ids = new HashSet<>();
    List<Integer> statuses =
        Concurrently.run(
            10,
            i -> {
              var r = t.api().post("/domains/import/jobs", Map.of("domains", other));
              synchronized (ids) {
                ids.add(r.data().path("id").asText());
              }
              return r.status();
            });
    assertThat(ids).hasSize(1);
    assertThat(statuses).containsOnly(200, 202).contains(202);
    assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(1);

    JsonNode done = awaitImport(t.api(), first.path("id").asText(), "completed", "failed");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    for (JsonNode row : done.path("domains")) {
      assertThat(row.path("status").asText()).isEqualTo("available");
    }
    assertThat(
            t.api()
                .get("/domains/import?domains=" + set.get(0) + "," + other.get(0))
                .expect(200)
                .data())
        .hasSize(2);
  }

  @Test
  void a_live_import_without_a_dns_host_is_refused_with_503_and_writes_nothing() {
    Tenant t = server.newTenant("Import live");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    var refused =
        live.post("/domains/import", Map.of("domains", names("live-", 2))).expect(503).json();
    assertThat(refused.path("error").path("code").asText()).isEqualTo("service_unavailable");
    assertThat(count("domain_imports", t)).isZero();
    assertThat(count("domains", t)).isZero();
    // names that are all refused need no DNS host: the job answers at once and fails
    JsonNode job =
        live.post("/domains/import", Map.of("domains", List.of("bad..com"))).expect(200).data();
    assertThat(job.path("domains").get(0).path("reason").asText()).isEqualTo("invalid_domain");
  }

  @Test
  void the_lookup_needs_between_one_and_fifty_names() {
    Tenant t = server.newTenant("Import lookup");
    t.api().get("/domains/import").expectError(400, "invalid_request", "domains");
    t.api().get("/domains/import?domains=").expectError(400, "invalid_request", "domains");
    t.api()
        .get("/domains/import?domains=" + String.join(",", names("many-", 51)))
        .expectError(400, "invalid_request", "domains");
    assertThat(t.api().get("/domains/import?domains=nothing-here.com").expect(200).data())
        .isEmpty();
    t.api()
        .get("/domains/import/imp_01HZX0IM1A2B3C4D5E6F7G8HJK")
        .expectError(404, "not_found", null);
  }
}
