package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Ids;
import ai.peeker.common.Json;
import ai.peeker.db.Database;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Cli;
import ai.peeker.testing.ServerProcess;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator reads: the series on {@code /metrics}, {@code /readyz}, JSON log lines. */
class OperatorViewTest {
  @TempDir Path dataDir;

  @Test
  void metrics_name_routes_jobs_webhooks_pools_and_rate_limit_rejections() {
    TestServer server = TestServer.shared();
    Tenant tenant = server.newTenant("Operator view", 2);
    tenant.api().get("/orders/ord_0000000000000000000000000").expect(404);
    tenant.api().get("/me").expect(200);
    tenant.api().get("/me").expectError(429, "rate_limited", null);
    String metrics = server.api().anonymous().get("/metrics").expect(200).body();
    assertThat(metrics)
        .contains(
            "peeker_http_requests_seconds_bucket{method=\"GET\",route=\"/partner/v1/orders/{id}\","
                + "status=\"404\",le=\"0.005\"}",
            "peeker_http_requests_seconds_count{method=\"GET\",route=\"/partner/v1/me\","
                + "status=\"429\"}",
            "peeker_rate_limit_rejections_total ",
            "peeker_jobs_due{task=\"provision-domain\"}",
            "peeker_jobs_running{task=\"provision-domain\"}",
            "peeker_jobs_lag_seconds{task=\"provision-domain\"}",
            "peeker_jobs_queue_age_seconds ",
            "peeker_webhook_attempts_total{outcome=\"delivered\"}",
            "peeker_webhook_request_seconds_bucket{le=\"0.05\"}",
            "hikaricp_connections_active{pool=\"peeker\"}",
            "hikaricp_connections_pending{pool=\"peeker-background\"}",
            "hikaricp_connections_timeout_total{pool=\"peeker\"}");
    assertThat(metrics).doesNotContain("ord_0000000000000000000000000");
  }

  @Test
  void the_grafana_dashboard_plots_series_the_server_exports() throws Exception {
    String dashboard = Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
    JsonNode panels = Json.MAPPER.readTree(dashboard).path("panels");
    assertThat(panels.size()).isGreaterThan(10);
    String metrics = TestServer.shared().api().anonymous().get("/metrics").expect(200).body();
    // counted only once something happened: a job ran, the runner had trouble
    List<String> later = List.of("peeker_jobs_executions_total", "peeker_jobs_events_total");
    var names = java.util.regex.Pattern.compile("\\b(peeker|hikaricp|jvm)_[a-z_]+");
    for (JsonNode panel : panels) {
      String expr = panel.path("targets").path(0).path("expr").asText();
      var m = names.matcher(expr);
      assertThat(m.find()).as(expr).isTrue();
      String name = m.group().replaceAll("_(bucket|count|sum)$", "");
      if (!later.contains(name)) {
        assertThat(metrics).as(panel.path("title").asText()).contains("\n" + name);
      }
    }
  }

  @Test
  void readyz_reports_the_database_the_scheduler_and_the_node() {
    JsonNode ready = TestServer.shared().api().anonymous().get("/readyz").expect(200).json();
    assertThat(ready.path("status").asText()).isEqualTo("ready");
    assertThat(ready.path("database").asText()).isIn("up", "busy");
    assertThat(ready.path("scheduler").asText()).isEqualTo("up");
    assertThat(ready.path("node").asText()).isEqualTo("serving");
  }

  @Test
  void json_logs_give_one_object_a_line_with_the_formatted_message_and_the_request_id()
      throws Exception {
    Map<String, String> env = new HashMap<>(Cli.sharedDatabase(dataDir));
    env.put("PEEKER_LOG_FORMAT", "json");
    env.put("PEEKER_SHUTDOWN_DRAIN_MS", "0");
    String key;
    try (Database db = Database.open(Config.fromEnvironment(env).effectiveDatabaseUrl(), 2)) {
      Partners partners = new Partners(db.jdbi(), Clock.systemUTC(), new Ids(Clock.systemUTC()));
      String partner = partners.create("Json logs").id();
      key = partners.issueKey(partner, Environment.TEST, Preset.FULL, 600).secret();
    }
    Path log = dataDir.resolve("server.log");
    ServerProcess server = ServerProcess.start(env, log);
    String requestId;
    try {
      requestId = server.api().as(key).get("/me").expect(200).header("Peeker-Request-Id");
    } finally {
      server.stop();
    }
    List<String> objects =
        Files.readAllLines(log).stream().filter(line -> line.startsWith("{")).toList();
    JsonNode line =
        objects.stream()
            .map(OperatorViewTest::parse)
            .filter(j -> j.path("loggerName").asText().equals("peeker.requests"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no request line in " + objects));
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(requestId).startsWith("req_");
    assertThat(line.path("request_id").isTextual()).as(line.toString()).isTrue();
    assertThat(line.path("request_id").asText()).isEqualTo(requestId);
    assertThat(line.has("mdc")).as(line.toString()).isFalse();
    assertThat(line.path("formattedMessage").asText())
        .startsWith(requestId + " GET /partner/v1/me 200 ")
        .matches(".* \\d+\\.\\dms")
        .doesNotContain("{}");
    assertThat(line.has("arguments")).isFalse();
  }

  private static JsonNode parse(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not one JSON object: " + line, e);
    }
  }
}
