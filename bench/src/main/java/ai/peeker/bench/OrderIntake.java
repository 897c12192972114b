package ai.peeker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained order intake: POSTs sandbox orders of N domains at a fixed rate (open loop: a slow
 * server does not slow the arrivals) for a while, watches every order until it is terminal, and
 * reports POST latency, order-to-completed time and how long the backlog took to drain.
 *
 * <p>It watches as the docs tell a partner to: by the signed {@code order.completed} (or {@code
 * order.failed}, {@code order.action_required}) webhook, received on {@code WEBHOOK_PORT} and
 * checked with {@code WEBHOOK_SECRET}. With {@code WATCH=poll} it reads each order every POLL_MS
 * instead, from its creation: a client far beyond a key's default rate limit, whose reads grow with
 * every unfinished order. With {@code WATCH=none} it only places the orders and leaves once every
 * POST is answered, so that nothing of this process runs beside what is measured next.
 *
 * <pre>java -cp … ai.peeker.bench.OrderIntake BASE_URL KEY ORDERS_PER_SECOND SECONDS DOMAINS</pre>
 */
public final class OrderIntake {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often each order is read while it provisions ({@code POLL_MS}, 250). */
  private static final long POLL_MILLIS =
      Long.parseLong(System.getenv().getOrDefault("POLL_MS", "250"));

  /** {@code webhook} (the default), {@code poll} or {@code none}. */
  private static final String WATCH = System.getenv().getOrDefault("WATCH", "webhook");

  private static final boolean POLLING = WATCH.equals("poll");
  private static final boolean WATCHING = !WATCH.equals("none");

  public static void main(String[] args) throws Exception {
    String base = args[0].replaceAll("/+$", "") + "/partner/v1";
    String key = args[1];
    double rate = Double.parseDouble(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int domains = Integer.parseInt(args[4]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Long> postMicros = Collections.synchronizedList(new ArrayList<>());
    List<Long> completionMillis = Collections.synchronizedList(new ArrayList<>());
    ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    String run = Long.toString(System.currentTimeMillis(), 36);
    ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    // a webhook may arrive before the POST's answer has been read: its time waits here
    ConcurrentHashMap<String, Long> early = new ConcurrentHashMap<>();
    AtomicInteger badSignatures = new AtomicInteger();
    HttpServer receiver =
        POLLING || !WATCHING
            ? null
            : receiver(
                System.getenv("WEBHOOK_SECRET"),
                Integer.parseInt(System.getenv("WEBHOOK_PORT")),
                (id, terminal, at) -> {
                  Long posted = pending.remove(id);
                  if (posted == null) {
                    early.put(id, terminal.equals("order.completed") ? at : -at);
                  } else {
                    settle(terminal, posted, at, completionMillis, failed);
                  }
                },
                badSignatures);

    long start = System.nanoTime();
    long total = Math.round(rate * seconds);
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      long n = i;
      senders.execute(
          () -> {
            String body = order(run, n, domains);
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> r =
                  http.send(
                      HttpRequest.newBuilder(URI.create(base + "/orders"))
                          .header("Authorization", "Bearer " + key)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              postMicros.add((System.nanoTime() - t0) / 1000);
              if (r.statusCode() != 201) {
                refused.incrementAndGet();
                System.err.println("POST /orders " + r.statusCode() + " " + r.body());
                return;
              }
              if (!WATCHING) {
                return;
              }
              String id = JSON.readTree(r.body()).path("data").path("id").asText();
              pending.put(id, t0);
              Long arrived = early.remove(id);
              if (arrived != null && pending.remove(id) != null) {
                settle(
                    arrived > 0 ? "order.completed" : "order.failed",
                    t0,
                    Math.abs(arrived),
                    completionMillis,
                    failed);
              }
              // each order is watched from the moment it exists, so a slow poll of many
              // orders never shows up as slow provisioning
              while (POLLING && pending.containsKey(id)) {
                Thread.sleep(POLL_MILLIS);
                poll(http, base, key, id, pending, completionMillis, failed);
              }
            } catch (Exception e) {
              refused.incrementAndGet();
            }
          });
    }
    long arrivalsDone = System.nanoTime();
    senders.shutdown();
    senders.awaitTermination(10, TimeUnit.MINUTES);
    for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        !pending.isEmpty() && System.nanoTime() < deadline; ) {
      Thread.sleep(20);
    }
    if (receiver != null) {
      receiver.stop(0);
    }

    double drainSeconds = (System.nanoTime() - arrivalsDone) / 1e9;
    double achieved = postMicros.size() / ((arrivalsDone - start) / 1e9);

    System.out.printf(
        Locale.ROOT,
        "orders posted: %d (%.1f/s offered %.1f/s), refused %d%n",
        postMicros.size(),
        achieved,
        rate,
        refused.get());
    System.out.printf(
        Locale.ROOT,
        "POST /orders latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
        pct(postMicros, 50) / 1000.0,
        pct(postMicros, 95) / 1000.0,
        pct(postMicros, 99) / 1000.0,
        pct(postMicros, 100) / 1000.0);
    if (!WATCHING) {
      System.out.println("not watched (WATCH=none)");
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "order to completed ms: p50 %d  p95 %d  p99 %d  max %d (completed %d, failed %d, unfinished %d)%n",
        pct(completionMillis, 50),
        pct(completionMillis, 95),
        pct(completionMillis, 99),
        pct(completionMillis, 100),
        completionMillis.size(),
        failed.get(),
        pending.size());
    System.out.printf(Locale.ROOT, "backlog drained %.1f s after the last arrival%n", drainSeconds);
    System.out.println(
        POLLING
            ? "watched by reading each order every " + POLL_MILLIS + " ms"
            : "watched by webhook (" + badSignatures.get() + " with a bad signature)");
  }

