package ai.peeker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk imports in the sandbox: (1) one 500-name {@code POST /domains/import/jobs} timed from the
 * request until the job reads {@code completed}; (2) the same endpoint at a fixed rate (open loop),
 * each request a fresh set of 500 names, reporting its latency.
 *
 * <pre>java -cp … ai.peeker.bench.ImportJobs BASE_URL KEY REQUESTS_PER_SECOND SECONDS</pre>
 */
public final class ImportJobs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NAMES = 500;

  public static void main(String[] args) throws Exception {
    String base = args[0].replaceAll("/+$", "") + "/partner/v1";
    String key = args[1];
    double rate = Double.parseDouble(args[2]);
    int seconds = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String run = Long.toString(System.currentTimeMillis(), 36);

    // 1. one job of 500 names, to completed
    long t0 = System.nanoTime();
    HttpResponse<String> first = post(http, base, key, names(run + "-one", NAMES));
    String id = JSON.readTree(first.body()).path("data").path("id").asText();
    String status = "";
    while (!status.equals("completed") && !status.equals("failed")) {
      Thread.sleep(50);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/domains/import/jobs/" + id))
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      status = JSON.readTree(r.body()).path("data").path("status").asText();
    }
    System.out.printf(
        Locale.ROOT,
        "one %d-name job: POST %d, %s after %.2f s%n",
        NAMES,
        first.statusCode(),
        status,
        (System.nanoTime() - t0) / 1e9);

    // 2. POST latency at a fixed rate, fresh names each time
    List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger refused = new AtomicInteger();
    ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    long start = System.nanoTime();
    long total = Math.round(rate * seconds);
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String body = JSON.writeValueAsString(Map.of("domains", names(run + "-r" + i, NAMES)));
      senders.execute(
          () -> {
            long s = System.nanoTime();
            try {
              HttpResponse<String> r = send(http, base, key, body);
              micros.add((System.nanoTime() - s) / 1000);
              if (r.statusCode() != 202) {
                refused.incrementAndGet();
                System.err.println("POST " + r.statusCode() + " " + r.body());
              }
            } catch (Exception e) {
              refused.incrementAndGet();
            }
          });
    }
    senders.shutdown();
    senders.awaitTermination(5, TimeUnit.MINUTES);
    System.out.printf(
        Locale.ROOT,
        "POST /domains/import/jobs (%d names) at %.1f/s for %d s: %d sent, %d not 202;"
            + " ms p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
        NAMES,
        rate,
        seconds,
        micros.size(),
        refused.get(),
        pct(micros, 50) / 1000.0,
        pct(micros, 95) / 1000.0,
        pct(micros, 99) / 1000.0,
        pct(micros, 100) / 1000.0);
  }

  private static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add("bench-" + prefix + "-" + i + ".com");
    }
    return names;
  }

  private static HttpResponse<String> post(
      HttpClient http, String base, String key, List<String> names) throws Exception {
    return send(http, base, key, JSON.writeValueAsString(Map.of("domains", names)));
  }

  private static HttpResponse<String> send(HttpClient http, String base, String key, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/domains/import/jobs"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    if (sorted.isEmpty()) {
      return 0;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
