package ai.peeker.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import com.fasterxml.jackson.databind.JsonNode;
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
 * A server killed with {@code kill -9} in the middle of a 500-name bulk import: after a restart the
 * job finishes, every name was checked, and no name became a domain or a zone twice.
 */
class ImportCrashTest {
  @TempDir Path dataDir;

  @Test
  void a_500_name_import_survives_a_kill_9_and_imports_each_name_once() throws Exception {
    Map<String, String> env = new HashMap<>(Cli.sharedDatabase(dataDir));
    env.put("PEEKER_SANDBOX_IMPORT_CHECK_MS", "300");
    env.put("PEEKER_SANDBOX_IMPORT_GIVE_UP_SECONDS", "8");
    Config config = Config.fromEnvironment(env);
    try (App holding = App.create(config, Clock.systemUTC())) {
      Jdbi jdbi = holding.database().jdbi();
      Partner partner = holding.partners().create("Import crash partner");
      String key =
          holding
              .partners()
              .issueKey(partner.id(), Environment.TEST, Preset.FULL, 100_000)
              .secret();
      String p = "'" + partner.id() + "'";
      // half never point their nameservers, so the job cannot be over before the kill
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        names.add("crash-import-" + i + ".com");
        names.add("pending-ns-crash-" + i + ".com");
      }

      Path log1 = dataDir.resolve("server-1.log");
      int port = Cli.freePort();
      Process server = Cli.serve(env, port, log1);
      String importId;
      try {
        importId =
            new Api("http://localhost:" + port)
                .as(key)
                .post("/domains/import/jobs", Map.of("domains", names))
                .expect(202)
                .data()
                .path("id")
                .asText();
        try {
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(5))
              .until(() -> count(jdbi, "SELECT COUNT(*) FROM domains WHERE partner_id = " + p) > 0);
        } catch (RuntimeException e) {
          throw new AssertionError("no progress; server said:\n" + Files.readString(log1), e);
        }
        server.destroyForcibly().waitFor();
      } finally {
        if (server.isAlive()) {
          server.destroyForcibly().waitFor();
        }
      }
      long atKill = count(jdbi, "SELECT COUNT(*) FROM domains WHERE partner_id = " + p);
      System.out.printf("import crash: killed with %d of 500 names imported%n", atKill);

      Path log2 = dataDir.resolve("server-2.log");
      int port2 = Cli.freePort();
      Process restarted = Cli.serve(env, port2, log2);
      long restartedAt = System.nanoTime();
      try {
        Api.As api = new Api("http://localhost:" + port2).as(key);
        JsonNode[] job = new JsonNode[1];
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  job[0] = api.get("/domains/import/jobs/" + importId).expect(200).data();
                  return job[0].path("status").asText().equals("completed");
                });
        System.out.printf(
            "import crash: job completed %d ms after the restart began%n",
            (System.nanoTime() - restartedAt) / 1_000_000);
        int available = 0;
        int gaveUp = 0;
        for (JsonNode row : job[0].path("domains")) {
          String status = row.path("status").asText();
          if (row.path("domain").asText().startsWith("pending-ns-")) {
            assertThat(status).isEqualTo("failed");
            assertThat(row.path("reason").asText()).isEqualTo("nameservers_not_set");
            gaveUp++;
          } else {
            assertThat(status).isEqualTo("available");
            available++;
          }
        }
        assertThat(available).isEqualTo(250);
        assertThat(gaveUp).isEqualTo(250);
      } finally {
        restarted.destroy();
        restarted.waitFor();
      }
      // each name is one domain and one zone; each transition was announced once
      assertThat(count(jdbi, "SELECT COUNT(*) FROM domains WHERE partner_id = " + p))
          .isEqualTo(500);
      assertThat(count(jdbi, "SELECT COUNT(*) FROM sandbox_dns_zones WHERE partner_id = " + p))
          .isEqualTo(500);
      // a domain announced as waiting is announced once (none are when the restart comes after
      // the give-up time: the first check after it fails them at once)
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM (SELECT object_id FROM events WHERE type ="
                      + " 'domain.action_required' AND partner_id = "
                      + p
                      + " GROUP BY object_id HAVING COUNT(*) > 1) twice"))
          .isZero();
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM events WHERE type = 'domain.action_required'"
                      + " AND partner_id = "
                      + p))
          .isIn(0L, 250L);
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM events WHERE type = 'domain_import.completed'"
                      + " AND partner_id = "
                      + p))
          .isEqualTo(1);
      assertThat(
              count(
                  jdbi,
                  "SELECT COUNT(*) FROM events WHERE type = 'domain_import.action_required'"
                      + " AND partner_id = "
                      + p))
          .isLessThanOrEqualTo(1);
    }
  }

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
