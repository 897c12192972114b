package ai.peeker.app;

import ai.peeker.orders.PriceBook;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every {@code PEEKER_*} setting the server reads, declared once: its variable, its default and
 * what it means. {@link Config#fromEnvironment} reads and validates them; {@code ./peeker config}
 * prints them; the README's configuration table lists exactly these (a test compares the two).
 */
public enum Setting {
  PORT("PEEKER_PORT", "8080", "HTTP port (0 picks a free one)"),
  DATABASE_URL(
      "PEEKER_DATABASE_URL",
      null,
      "JDBC URL, jdbc:postgresql:… or jdbc:h2:…; unset: an H2 file under the data dir"),
  DATA_DIR("PEEKER_DATA_DIR", "data", "where the embedded database and the demo key live"),
  PUBLIC_URL(
      "PEEKER_PUBLIC_URL",
      null,
      "base of absolute URLs in responses; unset: http://localhost:<port>"),
  SECRET(
      "PEEKER_SECRET",
      null,
      "signs page tokens and seals stored secrets; unset: generated once, kept in the database"),
  DB_POOL_SIZE("PEEKER_DB_POOL_SIZE", "16", "database connections per node for HTTP requests"),
  SANDBOX_STEP_DELAY_MS(
      "PEEKER_SANDBOX_STEP_DELAY_MS", "50", "pause between simulated provisioning steps (ms)"),
  SANDBOX_CANCEL_GRACE_SECONDS(
      "PEEKER_SANDBOX_CANCEL_GRACE_SECONDS", "5", "sandbox wait between a cancel and its effect"),
  SANDBOX_PREMIUM_WARM_SECONDS(
      "PEEKER_SANDBOX_PREMIUM_WARM_SECONDS",
      "60",
      "sandbox: how long a premium swap keeps the old domain warm (live: 14 days)"),
  PRICE_GOOGLE_LICENSE_CENTS(
      "PEEKER_PRICE_GOOGLE_LICENSE_CENTS",
      Long.toString(PriceBook.DEFAULT.googleLicenseCents()),
      "monthly price of one Google license (inbox), in cents"),
  PRICE_MICROSOFT_LICENSE_CENTS(
      "PEEKER_PRICE_MICROSOFT_LICENSE_CENTS",
      Long.toString(PriceBook.DEFAULT.microsoftLicenseCents()),
      "monthly price of one Microsoft license (domain), in cents"),
  RATE_LIMIT_STORE(
      "PEEKER_RATE_LIMIT_STORE",
      null,
      "database (shared by nodes) or memory (per node); unset: database on PostgreSQL, memory on H2"),
  LOG_FORMAT("PEEKER_LOG_FORMAT", "text", "text, or json for one JSON object per log line"),
  WEBHOOK_TIMEOUT_MS(
      "PEEKER_WEBHOOK_TIMEOUT_MS", "15000", "a partner's endpoint must answer within this (ms)"),
  WEBHOOK_RETRY_SCHEDULE(
      "PEEKER_WEBHOOK_RETRY_SCHEDULE", "3m,18m,108m,648m", "pauses before attempts 2-5"),
  WEBHOOK_CONCURRENCY(
      "PEEKER_WEBHOOK_CONCURRENCY", "4", "webhook requests in flight per endpoint on each node"),
  WEBHOOK_POLL_MS(
      "PEEKER_WEBHOOK_POLL_MS", "100", "how often an idle node looks for due deliveries (ms)"),
  // Live providers: a provider is configured when all its credentials are set.
  NAMECOM_URL("PEEKER_NAMECOM_URL", "https://api.name.com", "Name.com API base (registrar)"),
  NAMECOM_USERNAME("PEEKER_NAMECOM_USERNAME", null, "Name.com API user name"),
  NAMECOM_TOKEN("PEEKER_NAMECOM_TOKEN", null, "Name.com API token"),
  CLOUDFLARE_URL(
      "PEEKER_CLOUDFLARE_URL",
      "https://api.cloudflare.com/client/v4",
      "Cloudflare API base (DNS host, forwarding)"),
  CLOUDFLARE_API_TOKEN("PEEKER_CLOUDFLARE_API_TOKEN", null, "Cloudflare API token"),
  CLOUDFLARE_ACCOUNT_ID("PEEKER_CLOUDFLARE_ACCOUNT_ID", null, "Cloudflare account the zones go in"),
  GOOGLE_CREDENTIALS(
      "PEEKER_GOOGLE_CREDENTIALS",
      null,
      "path to the Google service-account JSON key (domain-wide delegation)"),
  GOOGLE_ADMIN_EMAIL(
      "PEEKER_GOOGLE_ADMIN_EMAIL", null, "Google Workspace admin the service account acts as"),
  GOOGLE_CUSTOMER_ID("PEEKER_GOOGLE_CUSTOMER_ID", "my_customer", "Google Workspace customer id"),
  GOOGLE_API_URL(
      "PEEKER_GOOGLE_API_URL",
      "https://www.googleapis.com",
      "root of the Admin SDK and Site Verification APIs"),
  MICROSOFT_TENANT_ID("PEEKER_MICROSOFT_TENANT_ID", null, "Microsoft 365 tenant (directory) id"),
  MICROSOFT_CLIENT_ID("PEEKER_MICROSOFT_CLIENT_ID", null, "Entra app (client) id"),
  MICROSOFT_CLIENT_SECRET("PEEKER_MICROSOFT_CLIENT_SECRET", null, "Entra app client secret"),
  MICROSOFT_SKU_ID("PEEKER_MICROSOFT_SKU_ID", null, "license SKU assigned to each mailbox"),
  MICROSOFT_LOGIN_URL(
      "PEEKER_MICROSOFT_LOGIN_URL",
      "https://login.microsoftonline.com",
      "Microsoft identity platform (token endpoint)"),
  MICROSOFT_GRAPH_URL(
      "PEEKER_MICROSOFT_GRAPH_URL", "https://graph.microsoft.com/v1.0", "Microsoft Graph base"),
  SMARTLEAD_URL("PEEKER_SMARTLEAD_URL", "https://server.smartlead.ai/api/v1", "Smartlead API base"),
  SMARTLEAD_API_KEY("PEEKER_SMARTLEAD_API_KEY", null, "Smartlead API key"),
  PROVIDER_TIMEOUT_MS(
      "PEEKER_PROVIDER_TIMEOUT_MS", "20000", "a live provider must answer a call within this (ms)"),
  PROVIDER_RETRY_MS(
      "PEEKER_PROVIDER_RETRY_MS",
      "30000",
      "first pause before a failed live provisioning step runs again (ms); doubles up to 1 h"),
  SANDBOX_IMPORT_CHECK_MS(
      "PEEKER_SANDBOX_IMPORT_CHECK_MS", "1000", "pause between sandbox nameserver checks (ms)"),
  SANDBOX_IMPORT_GIVE_UP_SECONDS(
      "PEEKER_SANDBOX_IMPORT_GIVE_UP_SECONDS",
      "30",
      "a sandbox import stops waiting for nameservers after this"),
  DNS_RESOLVERS(
      "PEEKER_DNS_RESOLVERS",
      null,
      "live nameserver checks ask these (host or host:port, comma-separated); unset: the system's"),
  DNS_TIMEOUT_MS("PEEKER_DNS_TIMEOUT_MS", "3000", "a live DNS query gives up after this (ms)"),
  SHUTDOWN_DRAIN_MS(
      "PEEKER_SHUTDOWN_DRAIN_MS",
      "1000",
      "after SIGTERM, how long a node keeps serving while /readyz says 503 (ms)"),
  SHUTDOWN_TIMEOUT_MS(
      "PEEKER_SHUTDOWN_TIMEOUT_MS",
      "10000",
      "after the drain, how long requests in flight get to finish (ms)");

  private static final Set<String> NAMES =
      Arrays.stream(values()).map(Setting::variable).collect(Collectors.toSet());

  private final String variable;
  private final String defaultValue;
  private final String meaning;

  Setting(String variable, String defaultValue, String meaning) {
    this.variable = variable;
    this.defaultValue = defaultValue;
    this.meaning = meaning;
  }

  public String variable() {
    return variable;
  }

  /** The value used when the variable is unset, or null when it is derived (see the meaning). */
  public String defaultValue() {
    return defaultValue;
  }

  public String meaning() {
    return meaning;
  }

  /** A value no output may show: the secret itself, or a database URL's password. */
  boolean secret() {
    return switch (this) {
      case SECRET,
          NAMECOM_TOKEN,
          CLOUDFLARE_API_TOKEN,
          MICROSOFT_CLIENT_SECRET,
          SMARTLEAD_API_KEY ->
          true;
      default -> false;
    };
  }

  /** The variable's value in {@code env} (stripped), else the default; null when neither. */
  String read(Map<String, String> env) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? defaultValue : value.strip();
  }

  boolean isSet(Map<String, String> env) {
    String value = env.get(variable);
    return value != null && !value.isBlank();
  }

  int integer(Map<String, String> env, int min, int max) {
    String raw = read(env);
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw invalid("must be an integer from " + min + " to " + max, raw);
  }

  /** The value, which must be one of {@code choices} (or unset when there is no default). */
  String oneOf(Map<String, String> env, String... choices) {
    String raw = read(env);
    if (raw == null || Arrays.asList(choices).contains(raw)) {
      return raw;
    }
    throw invalid("must be " + String.join(" or ", choices), raw);
  }

  IllegalArgumentException invalid(String rule, String raw) {
    return new IllegalArgumentException(variable + " " + rule + ", not '" + raw + "'");
  }

  /** {@code PEEKER_*} variables in {@code env} that are not settings (typos, old names). */
  static List<String> unknown(Map<String, String> env) {
    return env.keySet().stream()
        .filter(name -> name.startsWith("PEEKER_") && !NAMES.contains(name))
        .sorted()
        .toList();
  }
}
