package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.app.Config;
import ai.peeker.common.Ids;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import ai.peeker.testing.Concurrently;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.ServerProcess;
import ai.peeker.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every acknowledged write survives {@code kill -9} of the server process: 2xx answers to {@code
 * POST /orders}, {@code /users} and {@code /bundles}, and CLI commands that printed their result
 * ({@code webhook set}, {@code key create}) while the server ran. The server is killed the moment
 * the last write is acknowledged, restarted, and every write is looked for; several rounds in a row
 * on one database, each round's restart serving the next round's writes.
 *
 * <p>The server process owns the database: on H2 it holds the file (the CLI reaches it through the
 * server's AUTO_SERVER port, and this JVM only opens the file while no server runs), so the kill
 * takes H2's unwritten changes with it, as it would in production.
 */
class AcknowledgedWritesCrashTest {
  private static final int ROUNDS = 5;
  private static final int HTTP_WRITES = 48; // + webhook set + key create = 50 writes a round

  // kept when a test fails: the database file and the servers' logs are the evidence
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  @Test
  void every_write_acknowledged_on_the_default_h2_file_survives_kill_9_five_times()
      throws Exception {
    assumeFalse(TestDatabases.postgres());
    crash(ROUNDS, Map.of("PEEKER_DATA_DIR", dataDir.toString()));
  }

  @Test
  void every_write_acknowledged_on_an_explicit_h2_file_url_survives_kill_9_twice()
      throws Exception {
    assumeFalse(TestDatabases.postgres());
    // a bare URL: the compatibility and durability settings are the server's to add (the write
    // path is the default file's, which the five rounds above repeat)
    crash(
        2,
        Map.of(
            "PEEKER_DATA_DIR",
            dataDir.toString(),
            "PEEKER_DATABASE_URL",
            "jdbc:h2:file:" + dataDir.resolve("explicit")));
  }

  @Test
  void every_write_acknowledged_on_postgresql_survives_kill_9_five_times() throws Exception {
    assumeTrue(TestDatabases.postgres());
    crash(ROUNDS, Cli.sharedDatabase(dataDir));
  }

  private void crash(int rounds, Map<String, String> fixed) throws Exception {
    Map<String, String> env = new HashMap<>(fixed);
    env.put("PEEKER_SANDBOX_STEP_DELAY_MS", "1000"); // orders stay in progress: only intake counts
    String url = Config.fromEnvironment(env).effectiveDatabaseUrl();
    String partner;
    String other;
    String key;
    // set up while no server runs, then let go of the database
    try (Database db = Database.open(url, 2)) {
      Partners partners = new Partners(db.jdbi(), Clock.systemUTC(), new Ids(Clock.systemUTC()));
      partner = partners.create("Crash partner").id();
      other = partners.create("Other partner").id();
      key = partners.issueKey(partner, Environment.TEST, Preset.FULL, 1_000_000).secret();
    }

    List<Written> written = new ArrayList<>();
    List<String> newKeys = new ArrayList<>();
    ServerProcess server = ServerProcess.start(env, dataDir.resolve("server-0.log"));
    try {
      for (int round = 1; round <= rounds; round++) {
        long began = System.nanoTime();
        Api api = server.api();
        String bundle =
            api.as(key)
                .post("/bundles", Map.of("name", "Crash " + round, "monthly_sending_volume", 1000))
                .expect(201)
                .data()
                .path("id")
                .asText();
        int required =
            api.as(key)
                .get("/bundles/" + bundle)
                .expect(200)
                .data()
                .path("required_domains")
                .path("total")
                .asInt();

        // The CLI writes run first (each is a JVM start); the moment both have printed their
        // result, 48 HTTP writes fire at once, and the kill follows their last answer.
        String hook = "http://127.0.0.1:9/hooks/" + round;
        var setHook =
            cli(env, "webhook", "set", "--partner", other, "--environment", "test", "--url", hook);
        var newKey =
            cli(
                env,
                "key",
                "create",
                "--partner",
                other,
                "--environment",
                "test",
                "--preset",
                "read");
        for (var cli : List.of(setHook, newKey)) {
          assertThat(cli.join().exitCode()).as(cli.join().stderr()).isZero();
        }
        long cliDone = System.nanoTime();
        int r = round;
        List<Written> http =
            Concurrently.run(HTTP_WRITES, i -> write(api.as(key), bundle, required, r, i));
        server.kill(); // right after the last 2xx
        long killed = System.nanoTime();

        List<Written> thisRound = new ArrayList<>(http);
        thisRound.add(new Written("/bundles", bundle));
        written.addAll(thisRound);
        server = ServerProcess.start(env, dataDir.resolve("server-" + round + ".log"));
        Api again = server.api();
        long restarted = System.nanoTime();
        assertThat(missing(again.as(key), thisRound))
            .as("round %d: acknowledged writes missing after kill -9 (data in %s)", round, dataDir)
            .isEmpty();
        again.as(newKey.join().lastLine()).get("/me").expect(200);
        newKeys.add(newKey.join().lastLine());
        try (Database db = Database.connect(url, 1)) {
          assertThat(hookUrl(db, other)).isEqualTo(hook);
        }
        System.out.printf(
            "crash round %d: CLI writes %d ms, HTTP writes %d ms, restart %d ms, checks %d ms%n",
            round,
            (cliDone - began) / 1_000_000,
            (killed - cliDone) / 1_000_000,
            (restarted - killed) / 1_000_000,
            (System.nanoTime() - restarted) / 1_000_000);
      }
      // and nothing acknowledged in an earlier round went missing later
      Api api = server.api();
      assertThat(missing(api.as(key), written))
          .as("acknowledged writes of earlier rounds missing (data in %s)", dataDir)
          .isEmpty();
      for (String secret : newKeys) {
        api.as(secret).get("/me").expect(200);
      }
    } finally {
      server.kill();
    }
    assertThat(written).hasSize(rounds * (HTTP_WRITES + 1));
  }

  record Written(String path, String id) {}

  /** The writes not found, each with what the server answered. */
  private static List<String> missing(Api.As api, List<Written> writes) {
    List<String> missing = new ArrayList<>();
    for (Written w : writes) {
      Api.Response response = api.get(w.path() + "/" + w.id());
      if (response.status() != 200) {
        missing.add(w.path() + "/" + w.id() + " answered " + response.status());
      }
    }
    return missing;
  }

  /** Write {@code i} of a round: a user, a bundle or an order, in turn. */
  private static Written write(Api.As api, String bundle, int domains, int round, int i) {
    String path;
    Object body;
    switch (i % 3) {
      case 0 -> {
        path = "/users";
        body =
            Map.of(
                "email",
                "crash-" + round + "-" + i + "@acme.com",
                "sequencer",
                Map.of("provider", "smartlead", "client_id", 366903));
      }
      case 1 -> {
        path = "/bundles";
        body = Map.of("name", "Crash " + round + "-" + i, "monthly_sending_volume", 2000);
      }
      default -> {
        path = "/orders";
        body = OrderBodies.forBundle(bundle, OrderBodies.names("crash", domains));
      }
    }
    // a busy server sheds a write with 503 and Retry-After, writing nothing: send it again, as a
    // client would; only what was acknowledged has to survive
    Api.Response response = api.post(path, body);
    for (int tries = 1; response.status() == 503 && tries < 20; tries++) {
      pause(Long.parseLong(response.header("Retry-After")));
      response = api.post(path, body);
    }
    return new Written(path, response.expect(201).data().path("id").asText());
  }

  private static void pause(long seconds) {
    try {
      Thread.sleep(seconds * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private CompletableFuture<Cli.Result> cli(Map<String, String> env, String... args) {
    return CompletableFuture.supplyAsync(() -> Cli.run(env, args));
  }

  private static String hookUrl(Database db, String partner) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT url FROM webhook_endpoints"
                            + " WHERE partner_id = :p AND environment = 'test'")
                    .bind("p", partner)
                    .mapTo(String.class)
                    .one());
  }
}
