package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.peeker.bundles.BundleStatus;
import ai.peeker.common.WireValue;
import ai.peeker.domains.DomainCategory;
import ai.peeker.domains.DomainSource;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.domains.Quote;
import ai.peeker.domains.forwarding.ForwardingFailure;
import ai.peeker.domains.forwarding.ForwardingStatus;
import ai.peeker.domains.imports.ImportRowReason;
import ai.peeker.domains.imports.ImportRowStatus;
import ai.peeker.domains.imports.ImportStatus;
import ai.peeker.events.DeliveryState;
import ai.peeker.events.EventType;
import ai.peeker.orders.InboxStatus;
import ai.peeker.orders.OrderStatus;
import ai.peeker.orders.PendingActionReason;
import ai.peeker.orders.PendingActionStatus;
import ai.peeker.orders.PendingActionType;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.TestDatabases;
import ai.peeker.users.SequencerProvider;
import ai.peeker.users.UserStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** The database's CHECK constraints and the enums the code reads and writes agree. */
class StateChecksTest {
  private static final Pattern CHECK =
      Pattern.compile(
          "ALTER TABLE (\\w+) ADD CONSTRAINT \\w+\\s+CHECK \\((\\w+) IN \\(([^)]*)\\)\\);");

  @Test
  void every_checked_column_accepts_exactly_the_wire_names_of_its_enum() throws Exception {
    Map<String, Class<?>> columns = new TreeMap<>();
    for (String table :
        List.of(
            "api_keys",
            "users",
            "bundles",
            "orders",
            "order_requests",
            "domains",
            "domain_quotes",
            "inboxes",
            "events",
            "domain_workflows",
            "pending_actions",
            "webhook_endpoints",
            "webhook_deliveries",
            "domain_imports",
            "domain_import_rows",
            "forwarding_jobs",
            "forwarding_job_rows",
            "swaps")) {
      columns.put(table + ".environment", Environment.class);
    }
    columns.put("api_keys.preset", Preset.class);
    columns.put("users.status", UserStatus.class);
    columns.put("users.sequencer_provider", SequencerProvider.class);
    columns.put("bundles.status", BundleStatus.class);
    columns.put("orders.status", OrderStatus.class);
    columns.put("orders.sequencer_provider", SequencerProvider.class);
    columns.put("domains.category", DomainCategory.class);
    columns.put("domains.status", DomainStatus.class);
    columns.put("domains.source", DomainSource.class);
    columns.put("domains.provider", MailProviderKind.class);
    columns.put("domain_quotes.unavailable", Quote.Unavailable.class);
    columns.put("inboxes.provider", MailProviderKind.class);
    columns.put("inboxes.status", InboxStatus.class);
    columns.put("events.type", EventType.class);
    columns.put("domain_workflows.provider", MailProviderKind.class);
    columns.put("domain_workflows.step", Class.forName("ai.peeker.provisioning.Step"));
    columns.put("pending_actions.type", PendingActionType.class);
    columns.put("pending_actions.reason", PendingActionReason.class);
    columns.put("pending_actions.status", PendingActionStatus.class);
    columns.put("webhook_deliveries.state", DeliveryState.class);
    columns.put(
        "sandbox_dns_zones.status",
        Class.forName("ai.peeker.provisioning.sandbox.SandboxDnsHost$ZoneStatus"));
    columns.put("sandbox_mail_domains.provider", MailProviderKind.class);
    columns.put("domain_imports.kind", Class.forName("ai.peeker.domains.imports.ImportKind"));
    columns.put("domain_imports.status", ImportStatus.class);
    columns.put("domain_import_rows.status", ImportRowStatus.class);
    columns.put("domain_import_rows.reason", ImportRowReason.class);
    columns.put("forwarding_jobs.status", ForwardingStatus.class);
    columns.put(
        "forwarding_job_rows.status",
        Class.forName("ai.peeker.domains.forwarding.ForwardingRowStatus"));
    columns.put("forwarding_job_rows.reason", ForwardingFailure.class);
    columns.put("sandbox_mailboxes.provider", MailProviderKind.class);
    columns.put("partners.swap_tier", Class.forName("ai.peeker.partners.SwapTier"));
    columns.put("swaps.type", Class.forName("ai.peeker.swaps.SwapType"));
    columns.put("swaps.status", Class.forName("ai.peeker.swaps.SwapStatus"));

    Map<String, List<String>> expected = new TreeMap<>();
    columns.forEach((column, type) -> expected.put(column, wires(type)));
    assertThat(checks()).isEqualTo(expected);
  }

  @Test
  void a_misspelt_state_is_refused_by_the_database() {
    try (Database db = Database.open(TestDatabases.fresh(), 2)) {
      String insert =
          "INSERT INTO sandbox_dns_zones (partner_id, zone, status, attempts, nameservers,"
              + " created_at) VALUES ('org_1', :zone, :status, 1, 'ns', CURRENT_TIMESTAMP)";
      db.jdbi()
          .useHandle(
              h -> h.createUpdate(insert).bind("zone", "a.com").bind("status", "active").execute());
      assertThatThrownBy(
              () ->
                  db.jdbi()
                      .useHandle(
                          h ->
                              h.createUpdate(insert)
                                  .bind("zone", "b.com")
                                  .bind("status", "actve")
                                  .execute()))
          .isInstanceOf(UnableToExecuteStatementException.class);
    }
  }

  private static List<String> wires(Class<?> type) {
    return Arrays.stream(type.getEnumConstants()).map(e -> ((WireValue) e).wire()).toList();
  }

  /**
   * Column to the values its CHECK constraint allows, from the migrations that add them, in version
   * order: a later migration that replaces a constraint wins.
   */
  private static Map<String, List<String>> checks() throws IOException {
    Map<String, List<String>> checks = new LinkedHashMap<>();
    java.nio.file.Path dir = java.nio.file.Path.of("src/main/resources/db/migration/common");
    List<String> migrations;
    try (var files = java.nio.file.Files.list(dir)) {
      migrations =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V\\d+__.*\\.sql"))
              .sorted(
                  java.util.Comparator.comparingInt(
                      n -> Integer.parseInt(n.substring(1, n.indexOf("__")))))
              .toList();
    }
    for (String migration : migrations) {
      Matcher m = CHECK.matcher(resource("db/migration/common/" + migration));
      while (m.find()) {
        checks.put(
            m.group(1) + "." + m.group(2),
            Arrays.stream(m.group(3).split(",")).map(v -> v.strip().replace("'", "")).toList());
      }
    }
    return new TreeMap<>(checks);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = StateChecksTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
