package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.TestDatabases;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two nodes on one PostgreSQL under 20 s (the README's figures: {@code
 * -Dpeeker.test.cluster.load.seconds=60}) of 64 connections of mixed load: no node takes the
 * other's live work for dead, the job runner logs no error, every order completes and every
 * provider effect happens once. Also measures what the heartbeat limits are chosen against: how old
 * a running job's heartbeat gets, and how long the JVM stalls.
 */
class ClusterLoadTest {
  private static final int CLIENTS = 64;
  private static final Duration LOAD =
      Duration.ofSeconds(Long.getLong("peeker.test.cluster.load.seconds", 20));

  @Test
  void two_loaded_nodes_never_revive_each_others_live_jobs_and_do_every_effect_once()
      throws Exception {
    assumeTrue(TestDatabases.postgres(), "two nodes share a database only on PostgreSQL");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    List<Logger> watched =
        List.of(
            (Logger) LoggerFactory.getLogger("com.github.kagkarlsson"),
            (Logger) LoggerFactory.getLogger("ai.peeker"));
    watched.forEach(l -> l.addAppender(logs));
    String url = TestDatabases.fresh();
    Config config =
        // 8 request connections a node (32 in all pools): the test server is shared, and 100
        // connections is PostgreSQL's default limit
        Config.fromEnvironment(
                Map.of("PEEKER_SANDBOX_STEP_DELAY_MS", "50", "PEEKER_DB_POOL_SIZE", "8"))
            .withPort(0)
            .withDatabaseUrl(url);
    try (App one = App.create(config, Clock.systemUTC()).start();
        App two = App.create(config, Clock.systemUTC()).start();
        Connection db = DriverManager.getConnection(url)) {
      List<Api> nodes =
          List.of(
              new Api("http://localhost:" + one.port()), new Api("http://localhost:" + two.port()));
      List<String> keys = new ArrayList<>();
      List<String> partners = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        Partner partner = one.partners().create("Load partner " + p);
        partners.add(partner.id());
        keys.add(
            one.partners()
                .issueKey(partner.id(), Environment.TEST, Preset.FULL, 1_000_000)
                .secret());
      }

      Map<Integer, Long> statuses = new ConcurrentHashMap<>();
      List<String> orders = Collections.synchronizedList(new ArrayList<>());
      AtomicLong orderedDomains = new AtomicLong();
      AtomicBoolean loading = new AtomicBoolean(true);
      Probes probes = new Probes(url);
      probes.start(loading);
      long deadline = System.nanoTime() + LOAD.toNanos();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          running.add(
              clients.submit(
                  () -> {
                    Api.As as = nodes.get(client % 2).as(keys.get(client % keys.size()));
                    for (int n = 0; System.nanoTime() < deadline; n++) {
                      Api.Response r = request(as, client, n);
                      statuses.merge(r.status(), 1L, Long::sum);
                      if (r.status() == 503) {
                        r.expectError(503, "service_unavailable", null);
                        assertThat(r.header("Retry-After")).isNotNull();
                      } else {
                        assertThat(r.status()).as(r.body()).isIn(200, 201);
                      }
                      if (r.status() == 201 && r.data().path("id").asText().startsWith("ord_")) {
                        orders.add(r.data().path("id").asText());
                        orderedDomains.addAndGet(2);
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        clients.shutdownNow();
      }

      // every order ends, completed, while both nodes still live
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  count(db, "SELECT COUNT(*) FROM orders WHERE status = 'completed'")
                      == orders.size());
      loading.set(false);
      probes.join();
      System.out.printf(
          "cluster load: %s over %d s, %d orders; oldest running heartbeat %d ms, longest JVM"
              + " stall %d ms, GC %d ms in %d collections%n",
          statuses,
          LOAD.toSeconds(),
          orders.size(),
          probes.oldestHeartbeatMillis.get(),
          probes.longestStallMillis.get(),
          probes.gcMillis(),
          probes.gcCount());

      assertThat(statuses).doesNotContainKey(500);
      assertThat(orders).isNotEmpty();
      assertThat(count(db, "SELECT COUNT(*) FROM orders WHERE status <> 'completed'")).isZero();
      // no live execution was taken for dead, and db-scheduler logged no error or warning
      for (App node : List.of(one, two)) {
        assertThat(metrics(node)).doesNotContain("peeker_jobs_events_total");
      }
      List<String> trouble =
          logs.list.stream()
              .filter(
                  e ->
                      e.getLoggerName().startsWith("com.github.kagkarlsson")
                              && e.getLevel().isGreaterOrEqual(Level.WARN)
                          || e.getFormattedMessage().startsWith("reviving"))
              .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
              .toList();
      assertThat(trouble).isEmpty();

      // each domain bought once, each inbox and sequencer account created once
      assertThat(count(db, "SELECT COUNT(*) FROM sandbox_registrations"))
          .isEqualTo(orderedDomains.get());
      assertThat(
              count(
                  db,
                  "SELECT COUNT(*) FROM (SELECT partner_id, domain FROM sandbox_registrations"
                      + " GROUP BY partner_id, domain HAVING COUNT(*) > 1) twice"))
          .isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM sandbox_mailboxes"))
          .isEqualTo(count(db, "SELECT COUNT(*) FROM inboxes"));
      assertThat(
              count(
                  db,
                  "SELECT COUNT(*) FROM (SELECT address FROM sandbox_mailboxes"
                      + " GROUP BY address HAVING COUNT(*) > 1) twice"))
          .isZero();
      assertThat(
              count(
                  db,
                  "SELECT COUNT(*) FROM (SELECT address FROM sandbox_sequencer_accounts"
                      + " GROUP BY address HAVING COUNT(*) > 1) twice"))
          .isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM events WHERE type = 'domain.connected'"))
          .isEqualTo(orderedDomains.get());
      assertThat(count(db, "SELECT COUNT(*) FROM events WHERE type = 'order.completed'"))
          .isEqualTo(orders.size());
    } finally {
      watched.forEach(l -> l.detachAppender(logs));
    }
  }

  /** Orders, order lists, availability checks and customers, as a partner's app sends them. */
  private static Api.Response request(Api.As as, int client, int n) {
    return switch (n % 6) {
      case 0 -> as.post("/orders", ordersBody(client));
      case 1, 4 -> as.get("/orders?per_page=10");
      case 2 -> as.post("/domains/availability", Map.of("domains", OrderBodies.names("load", 3)));
      case 3 ->
          as.post(
              "/users",
              Map.of(
                  "email",
                  "load-" + client + "-" + n + "-" + System.nanoTime() + "@acme.com",
                  "sequencer",
                  ""));
      default -> as.get("/users?per_page=10");
    };
  }

  private static Map<String, Object> ordersBody(int client) {
    Map<String, Object> body = OrderBodies.custom(2, 1, OrderBodies.names("load", 2));
    body.put("user", "load-" + client + "@acme.com");
    return body;
  }

  private static String metrics(App node) {
    Api api = new Api("http://localhost:" + node.port());
    return api.anonymous().get("/metrics").expect(200).body();
  }

  private static long count(Connection db, String sql) throws Exception {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * What dead-execution detection races against: the age of the oldest heartbeat of a running job
   * (sampled from the table, as the detector reads it), and the longest stall of a thread that only
   * sleeps 5 ms at a time (GC pauses and CPU starvation, as jHiccup measures them).
   */
  private static final class Probes {
    final AtomicLong oldestHeartbeatMillis = new AtomicLong();
    final AtomicLong longestStallMillis = new AtomicLong();
    private final String url;
    private final List<Thread> threads = new ArrayList<>();
    private final long gcMillisBefore = gcTotals()[0];
    private final long gcCountBefore = gcTotals()[1];

    Probes(String url) {
      this.url = url;
    }

    void start(AtomicBoolean running) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Connection c = DriverManager.getConnection(url);
                        Statement s = c.createStatement()) {
                      while (running.get()) {
                        try (ResultSet rs =
                            s.executeQuery(
                                "SELECT MIN(last_heartbeat) FROM scheduled_tasks WHERE picked")) {
                          rs.next();
                          OffsetDateTime oldest = rs.getObject(1, OffsetDateTime.class);
                          if (oldest != null) {
                            long age =
                                Duration.between(oldest.toInstant(), Instant.now()).toMillis();
                            oldestHeartbeatMillis.accumulateAndGet(age, Math::max);
                          }
                        }
                        Thread.sleep(100);
                      }
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }));
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (running.get()) {
                      long before = System.nanoTime();
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                      long stall = (System.nanoTime() - before) / 1_000_000 - 5;
                      longestStallMillis.accumulateAndGet(stall, Math::max);
                    }
                  }));
    }

    void join() throws InterruptedException {
      for (Thread t : threads) {
        t.join();
      }
    }

    long gcMillis() {
      return gcTotals()[0] - gcMillisBefore;
    }

    long gcCount() {
      return gcTotals()[1] - gcCountBefore;
    }

    private static long[] gcTotals() {
      long millis = 0;
      long count = 0;
      for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        millis += Math.max(0, gc.getCollectionTime());
        count += Math.max(0, gc.getCollectionCount());
      }
      return new long[] {millis, count};
    }
  }
}
