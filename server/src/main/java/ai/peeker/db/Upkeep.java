package ai.peeker.db;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums and analyzes the server's own tables when PostgreSQL's autovacuum is off, by autovacuum's
 * default thresholds. Without it the planner has no statistics (a lookup by order or domain then
 * scans all of a partner's rows through a partner index, and every new row makes it slower) and the
 * job and workflow tables, updated several times per domain, fill with dead rows. One node at a
 * time does the work (an advisory lock); with autovacuum on, nothing runs.
 */
public final class Upkeep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Upkeep.class);

  /** How often the tables' counters are read. */
  static final Duration INTERVAL = Duration.ofSeconds(10);

  /** The advisory lock that keeps two nodes from vacuuming the same tables at once. */
  static final long LOCK = 0x7065656b65722d75L;

  /*
   * autovacuum's defaults (PostgreSQL 15): a table is vacuumed once its dead rows, or the rows
   * inserted since its last vacuum, exceed a base plus a fraction of its size, and analyzed once
   * the rows changed since its last analyze do.
   */
  private static final String DUE =
      """
      SELECT s.relname,
             s.n_dead_tup > 50 + 0.2 * GREATEST(c.reltuples, 0)
               OR s.n_ins_since_vacuum > 1000 + 0.2 * GREATEST(c.reltuples, 0) AS vacuum,
             s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0) AS analyze
        FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
       WHERE s.schemaname = current_schema()
       ORDER BY s.relname
      """;

  /** What a round did to a table. */
  enum Action {
    VACUUM,
    ANALYZE
  }

  record Done(String table, Action action) {}

  private final DataSource dataSource;
  private final MeterRegistry metrics;
  private ScheduledExecutorService timer;

  Upkeep(DataSource dataSource, MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.metrics = metrics;
  }

  /**
   * Starts the upkeep when the database at {@code dataSource} (PostgreSQL) runs without autovacuum;
   * empty when autovacuum does the work.
   */
  public static Optional<Upkeep> startIfNeeded(DataSource dataSource, MeterRegistry metrics) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('autovacuum') = 'on'"
                    + " AND current_setting('track_counts') = 'on'")) {
      rs.next();
      if (rs.getBoolean(1)) {
        return Optional.empty();
      }
    } catch (SQLException e) {
      log.warn("cannot tell whether autovacuum is on; the server leaves tables to it", e);
      return Optional.empty();
    }
    log.warn(
        "autovacuum is off on this PostgreSQL: the server vacuums and analyzes its own tables"
            + " (every {} s, at autovacuum's default thresholds)",
        INTERVAL.toSeconds());
    Upkeep upkeep = new Upkeep(dataSource, metrics);
    upkeep.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("peeker-upkeep").daemon().unstarted(r));
    var unused =
        upkeep.timer.scheduleWithFixedDelay(
            upkeep::runQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.of(upkeep);
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (SQLException | RuntimeException e) {
      log.warn("table upkeep failed; trying again in {} s", INTERVAL.toSeconds(), e);
    }
  }

  /**
   * One round: vacuums (with analyze) or analyzes every table past its threshold. Empty when
   * another node holds the lock or nothing is due.
   */
  List<Done> runOnce() throws SQLException {
    List<Done> done = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(true); // VACUUM cannot run inside a transaction
      try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return done;
        }
      }
      try {
        List<Done> due = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(DUE)) {
          while (rs.next()) {
            if (rs.getBoolean("vacuum")) {
              due.add(new Done(rs.getString("relname"), Action.VACUUM));
            } else if (rs.getBoolean("analyze")) {
              due.add(new Done(rs.getString("relname"), Action.ANALYZE));
            }
          }
        }
        for (Done d : due) {
          String table = "\"" + d.table().replace("\"", "\"\"") + "\"";
          s.execute(d.action() == Action.VACUUM ? "VACUUM (ANALYZE) " + table : "ANALYZE " + table);
          metrics
              .counter(
                  "peeker.db.upkeep",
                  "action",
                  d.action().name().toLowerCase(Locale.ROOT),
                  "table",
                  d.table())
              .increment();
          log.debug("{} {}", d.action(), d.table());
          done.add(d);
        }
      } finally {
        try (ResultSet rs = s.executeQuery("SELECT pg_advisory_unlock(" + LOCK + ")")) {
          rs.next();
        }
      }
    }
    return done;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
