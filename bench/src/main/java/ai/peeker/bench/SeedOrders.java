package ai.peeker.bench;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderRequest;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Preset;
import ai.peeker.partners.Scope;
import ai.peeker.users.SequencerProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeds a database with {@code partners × ordersPerPartner} sandbox orders through the orders
 * service (the same code {@code POST /orders} runs), and writes one benchmark key per partner. With
 * {@code --without-provisioning} the orders' provisioning jobs are then taken off the queue: the
 * orders stay {@code in_progress}, and a benchmark of reads measures the reads alone instead of
 * beside 100,000 domains of provisioning ({@code orders-listing/burst.sh} measures them together).
 *
 * <pre>
 * java -cp … ai.peeker.bench.SeedOrders JDBC_URL PARTNERS ORDERS_PER_PARTNER KEYS_FILE [--without-provisioning]
 * </pre>
 */
public final class SeedOrders {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    int partners = Integer.parseInt(args[1]);
    int perPartner = Integer.parseInt(args[2]);
    Path keysFile = Path.of(args[3]);
    boolean withoutProvisioning = args.length > 4 && args[4].equals("--without-provisioning");
    Config config = Config.fromEnvironment(System.getenv()).withDatabaseUrl(url);
    long started = System.nanoTime();
    try (App app = App.create(config, Clock.systemUTC())) {
      List<String> keys = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> work = new ArrayList<>();
      for (int p = 0; p < partners; p++) {
        Partner partner = app.partners().create("Bench partner " + p);
        keys.add(
            app.partners()
                .issueKey(partner.id(), Environment.TEST, Preset.FULL, 1_000_000)
                .secret());
        Scope scope = new Scope(partner.id(), Environment.TEST);
        int partnerIndex = p;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perPartner; i++) {
                    app.orders().place(scope, order(partnerIndex, i));
                  }
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      pool.shutdown();
      if (withoutProvisioning) {
        int dropped =
            app.database()
                .jdbi()
                .withHandle(
                    h ->
                        h.execute(
                            "DELETE FROM scheduled_tasks WHERE task_name = 'provision-domain'"));
        System.err.printf("took %d provisioning jobs off the queue%n", dropped);
      }
      write(keysFile, keys);
    }
    System.err.printf(
        "seeded %d orders in %.1f s%n", partners * perPartner, (System.nanoTime() - started) / 1e9);
  }

  private static OrderRequest order(int partner, int i) {
    return new OrderRequest(
        new OrderRequest.Customer(null, "customer" + (i % 50) + "@bench.example", null, null),
        null,
        null,
        1,
        null,
        new OrderRequest.Sequencer(
            SequencerProvider.SMARTLEAD, 1000 + i, "login@bench.example", "bench-password"),
        "https://bench.example",
        List.of(
            new OrderRequest.DomainEntry(
                "bench-" + partner + "-" + i + ".com", null, "domains[0]")),
        List.of(new Order.Persona("Sam", "Lee", null)));
  }

  private static void write(Path file, List<String> keys) throws IOException {
    Files.writeString(file, String.join("\n", keys) + "\n");
  }
}
