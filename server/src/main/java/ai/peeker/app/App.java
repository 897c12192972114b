package ai.peeker.app;

import ai.peeker.api.HttpEdge;
import ai.peeker.bundles.Bundles;
import ai.peeker.common.Ids;
import ai.peeker.common.Sealer;
import ai.peeker.db.Database;
import ai.peeker.events.Dispatcher;
import ai.peeker.events.Outbox;
import ai.peeker.events.Webhooks;
import ai.peeker.orders.OrderRoutes;
import ai.peeker.orders.Orders;
import ai.peeker.orders.PriceBook;
import ai.peeker.partners.MeRoutes;
import ai.peeker.partners.Partners;
import ai.peeker.users.UserRoutes;
import ai.peeker.users.Users;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root, used by {@code main} and by the tests: builds the database, every
 * service and the HTTP app. Reading {@link #routes} tells a newcomer the whole API.
 */
public final class App implements AutoCloseable {
  private final Config config;
  private final Database database;
  private final Clock clock;
  private final Ids ids;
  private final PrometheusMeterRegistry metrics;
  private final String secret;
  private final Partners partners;
  private final Users users;
  private final Bundles bundles;
  private final Orders orders;
  private final Webhooks webhooks;
  private final Dispatcher dispatcher;
  private Javalin javalin;

  private App(Config config, Database database, Clock clock) {
    this.config = config;
    this.database = database;
    this.clock = clock;
    this.ids = new Ids(clock);
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var jdbi = database.jdbi();
    this.secret = ServerSecret.resolve(jdbi, config.secret());
    Sealer sealer = new Sealer(secret);
    Outbox outbox = new Outbox(clock, ids);
    this.partners = new Partners(jdbi, clock, ids);
    this.users = new Users(jdbi, clock, ids);
    this.bundles = new Bundles(jdbi, clock, ids);
    this.orders = new Orders(jdbi, clock, ids, users, bundles, outbox, sealer, PriceBook.DEFAULT);
    this.webhooks = new Webhooks(jdbi, clock, ids, sealer, outbox, partners, config.webhooks());
    this.dispatcher = webhooks.dispatcher(metrics);
  }

  /** Opens (and migrates) the configured database and wires everything; call {@link #start}. */
  public static App create(Config config, Clock clock) {
    Database database = Database.open(config.effectiveDatabaseUrl(), config.poolSize());
    try {
      return new App(config, database, clock);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Every feature's routes, in one place. */
  private void routes(ai.peeker.api.ApiRouter api) {
    new MeRoutes(partners).register(api);
    new UserRoutes(users).register(api);
    new OrderRoutes(orders).register(api);
  }

  public App start() {
    int port = config.port();
    javalin =
        Javalin.create(
            cfg -> {
              new HttpEdge(partners, ids, metrics, secret, publicUrlFor(port)).install(cfg, this::routes);
              Operations.install(cfg, database, metrics);
            });
    javalin.start(port);
    dispatcher.start();
    return this;
  }

  /** Absolute URLs in responses start here (configured, or this server on localhost). */
  private String publicUrlFor(int port) {
    // port 0 (tests) is only known once bound, so the edge fills it in per request
    if (config.publicUrl() != null) {
      return config.publicUrl().replaceAll("/+$", "");
    }
    return null; // http://localhost:<port> of each request

  }

  public int port() {
    return javalin.port();
  }

  public Database database() {
    return database;
  }

  public Partners partners() {
    return partners;
  }

  public Users users() {
    return users;
  }

  public Bundles bundles() {
    return bundles;
  }

  public Orders orders() {
    return orders;
  }

  public Webhooks webhooks() {
    return webhooks;
  }

  public Clock clock() {
    return clock;
  }

  public Map<String, String> describe() {
    return Map.of("database", database.isPostgres() ? "postgresql" : "h2");
  }

  @Override
  public void close() {
    dispatcher.close();
    if (javalin != null) {
      javalin.stop();
    }
    webhooks.close();
    database.close();
  }
}
