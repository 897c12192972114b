package ai.peeker.testing;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Preset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real server on a random port over a fresh database (H2 or PostgreSQL, see {@link
 * TestDatabases}), built by the same {@link App#create} as production. Most tests share one per JVM
 * and isolate themselves by creating their own partner.
 */
public final class TestServer implements AutoCloseable {
  private static TestServer shared;

  private final App app;
  private final Api api;

  private TestServer(App app) {
    this.app = app;
    this.api = new Api("http://localhost:" + app.port());
  }

  public static synchronized TestServer shared() {
    if (shared == null) {
      shared = start(UnaryOperator.identity(), Clock.systemUTC());
    }
    return shared;
  }

  /** A server of one's own, e.g. with other timing or a controlled clock. */
  public static TestServer start(UnaryOperator<Config> tweak, Clock clock) {
    Config config =
        tweak.apply(
            Config.fromEnvironment(Map.of())
                .withPort(0)
                .withDatabaseUrl(TestDatabases.fresh())
                .withSandboxTiming(Duration.ofMillis(5), Duration.ofSeconds(1))
                .withLive(ProviderFakes.shared().settings()));
    return new TestServer(App.create(config, clock).start());
  }

  public static Path unusedDataDir() {
    return Path.of("target", "test-data");
  }

  public App app() {
    return app;
  }

  public Api api() {
    return api;
  }

  /**
   * Runs one SQL write with positional arguments straight on the database, behind the API: what
   * another node, the CLI or a test's setup does to rows this server reads.
   */
  public int execute(String sql, Object... args) {
    return app.database().jdbi().withHandle(h -> h.execute(sql, args));
  }

  public String baseUrl() {
    return "http://localhost:" + app.port();
  }

  /** A new partner with a full sandbox key; more keys through {@link Tenant#key}. */
  public Tenant newTenant(String name) {
    return newTenant(name, 600);
  }

  /** A tenant whose sandbox key allows {@code requestsPerMinute} (for tests that send many). */
  public Tenant newTenant(String name, int requestsPerMinute) {
    Partner partner = app.partners().create(name);
    return new Tenant(
        this,
        partner,
        app.partners()
            .issueKey(partner.id(), Environment.TEST, Preset.FULL, requestsPerMinute)
            .secret());
  }

  @Override
  public void close() {
    app.close();
  }
}
