package ai.peeker.app;

import ai.peeker.api.HttpEdge;
import ai.peeker.api.MeRoutes;
import ai.peeker.api.RateLimits;
import ai.peeker.bundles.BundleRoutes;
import ai.peeker.bundles.Bundles;
import ai.peeker.common.Ids;
import ai.peeker.common.Sealer;
import ai.peeker.db.Database;
import ai.peeker.db.Upkeep;
import ai.peeker.domains.Availability;
import ai.peeker.domains.DomainRoutes;
import ai.peeker.domains.Domains;
import ai.peeker.domains.LiveProviders;
import ai.peeker.domains.forwarding.Forwarding;
import ai.peeker.domains.forwarding.ForwardingRoutes;
import ai.peeker.domains.imports.ImportRoutes;
import ai.peeker.domains.imports.Imports;
import ai.peeker.events.Dispatcher;
import ai.peeker.events.Outbox;
import ai.peeker.events.Webhooks;
import ai.peeker.orders.CancellationRoutes;
import ai.peeker.orders.Cancellations;
import ai.peeker.orders.OrderPlacement;
import ai.peeker.orders.OrderProgress;
import ai.peeker.orders.OrderRoutes;
import ai.peeker.orders.Orders;
import ai.peeker.orders.PendingActionRoutes;
import ai.peeker.orders.PendingActions;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partners;
import ai.peeker.portal.Portal;
import ai.peeker.portal.PortalAccounts;
import ai.peeker.portal.PortalRoutes;
import ai.peeker.portal.Templates;
import ai.peeker.provisioning.Deprovisioning;
import ai.peeker.provisioning.DomainWorkflow;
import ai.peeker.provisioning.ForwardingRuns;
import ai.peeker.provisioning.ImportChecks;
import ai.peeker.provisioning.Jobs;
import ai.peeker.provisioning.Providers;
import ai.peeker.provisioning.live.DnsNameservers;
import ai.peeker.provisioning.live.LiveAdapters;
import ai.peeker.provisioning.sandbox.SandboxNameservers;
import ai.peeker.swaps.SwapProgress;
import ai.peeker.swaps.SwapRoutes;
import ai.peeker.swaps.Swaps;
import ai.peeker.users.SequencerClients;
import ai.peeker.users.UserRoutes;
import ai.peeker.users.Users;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The composition root, used by {@code main} and by the tests: builds the database, every service
 * and the HTTP app. Reading {@link #routes} tells a newcomer the whole API.
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
  private final LiveProviders liveProviders;
  private final Orders orders;
  private final RateLimits rateLimits;
  private final Jobs jobs;
  private final PendingActions pendingActions;
  private final DomainWorkflow provisioning;
  private final Cancellations cancellations;
  private final Swaps swaps;
  private final Webhooks webhooks;
  private final Imports imports;
  private final Forwarding forwarding;
  private final Dispatcher dispatcher;
  private final PortalAccounts portalAccounts;
  private final Portal portal;
  private Optional<Upkeep> upkeep = Optional.empty();
  private Javalin javalin;
  private org.eclipse.jetty.server.Server jetty;

  /** Counts the requests in flight: for a stop to wait for, and for background work to give way. */
  private volatile GracefulHandler graceful;

  private volatile boolean draining;

  private App(Config config, Database database, Clock clock) {
    this.config = config;
    this.database = database;
    this.clock = clock;
    this.ids = new Ids(clock);
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(metrics);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(metrics);
    database.countConnectionsOn(metrics);
    var jdbi = database.jdbi();
    this.secret = ServerSecret.resolve(jdbi, config.secret());
    Sealer sealer = new Sealer(secret);
    Outbox outbox = new Outbox(clock, ids);
    this.rateLimits =
        config.sharedRateLimits(database.isPostgres())
            ? RateLimits.shared(database.rateLimitPool()).countingOn(metrics)
            : RateLimits.inMemory().countingOn(metrics);
    this.partners = new Partners(jdbi, clock, ids);
    SequencerClients sequencerClients = new SequencerClients(partners);
    this.users = new Users(jdbi, clock, ids, sequencerClients);
    this.bundles = new Bundles(jdbi, clock, ids);
    this.domains = new Domains(jdbi);
    // Provisioning: durable jobs, the simulated providers for test keys and, until live
    // providers are configured, live providers that fail live orders with the reason.
    // Jobs and webhook delivery run on pools of their own with patient waits; HTTP requests get
    // the main pool and a short wait (a saturated pool answers 503, see HttpEdge).
    var background = database.backgroundJdbi();
    this.jobs =
        new Jobs(
            database.backgroundPool(),
            database.jobRunnerPool(),
            database.isPostgres(),
            clock,
            metrics);
    var providers =
        new Providers.ByEnvironment(
            Providers.sandbox(database.relaxedJdbi(), clock, ids),
            LiveAdapters.of(config.live(), metrics));
    this.liveProviders = new LiveProviders(LiveSettingsReader.missing(config.live()));
    this.availability =
        new Availability(
            jdbi,
            clock,
            Map.of(
                Environment.TEST,
                providers.sandbox().registrar(),
                Environment.LIVE,
                providers.live().registrar()),
            liveProviders);
    OrderProgress progress = new OrderProgress(outbox, sealer, clock);
    this.pendingActions = new PendingActions(jdbi, clock, ids);
    SwapProgress swapProgress = new SwapProgress(outbox, clock);
    this.provisioning =
        new DomainWorkflow(
            background,
            database.relaxedJdbi(),
            clock,
            ids,
            jobs,
            progress,
            pendingActions,
            outbox,
            providers,
            config.sandboxStepDelay(),
            config.live().firstRetry(),
            sealer,
            swapProgress,
            config.sandboxPremiumWarm(),
            () -> graceful == null ? 0 : graceful.getCurrentRequestCount());
    Deprovisioning deprovisioning =
        new Deprovisioning(background, clock, ids, jobs, progress, pendingActions, providers);
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
                provisioning,
                sequencerClients,
                secret,
                liveProviders));
    this.cancellations =
        new Cancellations(
            jdbi, clock, progress, outbox, deprovisioning, config.sandboxCancelGrace());
    this.swaps =
        new Swaps(
            jdbi,
            clock,
            ids,
            domains,
            availability,
            progress,
            partners,
            swapProgress,
            provisioning.swapWork(),
            liveProviders);
    // Imports and forwarding jobs: their rules live in domains, their jobs and providers here.
    ImportChecks importChecks =
        new ImportChecks(
            jobs,
            providers,
            new SandboxNameservers(),
            new DnsNameservers(config.imports().dnsResolvers(), config.imports().dnsTimeout()));
    this.imports =
        new Imports(
            jdbi,
            background,
            clock,
            ids,
            outbox,
            importChecks,
            importChecks,
            importChecks,
            config.imports().timing(),
            liveProviders);
    importChecks.runWith(imports::run);
    ForwardingRuns forwardingRuns = new ForwardingRuns(jobs, providers);
    this.forwarding = new Forwarding(jdbi, background, clock, ids, outbox, forwardingRuns);
    forwardingRuns.runWith(forwarding::run);
    this.webhooks = new Webhooks(jdbi, clock, ids, sealer, outbox, partners, config.webhooks());
    this.dispatcher = webhooks.dispatcher(background, metrics);
    this.portalAccounts = new PortalAccounts(jdbi, clock, ids, partners);
    this.portal =
        new Portal(partners, webhooks, orders, cancellations, pendingActions, domains, swaps);
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
    new ImportRoutes(imports).register(api); // before /domains/{id}
    new ForwardingRoutes(forwarding).register(api); // before /domains/{id}
    new DomainRoutes(domains, availability).register(api);
    new PendingActionRoutes(pendingActions).register(api); // before /orders/{id}
    new OrderRoutes(orders).register(api);
    new CancellationRoutes(cancellations).register(api);
    new SwapRoutes(swaps).register(api);
  }

  public App start() {
    int port = config.port();
    javalin =
        Javalin.create(
            cfg -> {
              new HttpEdge(partners, ids, metrics, rateLimits, secret, publicUrlFor())
                  .install(cfg, this::routes);
              OperatorRoutes.install(cfg, database, metrics, this::readiness);
              // in-flight requests are counted, so a stop can wait for them (see shutdown)
              cfg.jetty.modifyServer(
                  server -> {
                    graceful = new GracefulHandler();
                    server.setHandler(graceful);
                    jetty = server;
                  });
              new PortalRoutes(portalAccounts, portal, new Templates(), behindHttps())
                  .register(cfg.routes);
            });
    javalin.start(port);
    jobs.start();
    dispatcher.start();
    if (database.isPostgres()) {
      upkeep = Upkeep.startIfNeeded(database.backgroundPool(), metrics);
    }
    return this;
  }

  /** Absolute URLs in responses start here (configured, or this server on localhost). */
  private String publicUrlFor() {
    // port 0 (tests) is only known once bound, so the edge fills it in per request
    if (config.publicUrl() != null) {
      return config.publicUrl().replaceAll("/+$", "");
    }
    return null; // http://localhost:<port> of each request
  }

  /** Portal cookies are marked Secure when the public URL is https. */
  private boolean behindHttps() {
    return config.publicUrl() != null && config.publicUrl().startsWith("https://");
  }

  public int port() {
    return javalin.port();
  }

  /**
   * Every method and path the started server routes, read from Javalin's own table (filters
   * excluded), e.g. {@code GET /partner/v1/me}; a test holds it equal to {@code openapi.yaml}.
   */
  public List<String> routeTable() {
    return javalin.unsafe.internalRouter.allHttpHandlers().stream()
        .map(entry -> entry.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
        .toList();
  }

  /** The embedded Jetty server, once started (tests check how its connector is configured). */
  public org.eclipse.jetty.server.Server jetty() {
    return jetty;
  }

  public Database database() {
    return database;
  }

  public Partners partners() {
    return partners;
  }

  public Bundles bundles() {
    return bundles;
  }

  public Orders orders() {
    return orders;
  }

  /** The provisioning workflow (also resolves pending actions for the operator CLI). */
  public DomainWorkflow provisioning() {
    return provisioning;
  }

  public PortalAccounts portalAccounts() {
    return portalAccounts;
  }

  /** Which live providers are configured; imports and swaps refuse live work through it. */
  public LiveProviders liveProviders() {
    return liveProviders;
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

  /** What {@code /readyz} reports besides the database: draining, and the job runner's state. */
  private Map<String, String> readiness() {
    return Map.of(
        "node", draining ? "draining" : "serving", "scheduler", jobs.running() ? "up" : "down");
  }

  /**
   * A graceful stop (SIGTERM): {@code /readyz} answers 503 at once so load balancers stop sending;
   * requests keep being served for {@code drain}; then the listener closes, requests in flight get
   * up to {@code inFlight} to finish, and meanwhile the job runner and the webhook dispatcher stop
   * claiming and hand back what they hold (a job still running after db-scheduler's short wait is
   * revived by another node once its heartbeat is stale). Only then does the database close.
   */
  public void shutdown(java.time.Duration drain, java.time.Duration inFlight) {
    draining = true;
    org.slf4j.LoggerFactory.getLogger(App.class)
        .info(
            "stopping: not ready; serving {} ms more, then finishing requests in flight",
            drain.toMillis());
    try {
      Thread.sleep(drain);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Thread background =
        Thread.ofPlatform()
            .name("peeker-stop-background")
            .start(
                () -> {
                  dispatcher.close();
                  jobs.close();
                  upkeep.ifPresent(Upkeep::close);
                });
    if (jetty != null) {
      jetty.setStopTimeout(inFlight.toMillis());
    }
    try {
      background.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  @Override
  public void close() {
    draining = true;
    dispatcher.close();
    if (javalin != null) {
      javalin.stop();
    }
    jobs.close();
    upkeep.ifPresent(Upkeep::close);
    webhooks.close();
    availability.close();
    database.close();
  }
}
