package ai.peeker.db;

import ai.peeker.common.WireValue;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.argument.NullArgument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.ColumnMapperFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The one database: a HikariCP pool, Flyway migrations and Jdbi on top. The same migrations run on
 * the embedded H2 file database and on PostgreSQL.
 */
public final class Database implements AutoCloseable {
  /**
   * How long an HTTP request waits for a connection before it is refused with 503: a saturated pool
   * answers promptly instead of queueing callers for seconds. A request takes at most three
   * connections one after the other (key, rate limit, work), so its waits stay under a second.
   */
  public static final Duration REQUEST_WAIT = Duration.ofMillis(300);

  /** Background work (jobs, webhook delivery) waits its turn instead of failing under load. */
  static final Duration BACKGROUND_WAIT = Duration.ofSeconds(30);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final boolean postgres;
  private final int poolSize;
  private final java.util.Map<String, HikariDataSource> pools = new java.util.HashMap<>();
  private io.micrometer.core.instrument.MeterRegistry meters;
  private Jdbi relaxedJdbi;
  private Jdbi backgroundJdbi;

  private Database(HikariDataSource dataSource, int poolSize) {
    this.dataSource = dataSource;
    this.poolSize = poolSize;
    this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    this.jdbi = configured(Jdbi.create(dataSource));
    if (!postgres && H2Url.isPersistent(dataSource.getJdbcUrl())) {
      // an acknowledged write survives kill -9; the write has a connection of its own, so it never
      // waits for one behind the requests whose commits it carries
      H2GroupCommit.install(jdbi, pool("peeker-write-through", 1, BACKGROUND_WAIT, false));
    }
  }

