package ai.peeker.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;

/**
 * The one database: a HikariCP pool, Flyway migrations and Jdbi on top. The same migrations run
 * on the embedded H2 file database and on PostgreSQL.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final boolean postgres;
  private HikariDataSource relaxed;
  private Jdbi relaxedJdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    this.jdbi = configured(Jdbi.create(dataSource));
    if (!postgres && H2Url.isPersistent(dataSource.getJdbcUrl())) {
      H2GroupCommit.install(jdbi, dataSource); // an acknowledged write survives kill -9
    }
  }

  private static Jdbi configured(Jdbi jdbi) {
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
        Instant.class,
        (ColumnMapper<Instant>)
            (rs, column, ctx) -> {
              OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
              return value == null ? null : value.toInstant();
            });
    return jdbi;
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
    // Flyway holds a lock on one connection while it migrates on another
    config.setMaximumPoolSize(Math.max(3, poolSize));
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setPoolName("peeker");
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(10_000);
    return new Database(new HikariDataSource(config));
  }

  public void migrate() {
    // common/ runs everywhere; h2/ or postgresql/ (when present) hold vendor-only migrations
    String vendor = "db/migration/" + (postgres ? "postgresql" : "h2");
    java.util.List<String> locations = new java.util.ArrayList<>();
    locations.add("classpath:db/migration/common");
    if (Database.class.getClassLoader().getResource(vendor) != null) {
      locations.add("classpath:" + vendor);
    }
    Flyway.configure()
        .dataSource(dataSource)
        .locations(locations.toArray(String[]::new))
        .load()
        .migrate();
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
   * A second pool for writes that only record idempotent progress, cheap to repeat after a crash
   * (the job runner's table, provisioning steps, the sandbox providers' state): on PostgreSQL its
   * sessions commit without waiting for the WAL to reach the disk ({@code synchronous_commit}
   * off), which turns a disk flush per step into none. The next ordinary commit flushes them too,
   * so recorded progress is never behind a durable order or event. On H2 it is the main pool.
   */
  public synchronized DataSource relaxedPool() {
    if (!postgres) {
      return dataSource;
    }
    if (relaxed == null) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(dataSource.getJdbcUrl());
      config.setMaximumPoolSize(12);
      config.setMinimumIdle(2);
      config.setPoolName("peeker-relaxed");
      config.setConnectionTimeout(10_000);
      config.setConnectionInitSql("SET synchronous_commit TO OFF");
      relaxed = new HikariDataSource(config);
    }
    return relaxed;
  }

  /** Jdbi on {@link #relaxedPool()}: for idempotent progress only, never for orders or events. */
  public synchronized Jdbi relaxedJdbi() {
    if (!postgres) {
      return jdbi;
    }
    if (relaxedJdbi == null) {
      relaxedJdbi = configured(Jdbi.create(relaxedPool()));
    }
    return relaxedJdbi;
  }

  @Override
  public synchronized void close() {
    if (relaxed != null) {
      relaxed.close();
    }
    dataSource.close();
  }
}