  /** What a terminal order's webhook said: its id, its event type, when it arrived (ns). */
  interface Arrival {
    void terminal(String orderId, String type, long nanos);
  }

  /**
   * The partner's webhook endpoint: checks each request's signature, then passes on the terminal
   * order events.
   */
  private static HttpServer receiver(
      String secret, int port, Arrival arrival, AtomicInteger badSignatures) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          long at = System.nanoTime();
          byte[] body = exchange.getRequestBody().readAllBytes();
          String timestamp = exchange.getRequestHeaders().getFirst("Peeker-Timestamp");
          String signatures = exchange.getRequestHeaders().getFirst("Peeker-Signature");
          if (timestamp == null
              || signatures == null
              || !WebhookLoad.signed(secret, timestamp, signatures, body)) {
            badSignatures.incrementAndGet();
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
          }
          var event = JSON.readTree(body);
          String type = event.path("type").asText();
          if (type.equals("order.completed")
              || type.equals("order.failed")
              || type.equals("order.action_required")) {
            arrival.terminal(event.path("data").path("id").asText(), type, at);
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** Records a terminal order: completed ones with their time since the POST was sent. */
  private static void settle(
      String type,
      long postedNanos,
      long atNanos,
      List<Long> completionMillis,
      AtomicInteger failed) {
    if (type.equals("order.completed")) {
      completionMillis.add((atNanos - postedNanos) / 1_000_000);
    } else {
      failed.incrementAndGet();
    }
  }

  /** Reads one order; a terminal one leaves {@code pending} with its time recorded. */
  private static void poll(
      HttpClient http,
      String base,
      String key,
      String id,
      ConcurrentHashMap<String, Long> pending,
      List<Long> completionMillis,
      AtomicInteger failed)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/orders/" + id))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String status = JSON.readTree(r.body()).path("data").path("status").asText();
    if (status.equals("completed")) {
      completionMillis.add((System.nanoTime() - pending.remove(id)) / 1_000_000);
    } else if (status.equals("failed") || status.equals("action_required")) {
      failed.incrementAndGet();
      pending.remove(id);
    }
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    if (sorted.isEmpty()) {
      return -1;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static String order(String run, long n, int domains) {
    StringBuilder names = new StringBuilder();
    for (int d = 0; d < domains; d++) {
      names
          .append(d == 0 ? "" : ",")
          .append("\"intake-")
          .append(run)
          .append('-')
          .append(n)
          .append('-')
          .append(d)
          .append(".com\"");
    }
    return "{\"user\":\"customer"
        + (n % 100)
        + "@intake.example\","
        + "\"microsoft_licenses\":"
        + domains
        + ","
        + "\"sequencer\":{\"provider\":\"smartlead\",\"client_id\":366903,"
        + "\"login_email\":\"login@intake.example\",\"login_password\":\"intake-password\"},"
        + "\"forwarding_url\":\"https://intake.example\","
        + "\"domains\":["
        + names
        + "],"
        + "\"personas\":[{\"first_name\":\"Sam\",\"last_name\":\"Lee\",\"profile_picture_url\":null}]}";
  }
}