  private static Jdbi configured(Jdbi jdbi) {
    // A transaction that lost a race runs again, whole: its callback must do database work only.
    // Kept list pages stay exact: a changed list's version rises as its transaction commits.
    jdbi.setTransactionHandler(
        new LostRaceRetries(new ListVersions.Raising(jdbi.getTransactionHandler())));
    // Timestamps cross the wire as UTC offsets, never through the JVM's default zone.
    jdbi.registerArgument(
        new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
          @Override
          protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) ->
                statement.setObject(position, value.atOffset(ZoneOffset.UTC));
          }
        });
    jdbi.registerColumnMapper(
        Instant.class, (ColumnMapper<Instant>) (rs, column, ctx) -> instant(rs, column));
    // Closed sets (statuses, providers, event types…) bind and read as their wire names.
    jdbi.registerArgument(
        (ArgumentFactory.Preparable)
            (type, config) ->
                WireValue.class.isAssignableFrom(GenericTypes.getErasedType(type))
                    ? Optional.of(
                        value ->
                            value == null
                                ? new NullArgument(Types.VARCHAR)
                                : (position, statement, ctx) ->
                                    statement.setString(position, ((WireValue) value).wire()))
                    : Optional.empty());
    jdbi.registerColumnMapper(
        (ColumnMapperFactory)
            (type, config) -> {
              Class<?> erased = GenericTypes.getErasedType(type);
              return erased.isEnum() && WireValue.class.isAssignableFrom(erased)
                  ? Optional.of((rs, column, ctx) -> wireValue(erased, rs.getString(column)))
                  : Optional.empty();
            });
    return jdbi;
  }

  /** Reads the timestamp in column {@code column} (1-based) as the UTC mapper above does. */
  public static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** Reads a timestamp column through the UTC mapper registered above, for stores' row mappers. */
  public static Instant instant(ResultSet rs, String column, StatementContext ctx)
      throws SQLException {
    return ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, column, ctx);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object wireValue(Class<?> type, String wire) {
    return WireValue.of((Class) type, wire);
  }

  /** Opens a pool on {@code url} (H2 or PostgreSQL JDBC URL) and migrates the schema. */
  public static Database open(String url, int poolSize) {
    Database database = connect(url, poolSize);
    database.migrate();
    return database;
  }

  /** Opens a pool without migrating (for commands that must not change the schema). */
  public static Database connect(String url, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(H2Url.complete(url)); // any H2 URL runs with the settings we need
    config.setMaximumPoolSize(Math.max(3, poolSize));
    // fixed size: with the short wait, a burst must not queue behind connections being opened
    config.setMinimumIdle(Math.max(3, poolSize));
    config.setPoolName("peeker");
    config.setConnectionTimeout(REQUEST_WAIT.toMillis());
    if (url.startsWith("jdbc:postgresql:")) {
      // Requests run the same few tenant-keyed statements over and over. PostgreSQL would keep
      // planning a statement afresh whenever a call's own plan looks cheaper than the cached one,
      // as every page after the first does (its cursor bound looks selective): planning then took
      // three times as long as running. Their plans do not depend on the values: each follows the
      // index its tenant columns and ORDER BY name.
      config.setConnectionInitSql("SET plan_cache_mode TO force_generic_plan");
    }
    config.setInitializationFailTimeout(10_000);
    return new Database(new HikariDataSource(config), poolSize);
  }

  public void migrate() {
    // common/ runs everywhere; h2/ or postgresql/ (when present) hold vendor-only migrations
    String vendor = "db/migration/" + (postgres ? "postgresql" : "h2");
    java.util.List<String> locations = new java.util.ArrayList<>();
    locations.add("classpath:db/migration/common");
    if (Database.class.getClassLoader().getResource(vendor) != null) {
      locations.add("classpath:" + vendor);
    }
    // Flyway locks on one connection and migrates on a second. It gets a pool of its own with a
    // patient wait: the request pool's 300 ms can run out while that pool is still opening its
    // connections on a loaded machine.
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(dataSource.getJdbcUrl());
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setPoolName("peeker-migrate");
    config.setConnectionTimeout(30_000);
    try (HikariDataSource migrating = new HikariDataSource(config)) {
      Flyway.configure()
          .dataSource(migrating)
          .locations(locations.toArray(String[]::new))
          .load()
          .migrate();
      if (!postgres) {
        H2Statistics.tenantColumnsUnselective(migrating);
      }
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public boolean isPostgres() {
    return postgres;
  }

  /**
   * A pool for writes that only record idempotent progress, cheap to repeat after a crash
   * (provisioning steps, the sandbox providers' state): on PostgreSQL its sessions commit without
   * waiting for the WAL to reach the disk ({@code synchronous_commit} off), which turns a disk
   * flush per step into none. The next ordinary commit flushes them too, so recorded progress is
   * never behind a durable order or event. On H2 it is the {@link #backgroundPool()}.
   */
  public DataSource relaxedPool() {
    return postgres ? pool("peeker-relaxed", 12, BACKGROUND_WAIT, true) : backgroundPool();
  }

  /** Jdbi on {@link #relaxedPool()}: for idempotent progress only, never for orders or events. */
  public synchronized Jdbi relaxedJdbi() {
    if (relaxedJdbi == null) {
      relaxedJdbi = configured(Jdbi.create(relaxedPool()));
    }
    return relaxedJdbi;
  }

  /**
   * Durable writes of background work (order transitions made by jobs, webhook delivery): its own
   * connections, and callers wait for one rather than fail, so a burst of HTTP requests neither
   * starves nor fails the work behind them.
   */
  public DataSource backgroundPool() {
    return pool("peeker-background", Math.max(4, poolSize / 2), BACKGROUND_WAIT, false);
  }

  /** Jdbi on {@link #backgroundPool()}. */
  public synchronized Jdbi backgroundJdbi() {
    if (backgroundJdbi == null) {
      backgroundJdbi = configured(Jdbi.create(backgroundPool()));
    }
    return backgroundJdbi;
  }

  /**
   * The job runner's own table (picks, heartbeats, completions): a few connections nothing else
   * uses, so heartbeats are never queued behind the jobs' work. Relaxed on PostgreSQL: a lost last
   * commit only repeats idempotent work.
   */
  public DataSource jobRunnerPool() {
    return pool("peeker-jobs", 4, BACKGROUND_WAIT, true);
  }

  /**
   * Shared rate-limit buckets (PostgreSQL only): one short relaxed transaction per API request,
   * with the request's short wait.
   */
  public DataSource rateLimitPool() {
    return pool("peeker-limits", Math.max(4, poolSize / 4), REQUEST_WAIT, true);
  }

  /**
   * Reports every pool's connections (HikariCP's own metrics: {@code hikaricp_connections_active},
   * {@code _idle}, {@code _pending}, {@code _timeout_total}, … by {@code pool}) to {@code
   * registry}, a Micrometer registry; pools opened later report too.
   */
  public synchronized void countConnectionsOn(
      io.micrometer.core.instrument.MeterRegistry registry) {
    if (meters != null) {
      return;
    }
    meters = registry;
    dataSource.setMetricRegistry(registry);
    pools.values().forEach(pool -> pool.setMetricRegistry(registry));
  }

  private synchronized DataSource pool(String name, int size, Duration wait, boolean relaxed) {
    return pools.computeIfAbsent(
        name,
        n -> {
          HikariConfig config = new HikariConfig();
          config.setJdbcUrl(dataSource.getJdbcUrl());
          config.setMaximumPoolSize(size);
          config.setMinimumIdle(Math.min(2, size));
          config.setPoolName(n);
          config.setConnectionTimeout(wait.toMillis());
          if (meters != null) {
            config.setMetricRegistry(meters);
          }
          if (relaxed && postgres) {
            config.setConnectionInitSql("SET synchronous_commit TO OFF");
          }
          return new HikariDataSource(config);
        });
  }

  /**
   * The request pool right now: connections in use, idle, and callers waiting for one. All in use
   * with callers waiting is "busy", which says the database answers.
   */
  public PoolState requestPoolState() {
    var bean = dataSource.getHikariPoolMXBean();
    return bean == null
        ? new PoolState(0, 0, 0)
        : new PoolState(
            bean.getActiveConnections(),
            bean.getIdleConnections(),
            bean.getThreadsAwaitingConnection());
  }

  /** A snapshot of a pool's connections. */
  public record PoolState(int active, int idle, int waiting) {
    public boolean exhausted() {
      return active > 0 && idle == 0 && waiting > 0;
    }
  }

  /**
   * Closes every pool at once. A pool waits up to 10 s for connections still in use (a job step
   * that outlived the scheduler's stop) before aborting them; one after the other, five pools could
   * hold a stopping node for most of a minute.
   */
  @Override
  public synchronized void close() {
    List<HikariDataSource> all = new java.util.ArrayList<>(pools.values());
    all.add(dataSource);
    pools.clear();
    List<Thread> closing =
        all.stream()
            .map(pool -> Thread.ofPlatform().name("close-" + pool.getPoolName()).start(pool::close))
            .toList();
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
