package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.common.Ids;
import ai.peeker.db.Database;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while 16 clients write and orders provision: {@code /readyz} turns 503 at once, the
 * clients (as a load balancer would) stop sending when they see it, every request already sent is
 * answered with its 2xx (no 500, no reset connection), and the process exits with 0.
 */
class GracefulShutdownTest {
  private static final int CLIENTS = 16;

  @TempDir Path dataDir;

  @Test
  void sigterm_answers_every_accepted_write_and_exits_with_0() throws Exception {
    Map<String, String> env = new HashMap<>(Cli.sharedDatabase(dataDir));
    env.put("PEEKER_SHUTDOWN_DRAIN_MS", "1000");
    env.put("PEEKER_SANDBOX_STEP_DELAY_MS", "100"); // jobs are running when the signal comes
    String key;
    try (Database db = Database.open(Config.fromEnvironment(env).effectiveDatabaseUrl(), 2)) {
      Partners partners = new Partners(db.jdbi(), Clock.systemUTC(), new Ids(Clock.systemUTC()));
      String partner = partners.create("Stopping partner").id();
      key = partners.issueKey(partner, Environment.TEST, Preset.FULL, 1_000_000).secret();
    }
    Path log = dataDir.resolve("server.log");
    ServerProcess server = ServerProcess.start(env, log);
    Api.As api = server.api().as(key);
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; !stop.get(); i++) {
                      try {
                        outcomes.add(Integer.toString(write(api, client, i).status()));
                      } catch (RuntimeException e) {
                        outcomes.add(e.toString());
                      }
                    }
                  }));
    }
    // every client has had answers, so the signal finds writes in flight on warm connections
    await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.size() >= 3 * CLIENTS);
    int before = outcomes.size();
    server.process().destroy(); // SIGTERM
    Api operator = server.api();
    long signalled = System.nanoTime();
    while (operator.anonymous().get("/readyz").status() != 503) {
      assertThat(System.nanoTime() - signalled).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }
    stop.set(true);
    for (Thread t : clients) {
      t.join();
    }
    assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(log);
    assertThat(server.process().exitValue()).as(text).isZero();
    assertThat(before).isGreaterThan(CLIENTS);
    assertThat(outcomes).as(text).allMatch(o -> o.startsWith("20"));
    assertThat(text).doesNotContain("ERROR");
  }

  private static Api.Response write(Api.As api, int client, int i) {
    if (i % 2 == 0) {
      return api.post(
          "/users",
          Map.of(
              "email",
              "stop-" + client + "-" + i + "@acme.com",
              "sequencer",
              Map.of("provider", "smartlead", "client_id", 366903)));
    }
    return api.post(
        "/orders", OrderBodies.custom(2, 1, OrderBodies.names("stop" + client + "x" + i, 2)));
  }
}
