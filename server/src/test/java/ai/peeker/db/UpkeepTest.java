package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With autovacuum off, the server vacuums and analyzes a table once its changes pass autovacuum's
 * default thresholds, once per change (the thresholds start again), and one node at a time.
 */
class UpkeepTest {
  @Test
  void a_table_past_the_thresholds_is_vacuumed_and_analyzed_once_by_the_node_holding_the_lock()
      throws Exception {
    assumeTrue(TestDatabases.postgres(), "PostgreSQL's autovacuum; H2 has none");
    try (Database db = Database.open(TestDatabases.fresh(), 3);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // a table of the schema that autovacuum would leave alone, so only the upkeep touches it
      s.execute("CREATE TABLE upkeep_probe (id INT PRIMARY KEY) WITH (autovacuum_enabled = off)");
      s.execute("INSERT INTO upkeep_probe SELECT g FROM generate_series(1, 400) g");
      s.execute("DELETE FROM upkeep_probe WHERE id > 100");
      // the backend reports its counters to the statistics system within about a second
      await().atMost(Duration.ofSeconds(10)).until(() -> deadRows(s) >= 300);

      var metrics = new SimpleMeterRegistry();
      Upkeep upkeep = new Upkeep(db.dataSource(), metrics);
      try (Connection other = db.dataSource().getConnection();
          Statement o = other.createStatement()) {
        o.execute("SELECT pg_advisory_lock(" + Upkeep.LOCK + ")");
        assertThat(upkeep.runOnce()).as("another node holds the lock: nothing done").isEmpty();
        o.execute("SELECT pg_advisory_unlock(" + Upkeep.LOCK + ")");
      }

      List<Upkeep.Done> done = upkeep.runOnce();
      assertThat(done).contains(new Upkeep.Done("upkeep_probe", Upkeep.Action.VACUUM));
      assertThat(
              longValue(
                  s,
                  "SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname ="
                      + " 'upkeep_probe' AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL"))
          .isEqualTo(1);
      assertThat(
              metrics
                  .counter("peeker.db.upkeep", "action", "vacuum", "table", "upkeep_probe")
                  .count())
          .isEqualTo(1.0);

      await().atMost(Duration.ofSeconds(10)).until(() -> deadRows(s) == 0);
      assertThat(upkeep.runOnce())
          .as("nothing changed since: the table is not done again")
          .extracting(Upkeep.Done::table)
          .doesNotContain("upkeep_probe");
    }
  }

  @Test
  void it_runs_exactly_when_autovacuum_is_off() throws Exception {
    assumeTrue(TestDatabases.postgres(), "PostgreSQL's autovacuum; H2 has none");
    try (Database db = Database.open(TestDatabases.fresh(), 3);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('autovacuum')")) {
      rs.next();
      boolean autovacuum = rs.getString(1).equals("on");
      var started = Upkeep.startIfNeeded(db.dataSource(), new SimpleMeterRegistry());
      try {
        assertThat(started.isPresent()).isEqualTo(!autovacuum);
      } finally {
        started.ifPresent(Upkeep::close);
      }
    }
  }

  private static long deadRows(Statement s) throws SQLException {
    return longValue(
        s, "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'upkeep_probe'");
  }

  private static long longValue(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }
}
