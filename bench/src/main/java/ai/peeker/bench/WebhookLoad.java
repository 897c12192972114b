package ai.peeker.bench;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.common.Ids;
import ai.peeker.events.EventType;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook load driver (bench/webhooks/run.sh): runs the very {@link App} the server runs, with
 * a JDK HTTP receiver on localhost that checks every request's signature.
 *
 * <pre>
 * WebhookLoad throughput EVENTS ENDPOINTS   a backlog drained: deliveries/s
 * WebhookLoad latency RATE SECONDS          steady RATE events/s: event-to-delivery percentiles
 * </pre>
 *
 * Database: {@code PEEKER_DATABASE_URL}, else an H2 file in a fresh temporary directory (the
 * default production setup).
 */
public final class WebhookLoad {
  private WebhookLoad() {}

  static final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
  static final AtomicLong badSignatures = new AtomicLong();
  static final Map<String, String> secretByPath = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Map<String, String> env = new HashMap<>(System.getenv());
    if (env.get("PEEKER_DATABASE_URL") == null) {
      env.put("PEEKER_DATA_DIR", Files.createTempDirectory("peeker-bench").toString());
    }
    env.putIfAbsent("PEEKER_LOG_LEVEL", "WARN");
    Config config = Config.fromEnvironment(env).withPort(0);
    HttpServer receiver = receiver();
    String base = "http://localhost:" + receiver.getAddress().getPort() + "/";
    try (App app = App.create(config, Clock.systemUTC())) {
      if (mode.equals("throughput")) {
        throughput(app, base, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      } else {
        latency(app, base, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      }
    } finally {
      receiver.stop(0);
    }
  }

  /** EVENTS queued before the dispatcher starts, spread over ENDPOINTS partners; time to drain. */
  static void throughput(App app, String base, int events, int endpoints) throws Exception {
    List<Scope> scopes = partners(app, base, endpoints);
    Outbox outbox = new Outbox(Clock.systemUTC(), new Ids(Clock.systemUTC()));
    var jdbi = app.database().jdbi();
    for (int done = 0; done < events; done += 100) {
      int from = done;
      jdbi.useTransaction(
          h -> {
            for (int i = from; i < Math.min(events, from + 100); i++) {
              outbox.append(
                  h,
                  scopes.get(i % scopes.size()),
                  EventType.ORDER_IN_PROGRESS,
                  "ord_bench",
                  data(i));
            }
          });
    }
    long start = System.nanoTime();
    app.start();
    while (arrivedAt.size() < events) {
      Thread.sleep(5);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "throughput  events=%d endpoints=%d  %.2f s  %.0f deliveries/s  bad_signatures=%d "
            + " database=%s%n",
        events,
        endpoints,
        seconds,
        events / seconds,
        badSignatures.get(),
        app.describe().get("database"));
    requestTimes(app);
  }

  /** RATE events per second (one transaction each) for SECONDS; event-to-delivery percentiles. */
  static void latency(App app, String base, int rate, int seconds) throws Exception {
    List<Scope> scopes = partners(app, base, 1);
    app.start();
    Outbox outbox = new Outbox(Clock.systemUTC(), new Ids(Clock.systemUTC()));
    var jdbi = app.database().jdbi();
    pace(jdbi, outbox, scopes.get(0), rate, 5, new HashMap<>()); // warm-up, not measured
    Thread.sleep(1_000);
    arrivedAt.clear();
    Map<String, Long> createdAt = new HashMap<>();
    int total = rate * seconds;
    long start = System.nanoTime();
    pace(jdbi, outbox, scopes.get(0), rate, seconds, createdAt);
    long sendEnd = System.nanoTime();
    while (arrivedAt.size() < total && System.nanoTime() - sendEnd < 30_000_000_000L) {
      Thread.sleep(5);
    }
    long[] millis =
        createdAt.entrySet().stream()
            .mapToLong(
                e ->
                    (arrivedAt.getOrDefault(e.getKey(), Long.MAX_VALUE / 2) - e.getValue()) / 1_000)
            .sorted()
            .toArray();
    double offered = total / ((sendEnd - start) / 1e9);
    System.out.printf(
        "latency  offered=%.0f events/s for %d s  delivered=%d/%d  p50=%.1f ms  p90=%.1f ms "
            + " p99=%.1f ms  max=%.1f ms  bad_signatures=%d  database=%s%n",
        offered,
        seconds,
        arrivedAt.size(),
        total,
        pct(millis, 50),
        pct(millis, 90),
        pct(millis, 99),
        millis[millis.length - 1] / 1000.0,
        badSignatures.get(),
        app.describe().get("database"));
    requestTimes(app);
  }

  /** The sender's own view: how long each HTTP request took, from the delivery log. */
  static void requestTimes(App app) throws InterruptedException {
    Thread.sleep(500); // the last finished attempts are written in a batch
    long[] ms =
        app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT latency_ms FROM webhook_attempts ORDER BY latency_ms")
                        .mapTo(Long.class)
                        .list())
            .stream()
            .mapToLong(Long::longValue)
            .map(v -> v * 1000)
            .toArray();
    System.out.printf(
        "requests  attempts=%d  p50=%.0f ms  p99=%.0f ms  max=%.0f ms%n",
        ms.length, pct(ms, 50), pct(ms, 99), ms[ms.length - 1] / 1000.0);
  }

  /** Appends {@code rate} events a second, one transaction each, noting when each began. */
  static void pace(
      org.jdbi.v3.core.Jdbi jdbi,
      Outbox outbox,
      Scope scope,
      int rate,
      int seconds,
      Map<String, Long> createdAt) {
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < rate * seconds; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      long before = System.nanoTime();
      int n = i;
      String id =
          jdbi.inTransaction(
              h -> outbox.append(h, scope, EventType.ORDER_IN_PROGRESS, "ord_bench", data(n)));
      createdAt.put(id, before);
    }
  }

  static double pct(long[] sortedMicros, double p) {
    int index = (int) Math.ceil(p / 100 * sortedMicros.length) - 1;
    return sortedMicros[Math.max(0, index)] / 1000.0;
  }

  static Map<String, Object> data(int i) {
    return Map.of("id", "ord_bench", "status", "in_progress", "n", i);
  }

  static List<Scope> partners(App app, String base, int count) {
    List<Scope> scopes = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      String partner = app.partners().create("Bench partner " + p).id();
      String path = "p" + p;
      String secret = app.webhooks().set(partner, Environment.TEST, base + path).newSecret();
      secretByPath.put("/" + path, secret);
      scopes.add(new Scope(partner, Environment.TEST));
    }
    return scopes;
  }

  /** Records each event's first arrival after checking its signature, as a partner would. */
  static HttpServer receiver() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          long now = System.nanoTime();
          byte[] body = exchange.getRequestBody().readAllBytes();
          var h = exchange.getRequestHeaders();
          String secret = secretByPath.get(exchange.getRequestURI().getPath());
          if (!signed(
              secret, h.getFirst("Peeker-Timestamp"), h.getFirst("Peeker-Signature"), body)) {
            badSignatures.incrementAndGet();
          }
          arrivedAt.putIfAbsent(h.getFirst("Peeker-Event-Id"), now);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  static boolean signed(String secret, String timestamp, String header, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
      return Arrays.asList(header.split(",")).contains(expected);
    } catch (Exception e) {
      return false;
    }
  }
}
