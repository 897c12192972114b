package ai.peeker.app;

import ai.peeker.api.HttpEdge;
import ai.peeker.api.RateLimits;
import ai.peeker.bundles.BundleRoutes;
import ai.peeker.bundles.Bundles;
import ai.peeker.common.Ids;
import ai.peeker.common.Sealer;
import ai.peeker.db.Database;
import ai.peeker.domains.Availability;
import ai.peeker.domains.DomainRoutes;
import ai.peeker.domains.Domains;
import ai.peeker.events.Dispatcher;
import ai.peeker.events.Outbox;
import ai.peeker.events.Webhooks;
import ai.peeker.orders.OrderPlacement;
import ai.peeker.orders.OrderRoutes;
import ai.peeker.orders.Orders;
import ai.peeker.partners.Environment;
import ai.peeker.partners.MeRoutes;
import ai.peeker.partners.Partners;
import ai.peeker.provisioning.Provisioning;
import ai.peeker.provisioning.Registrar;
import ai.peeker.provisioning.sandbox.SandboxRegistrar;
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
  private final Domains domains;
  private final Availability availability;
  private final Orders orders;
  private final RateLimits rateLimits;
  private final Webhooks webhooks;
  private final Dispatcher dispatcher;
  private Javalin javalin;

  private App(Config config, Database database, Clock clock) {
    this.config = config;
    this.database = database;
    this.clock = clock;
    this.ids = new Ids(clock);
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(metrics);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(metrics);
    var jdbi = database.jdbi();
    this.secret = ServerSecret.resolve(jdbi, config.secret());
    Sealer sealer = new Sealer(secret);
    Outbox outbox = new Outbox(clock, ids);
    this.rateLimits =
        config.sharedRateLimits(database.isPostgres())
            ? RateLimits.shared(database.dataSource())
            : RateLimits.inMemory();
    this.partners = new Partners(jdbi, clock, ids);
    this.users = new Users(jdbi, clock, ids);
    this.bundles = new Bundles(jdbi, clock, ids);
    this.domains = new Domains(jdbi);
    // There is no live registrar adapter yet: live names are quoted by the same simulation as
    // the sandbox until one exists.
    Registrar sandboxRegistrar = new SandboxRegistrar();
    this.availability =
        new Availability(
            jdbi,
            clock,
            Map.of(Environment.TEST, sandboxRegistrar, Environment.LIVE, sandboxRegistrar));
    // The provisioning workflow is built separately; until it is wired in, orders are placed
    // and stay in_progress.
    Provisioning notYetWired = (handle, scope, orderId) -> {};
    this.orders =
        new Orders(
            jdbi,
            new OrderPlacement(
                jdbi,
                clock,
                ids,
                users,
                bundles,
                domains,
                availability,
                outbox,
                sealer,
                config.prices(),
                notYetWired,
                secret));
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
    new BundleRoutes(bundles).register(api);
    new DomainRoutes(domains, availability).register(api);
    new OrderRoutes(orders).register(api);
  }

  public App start() {
    int port = config.port();
    javalin =
        Javalin.create(
            cfg -> {
              new HttpEdge(partners, ids, metrics, rateLimits, secret, publicUrlFor(port)).install(cfg, this::routes);
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

  public Domains domains() {
    return domains;
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
    availability.close();
    database.close();
  }
}
