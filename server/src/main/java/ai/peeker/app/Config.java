package ai.peeker.app;

import ai.peeker.db.H2Url;
import ai.peeker.domains.imports.ImportTiming;
import ai.peeker.events.RetrySchedule;
import ai.peeker.events.WebhookSettings;
import ai.peeker.orders.PriceBook;
import ai.peeker.provisioning.live.LiveSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one typed configuration, read from the {@link Setting}s (where each variable, default and
 * meaning is declared) by {@link #fromEnvironment}; CLI flags override through the {@code with…}
 * methods, and tests build variants the same way.
 */
public record Config(
    int port,
    String databaseUrl,
    String publicUrl,
    String secret,
    Path dataDir,
    int poolSize,
    Duration sandboxStepDelay,
    Duration sandboxCancelGrace,
    String rateLimitStore,
    PriceBook prices,
    WebhookSettings webhooks,
    ImportSettings imports,
    LiveSettings live,
    Duration sandboxPremiumWarm) {

  /** Nameserver checks: sandbox timing, and the resolvers live checks ask. */
  public record ImportSettings(
      ImportTiming timing, List<String> dnsResolvers, Duration dnsTimeout) {}

  public Config {
    if (rateLimitStore != null
        && !rateLimitStore.equals("memory")
        && !rateLimitStore.equals("database")) {
      throw new IllegalArgumentException(
          "PEEKER_RATE_LIMIT_STORE must be memory or database, not '" + rateLimitStore + "'");
    }
  }

  /** Reads every {@link Setting} from {@code env}; a bad value names its variable. */
  public static Config fromEnvironment(Map<String, String> env) {
    return new Config(
        Setting.PORT.integer(env, 0, 65535),
        Setting.DATABASE_URL.read(env),
        Setting.PUBLIC_URL.read(env),
        Setting.SECRET.read(env),
        Path.of(Setting.DATA_DIR.read(env)).toAbsolutePath(),
        Setting.DB_POOL_SIZE.integer(env, 1, 500),
        Duration.ofMillis(Setting.SANDBOX_STEP_DELAY_MS.integer(env, 0, 600_000)),
        Duration.ofSeconds(Setting.SANDBOX_CANCEL_GRACE_SECONDS.integer(env, 0, 86_400)),
        Setting.RATE_LIMIT_STORE.oneOf(env, "memory", "database"),
        new PriceBook(
            Setting.PRICE_GOOGLE_LICENSE_CENTS.integer(env, 0, 100_000_000),
            Setting.PRICE_MICROSOFT_LICENSE_CENTS.integer(env, 0, 100_000_000),
            PriceBook.DEFAULT.currency()),
        new WebhookSettings(
            Duration.ofMillis(Setting.WEBHOOK_TIMEOUT_MS.integer(env, 100, 60_000)),
            retrySchedule(env),
            Setting.WEBHOOK_CONCURRENCY.integer(env, 1, 64),
            Duration.ofMillis(Setting.WEBHOOK_POLL_MS.integer(env, 5, 10_000))),
        new ImportSettings(
            new ImportTiming(
                Duration.ofMillis(Setting.SANDBOX_IMPORT_CHECK_MS.integer(env, 10, 600_000)),
                Duration.ofSeconds(
                    Setting.SANDBOX_IMPORT_GIVE_UP_SECONDS.integer(env, 1, 7 * 86_400))),
            resolvers(env),
            Duration.ofMillis(Setting.DNS_TIMEOUT_MS.integer(env, 100, 60_000))),
        LiveSettingsReader.read(env),
        Duration.ofSeconds(Setting.SANDBOX_PREMIUM_WARM_SECONDS.integer(env, 0, 1_209_600)));
  }

  /** Whether logs are JSON ({@code PEEKER_LOG_FORMAT}); read before anything logs. */
  public static boolean jsonLogs(Map<String, String> env) {
    return Setting.LOG_FORMAT.oneOf(env, "text", "json").equals("json");
  }

  public Config withPort(int port) {
    return copy(p -> p.port = port);
  }

  public Config withDatabaseUrl(String url) {
    return copy(p -> p.databaseUrl = url);
  }

  public Config withPublicUrl(String url) {
    return copy(p -> p.publicUrl = url);
  }

  public Config withSandboxTiming(Duration stepDelay, Duration cancelGrace) {
    return copy(
        p -> {
          p.sandboxStepDelay = stepDelay;
          p.sandboxCancelGrace = cancelGrace;
        });
  }

  public Config withPrices(PriceBook prices) {
    return copy(p -> p.prices = prices);
  }

  public Config withWebhooks(WebhookSettings settings) {
    return copy(p -> p.webhooks = settings);
  }

  public Config withImportTiming(ImportTiming timing) {
    return copy(
        p -> p.imports = new ImportSettings(timing, imports.dnsResolvers(), imports.dnsTimeout()));
  }

  /** How long a premium swap's old domain stays warm in the sandbox (14 days in live). */
  public Config withSandboxPremiumWarm(Duration warm) {
    return copy(p -> p.sandboxPremiumWarm = warm);
  }

  private static List<String> resolvers(Map<String, String> env) {
    String raw = Setting.DNS_RESOLVERS.read(env);
    if (raw == null) {
      return List.of();
    }
    List<String> servers = new ArrayList<>();
    for (String part : raw.split(",")) {
      String server = part.strip();
      int colon = server.lastIndexOf(':');
      boolean ok = !server.isEmpty() && colon != 0;
      if (ok && colon > 0) {
        try {
          int port = Integer.parseInt(server.substring(colon + 1));
          ok = port > 0 && port < 65536;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw Setting.DNS_RESOLVERS.invalid(
            "must be host or host:port entries, comma-separated", raw);
      }
      servers.add(server);
    }
    return List.copyOf(servers);
  }

  /** The live providers' settings (each provider null unless configured). */
  public Config withLive(LiveSettings settings) {
    return copy(p -> p.live = settings);
  }

  /** True when nodes must share rate-limit buckets through the database. */
  public boolean sharedRateLimits(boolean postgres) {
    return rateLimitStore == null ? postgres : rateLimitStore.equals("database");
  }

  /**
   * The JDBC URL to use: the configured one, or the embedded H2 file under the data dir; an H2 URL
   * completed with the settings the server needs ({@link H2Url}).
   */
  public String effectiveDatabaseUrl() {
    if (databaseUrl == null) {
      return H2Url.inDataDir(dataDir);
    }
    if (!databaseUrl.startsWith("jdbc:postgresql:") && !H2Url.isH2(databaseUrl)) {
      throw new IllegalArgumentException(
          "PEEKER_DATABASE_URL / --database must be a jdbc:postgresql: or jdbc:h2: URL, not '"
              + databaseUrl
              + "'");
    }
    return H2Url.complete(databaseUrl);
  }

  private static RetrySchedule retrySchedule(Map<String, String> env) {
    String raw = Setting.WEBHOOK_RETRY_SCHEDULE.read(env);
    try {
      return RetrySchedule.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          Setting.WEBHOOK_RETRY_SCHEDULE.variable() + ": " + e.getMessage(), e);
    }
  }

  /** This configuration with some parts changed: records have no withers. */
  private Config copy(java.util.function.Consumer<Parts> change) {
    Parts parts = new Parts(this);
    change.accept(parts);
    return parts.build();
  }

  private static final class Parts {
    int port;
    String databaseUrl;
    String publicUrl;
    String secret;
    Path dataDir;
    int poolSize;
    Duration sandboxStepDelay;
    Duration sandboxCancelGrace;
    String rateLimitStore;
    PriceBook prices;
    WebhookSettings webhooks;
    ImportSettings imports;
    LiveSettings live;
    Duration sandboxPremiumWarm;

    Parts(Config c) {
      port = c.port;
      databaseUrl = c.databaseUrl;
      publicUrl = c.publicUrl;
      secret = c.secret;
      dataDir = c.dataDir;
      poolSize = c.poolSize;
      sandboxStepDelay = c.sandboxStepDelay;
      sandboxCancelGrace = c.sandboxCancelGrace;
      rateLimitStore = c.rateLimitStore;
      prices = c.prices;
      webhooks = c.webhooks;
      imports = c.imports;
      live = c.live;
      sandboxPremiumWarm = c.sandboxPremiumWarm;
    }

    Config build() {
      return new Config(
          port,
          databaseUrl,
          publicUrl,
          secret,
          dataDir,
          poolSize,
          sandboxStepDelay,
          sandboxCancelGrace,
          rateLimitStore,
          prices,
          webhooks,
          imports,
          live,
          sandboxPremiumWarm);
    }
  }
}
