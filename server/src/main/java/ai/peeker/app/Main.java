package ai.peeker.app;

import ai.peeker.db.Database;
import ai.peeker.partners.ApiKey;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Preset;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The {@code peeker} command line. Script-friendly: the last line on stdout is the created id or
 * secret; logs go to stderr.
 */
@Command(
    name = "peeker",
    mixinStandardHelpOptions = true,
    version = "peeker 0.1.0",
    description = "The Peeker Partner API: sandbox and production server, and its operator tools.",
    subcommands = {
      Main.Serve.class,
      Main.Demo.class,
      Main.Migrate.class,
      Main.PartnerCommand.class,
      Main.KeyCommand.class,
      WebhookCommand.class,
      PortalCommand.class,
      Main.ActionCommand.class,
      ConfigCommand.class,
      ProvidersCommand.class
    })
public final class Main implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--database",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "JDBC URL (jdbc:postgresql://… or jdbc:h2:…); default $PEEKER_DATABASE_URL, else ./data")
  String database;

  public static void main(String[] args) {
    try {
      if (Config.jsonLogs(System.getenv())) {
        System.setProperty("PEEKER_LOG_APPENDER", "JSON");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          return 1;
        });
    int code;
    try {
      code = cli.execute(args);
    } catch (Error e) {
      // Classes the stop needed could not be loaded (the jar was overwritten while it ran), or the
      // JVM is out of memory: nothing can be trusted to stop gracefully. Every acknowledged write
      // is already durable, so the process ends at once rather than hang on its other threads.
      System.err.println("fatal: " + e);
      e.printStackTrace();
      Runtime.getRuntime().halt(70);
      return;
    }
    System.exit(code);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configuration from the environment and {@code --database}; warns of unknown variables. */
  Config config() {
    for (String name : Setting.unknown(System.getenv())) {
      org.slf4j.LoggerFactory.getLogger(Main.class)
          .warn("{} is not a Peeker setting and is ignored (./peeker config lists them)", name);
    }
    Config config = Config.fromEnvironment(System.getenv());
    stopTimes(System.getenv()); // a bad value fails at start, not at the first SIGTERM
    return database == null ? config : config.withDatabaseUrl(database);
  }

  /** Runs {@code work} against the database without starting a server. */
  <T> T withPartners(java.util.function.Function<Partners, T> work) {
    Config config = config();
    try (Database db = Database.open(config.effectiveDatabaseUrl(), 2)) {
      return work.apply(
          new Partners(db.jdbi(), Clock.systemUTC(), new ai.peeker.common.Ids(Clock.systemUTC())));
    }
  }

  @Command(name = "serve", description = "Run the API server.")
  static final class Serve implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = "--port", description = "HTTP port (default $PEEKER_PORT, else 8080)")
    Integer port;

    @Option(names = "--public-url", description = "Base of absolute URLs in responses")
    String publicUrl;

    @Override
    public Integer call() throws InterruptedException {
      Config config = main.config();
      if (port != null) {
        config = config.withPort(port);
      }
      if (publicUrl != null) {
        config = config.withPublicUrl(publicUrl);
      }
      App app = App.create(config, Clock.systemUTC()).start();
      System.err.printf(
          "Peeker Partner API on http://localhost:%d (%s)%n",
          app.port(), app.describe().get("database"));
      blockUntilShutdown(app);
      return 0;
    }
  }

  @Command(
      name = "demo",
      description = "Serve, with a demo partner and a full sandbox key (created once, kept).")
  static final class Demo implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = "--port", description = "HTTP port (default $PEEKER_PORT, else 8080)")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
      Config config = main.config();
      if (port != null) {
        config = config.withPort(port);
      }
      App app = App.create(config, Clock.systemUTC()).start();
      String key = DemoPartner.ensure(app, config.dataDir());
      String base = "http://localhost:" + app.port();
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      out.println("Peeker Partner API sandbox is running on " + base);
      out.println();
      out.println("Demo partner key (sandbox, full access):");
      out.println("  " + key);
      out.println();
      out.println("Try it:");
      out.println("  curl -s -H 'Authorization: Bearer " + key + "' " + base + "/partner/v1/me");
      out.println();
      out.println("API reference: " + base + "/docs   (Ctrl-C stops the server)");
      out.println(key);
      blockUntilShutdown(app);
      return 0;
    }
  }

  @Command(name = "migrate", description = "Apply database migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() {
      Config config = main.config();
      try (Database db = Database.open(config.effectiveDatabaseUrl(), 1)) {
        System.out.println("database is up to date");
      }
      return 0;
    }
  }

  @Command(
      name = "partner",
      description = "Partners (resellers).",
      subcommands = {
        PartnerCommand.Create.class,
        PartnerCommand.ListPartners.class,
        PartnerCommand.Set.class
      })
  static final class PartnerCommand {
    @ParentCommand Main main;

    @Command(name = "create", description = "Create a partner; prints its org_ id last.")
    static final class Create implements Callable<Integer> {
      @ParentCommand PartnerCommand parent;

      @Option(names = "--name", required = true)
      String name;

      @Override
      public Integer call() {
        Partner partner = parent.main.withPartners(p -> p.create(name));
        System.out.println("created partner " + partner.name());
        System.out.println(partner.id());
        return 0;
      }
    }

    @Command(name = "list", description = "List partners.")
    static final class ListPartners implements Callable<Integer> {
      @ParentCommand PartnerCommand parent;

      @Override
      public Integer call() {
        List<Partner> partners = parent.main.withPartners(Partners::list);
        for (Partner p : partners) {
          System.out.println(p.id() + "  " + p.createdAt() + "  " + p.name());
        }
        return 0;
      }
    }

    @Command(
        name = "set",
        description =
            "Set a partner's default sequencer client (used when client_id is null or \"\")"
                + " and its swap tier; prints the partner id last.")
    static final class Set implements Callable<Integer> {
      @ParentCommand PartnerCommand parent;

      @Option(names = "--partner", required = true, description = "org_… id")
      String partnerId;

      @Option(
          names = "--default-sequencer-client",
          description = "sequencer client id, or 'none' to clear it")
      String defaultClient;

      @Option(names = "--swap-tier", description = "base, premium, vip or vip_plus")
      String tier;

      @Override
      public Integer call() {
        if (defaultClient == null && tier == null) {
          System.err.println("error: give --default-sequencer-client and/or --swap-tier");
          return 2;
        }
        boolean clear = "none".equals(defaultClient);
        Long client = null;
        if (defaultClient != null && !clear) {
          if (!defaultClient.matches("[0-9]{1,18}")) {
            System.err.println("error: --default-sequencer-client must be a number or 'none'");
            return 2;
          }
          client = Long.parseLong(defaultClient);
        }
        ai.peeker.partners.SwapTier swapTier = null;
        if (tier != null) {
          if (!ai.peeker.common.WireValue.wires(ai.peeker.partners.SwapTier.class).contains(tier)) {
            System.err.println("error: --swap-tier must be base, premium, vip or vip_plus");
            return 2;
          }
          swapTier = ai.peeker.common.WireValue.of(ai.peeker.partners.SwapTier.class, tier);
        }
        Long chosen = client;
        ai.peeker.partners.SwapTier chosenTier = swapTier;
        var settings =
            parent.main.withPartners(p -> p.configure(partnerId, chosen, clear, chosenTier));
        System.out.println(
            "default sequencer client "
                + (settings.defaultSequencerClientId() == null
                    ? "none"
                    : settings.defaultSequencerClientId())
                + ", swap tier "
                + settings.swapTier().wire());
        System.out.println(partnerId);
        return 0;
      }
    }
  }

  @Command(
      name = "key",
      description = "API keys.",
      subcommands = {KeyCommand.Create.class, KeyCommand.ListKeys.class, KeyCommand.Revoke.class})
  static final class KeyCommand {
    @ParentCommand Main main;

    @Command(name = "create", description = "Create an API key; prints the secret once, last.")
    static final class Create implements Callable<Integer> {
      @ParentCommand KeyCommand parent;

      @Option(names = "--partner", required = true, description = "org_… id")
      String partnerId;

      @Option(names = "--environment", required = true, description = "test or live")
      String environment;

      @Option(names = "--preset", required = true, description = "full, limited or read")
      String preset;

      @Option(
          names = "--rate-limit",
          description = "requests per minute (default ${DEFAULT-VALUE})",
          defaultValue = "600")
      int rateLimit;

      @Override
      public Integer call() {
        var issued =
            parent.main.withPartners(
                p ->
                    p.issueKey(
                        partnerId,
                        Environment.parse(environment),
                        Preset.parse(preset),
                        rateLimit));
        System.out.println(
            "created key "
                + issued.key().id()
                + " ("
                + environment
                + ", "
                + preset
                + ", "
                + rateLimit
                + "/min); the secret is shown once:");
        System.out.println(issued.secret());
        return 0;
      }
    }

    @Command(name = "list", description = "List a partner's keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
      @ParentCommand KeyCommand parent;

      @Option(names = "--partner", required = true, description = "org_… id")
      String partnerId;

      @Override
      public Integer call() {
        for (ApiKey k : parent.main.withPartners(p -> p.keys(partnerId))) {
          System.out.printf(
              "%s  %s  %-4s  %-7s  %5d/min  %s%n",
              k.id(),
              k.hint(),
              k.environment().wire(),
              k.preset().wire(),
              k.rateLimitPerMinute(),
              k.revokedAt() == null ? "active" : "revoked " + k.revokedAt());
        }
        return 0;
      }
    }

    @Command(
        name = "revoke",
        description = "Revoke a key: running servers refuse it within a second.")
    static final class Revoke implements Callable<Integer> {
      @ParentCommand KeyCommand parent;

      @Parameters(index = "0", description = "key_… id")
      String keyId;

      @Override
      public Integer call() {
        if (!parent.main.withPartners(p -> p.revokeKey(keyId))) {
          System.err.println("error: no active key " + keyId);
          return 1;
        }
        System.out.println("revoked");
        System.out.println(keyId);
        return 0;
      }
    }
  }

  @Command(
      name = "action",
      description = "Pending order actions.",
      subcommands = {ActionCommand.Resolve.class})
  static final class ActionCommand {
    @ParentCommand Main main;

    @Command(
        name = "resolve",
        description =
            "Resolve a pending action; its domain's provisioning resumes. Prints the id last.")
    static final class Resolve implements Callable<Integer> {
      @ParentCommand ActionCommand parent;

      @Parameters(index = "0", description = "act_… id")
      String actionId;

      @Override
      public Integer call() {
        // The app without its HTTP server or job runner: a running server picks the job up.
        try (App app = App.create(parent.main.config(), Clock.systemUTC())) {
          var resolution = app.provisioning().resolveAction(actionId);
          if (resolution.isEmpty()) {
            System.err.println("error: no pending action " + actionId);
            return 1;
          }
          var action = resolution.get().action();
          System.out.println(
              resolution.get().changed()
                  ? "resolved; provisioning of " + action.domain() + " resumes"
                  : "already resolved");
          System.out.println(actionId);
          return 0;
        }
      }
    }
  }

  /** The drain window and the in-flight limit of a graceful stop. */
  private static Duration[] stopTimes(Map<String, String> env) {
    return new Duration[] {
      Duration.ofMillis(Setting.SHUTDOWN_DRAIN_MS.integer(env, 0, 300_000)),
      Duration.ofMillis(Setting.SHUTDOWN_TIMEOUT_MS.integer(env, 0, 300_000))
    };
  }

  /**
   * Waits for SIGTERM or Ctrl-C, then stops gracefully ({@link App#shutdown}); the command then
   * exits with 0, since the stop was asked for. The signals are taken from the JVM's default
   * handling, which would run shutdown hooks at once (H2 closes its database in one) and exit with
   * 143 or 130.
   */
  private static void blockUntilShutdown(App app) throws InterruptedException {
    Duration[] times = stopTimes(System.getenv());
    CountDownLatch stop = new CountDownLatch(1);
    for (String signal : List.of("TERM", "INT")) {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
    }
    stop.await();
    app.shutdown(times[0], times[1]);
  }
}
