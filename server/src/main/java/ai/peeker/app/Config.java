package ai.peeker.app;

import ai.peeker.db.H2Url;
import ai.peeker.events.RetrySchedule;
import ai.peeker.events.WebhookSettings;
import ai.peeker.orders.PriceBook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The one typed configuration. Defaults live here; {@code PEEKER_*} environment variables
 * override them; CLI flags override both. {@link #fromEnvironment} validates at start-up and names
 * the bad setting.
 *
 * @param port HTTP port ({@code PEEKER_PORT}, 8080; 0 picks a free one)
 * @param databaseUrl JDBC URL ({@code PEEKER_DATABASE_URL}; default an H2 file under the data dir)
 * @param publicUrl base of absolute URLs in responses ({@code PEEKER_PUBLIC_URL}; default
 *     {@code http://localhost:<port>})
 * @param secret signs page tokens and seals stored secrets ({@code PEEKER_SECRET}; default one
 *     generated on first run and kept in the database)
 * @param dataDir where the embedded database lives ({@code PEEKER_DATA_DIR}, {@code ./data})
 * @param poolSize database connections ({@code PEEKER_DB_POOL_SIZE}, 16)
 * @param sandboxStepDelay pause between simulated provisioning steps ({@code
 *     PEEKER_SANDBOX_STEP_DELAY_MS}, 50 ms)
 * @param sandboxCancelGrace sandbox wait between a cancel and its effect ({@code
 *     PEEKER_SANDBOX_CANCEL_GRACE_SECONDS}, 5 s)
 * @param rateLimitStore where rate-limit buckets live ({@code PEEKER_RATE_LIMIT_STORE}: {@code
 *     database} shares them between nodes on PostgreSQL, {@code memory} keeps them per node;
 *     default database on PostgreSQL, memory on H2)
 * @param prices monthly license prices in cents ({@code PEEKER_PRICE_GOOGLE_LICENSE_CENTS}, 100;
 *     {@code PEEKER_PRICE_MICROSOFT_LICENSE_CENTS}, 900); domains cost what the registrar quotes
 * @param webhooks webhook delivery: {@code PEEKER_WEBHOOK_TIMEOUT_MS} (15000), {@code
 *     PEEKER_WEBHOOK_RETRY_SCHEDULE} (pauses between attempts, {@code 3m,18m,108m,648m}), {@code
 *     PEEKER_WEBHOOK_CONCURRENCY} (requests in flight per endpoint and node, 4), {@code
 *     PEEKER_WEBHOOK_POLL_MS} (how often an idle node looks for due deliveries, 100)
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
    WebhookSettings webhooks) {

  public Config {
    if (rateLimitStore != null && !rateLimitStore.equals("memory") && !rateLimitStore.equals("database")) {
      throw new IllegalArgumentException(
          "PEEKER_RATE_LIMIT_STORE must be memory or database, not '" + rateLimitStore + "'");
    }
  }

  public static Config fromEnvironment(Map<String, String> env) {
    Path dataDir = Path.of(env.getOrDefault("PEEKER_DATA_DIR", "data")).toAbsolutePath();
    return new Config(
        integer(env, "PEEKER_PORT", 8080, 0, 65535),
        blankToNull(env.get("PEEKER_DATABASE_URL")),
        blankToNull(env.get("PEEKER_PUBLIC_URL")),
        blankToNull(env.get("PEEKER_SECRET")),
        dataDir,
        integer(env, "PEEKER_DB_POOL_SIZE", 16, 1, 500),
        Duration.ofMillis(integer(env, "PEEKER_SANDBOX_STEP_DELAY_MS", 50, 0, 600_000)),
        Duration.ofSeconds(integer(env, "PEEKER_SANDBOX_CANCEL_GRACE_SECONDS", 5, 0, 86_400)),
        blankToNull(env.get("PEEKER_RATE_LIMIT_STORE")),
        new PriceBook(
            integer(
                env,
                "PEEKER_PRICE_GOOGLE_LICENSE_CENTS",
                (int) PriceBook.DEFAULT.googleLicenseCents(),
                0,
                100_000_000),
            integer(
                env,
                "PEEKER_PRICE_MICROSOFT_LICENSE_CENTS",
                (int) PriceBook.DEFAULT.microsoftLicenseCents(),
                0,
                100_000_000),
            PriceBook.DEFAULT.currency()),
        new WebhookSettings(
            Duration.ofMillis(integer(env, "PEEKER_WEBHOOK_TIMEOUT_MS", 15_000, 100, 60_000)),
            retrySchedule(env),
            integer(env, "PEEKER_WEBHOOK_CONCURRENCY", 4, 1, 64),
            Duration.ofMillis(integer(env, "PEEKER_WEBHOOK_POLL_MS", 100, 5, 10_000))));
  }

  public Config withPort(int port) {
    return new Config(
        port, databaseUrl, publicUrl, secret, dataDir, poolSize, sandboxStepDelay, sandboxCancelGrace, rateLimitStore,
        prices, webhooks);
  }

  public Config withDatabaseUrl(String url) {
    return new Config(
        port, url, publicUrl, secret, dataDir, poolSize, sandboxStepDelay, sandboxCancelGrace, rateLimitStore,
        prices, webhooks);
  }

  public Config withPublicUrl(String url) {
    return new Config(
        port, databaseUrl, url, secret, dataDir, poolSize, sandboxStepDelay, sandboxCancelGrace, rateLimitStore,
        prices, webhooks);
  }

  public Config withSandboxTiming(Duration stepDelay, Duration cancelGrace) {
    return new Config(
        port, databaseUrl, publicUrl, secret, dataDir, poolSize, stepDelay, cancelGrace, rateLimitStore,
        prices, webhooks);
  }

  public Config withRateLimitStore(String store) {
    return new Config(
        port, databaseUrl, publicUrl, secret, dataDir, poolSize, sandboxStepDelay, sandboxCancelGrace, store,
        prices, webhooks);
  }

  public Config withPrices(PriceBook prices) {
    return new Config(
        port, databaseUrl, publicUrl, secret, dataDir, poolSize, sandboxStepDelay, sandboxCancelGrace,
        rateLimitStore, prices, webhooks);
  }

  public Config withWebhooks(WebhookSettings settings) {
    return new Config(
        port, databaseUrl, publicUrl, secret, dataDir, poolSize, sandboxStepDelay, sandboxCancelGrace,
        rateLimitStore, prices, settings);
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

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String raw = blankToNull(env.get(name));
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be an integer from " + min + " to " + max + ", not '" + raw + "'");
  }

  private static RetrySchedule retrySchedule(Map<String, String> env) {
    String raw = blankToNull(env.get("PEEKER_WEBHOOK_RETRY_SCHEDULE"));
    if (raw == null) {
      return RetrySchedule.DEFAULT;
    }
    try {
      return RetrySchedule.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEEKER_WEBHOOK_RETRY_SCHEDULE: " + e.getMessage(), e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
