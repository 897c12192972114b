package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import ai.peeker.testing.ServerProcess;
import ai.peeker.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --database jdbc:h2:file:…} without any settings runs as the default database does:
 * PostgreSQL SQL works (the availability cache), and the CLI works beside the running server.
 */
class ExplicitH2UrlTest {
  @TempDir Path dataDir;

  @Test
  void a_bare_h2_file_url_caches_availability_and_shares_the_file_with_the_cli() throws Exception {
    assumeFalse(TestDatabases.postgres());
    String url = "jdbc:h2:file:" + dataDir.resolve("explicit");
    Map<String, String> env = Map.of("PEEKER_DATA_DIR", dataDir.resolve("unused").toString());
    Path log = dataDir.resolve("server.log");
    ServerProcess server = ServerProcess.start(env, log, "--database", url);
    try {
      var partner = Cli.run(env, "partner", "create", "--name", "Explicit", "--database", url);
      assertThat(partner.exitCode()).as(partner.stderr()).isZero();
      var key =
          Cli.run(
              env,
              "key",
              "create",
              "--partner",
              partner.lastLine(),
              "--environment",
              "test",
              "--preset",
              "full",
              "--database",
              url);
      assertThat(key.exitCode()).as(key.stderr()).isZero();
      Api.As api = server.api().as(key.lastLine());

      List<String> names = List.of("explicit-one.com", "premium-explicit.com");
      JsonNode first = check(api, names);
      Instant quoted;
      try (Database db = Database.connect(url, 1)) {
        quoted = quotedAt(db, "explicit-one.com");
      }
      assertThat(quoted).as("the answer was cached").isNotNull();
      assertThat(check(api, names)).isEqualTo(first);
      try (Database db = Database.connect(url, 1)) {
        assertThat(quotedAt(db, "explicit-one.com")).as("served from the cache").isEqualTo(quoted);
      }
      assertThat(Files.readString(log)).doesNotContain("ERROR").doesNotContain("Syntax error");
    } finally {
      server.stop();
    }
  }

  private static JsonNode check(Api.As api, List<String> names) {
    return api.post("/domains/availability", Map.of("domains", names))
        .expect(200)
        .data()
        .path("domains");
  }

  private static Instant quotedAt(Database db, String domain) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT quoted_at FROM domain_quotes WHERE domain = :d")
                    .bind("d", domain)
                    .mapTo(Instant.class)
                    .findOne()
                    .orElse(null));
  }
}
