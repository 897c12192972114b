package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  @Test
  void every_migration_applies_and_running_them_again_changes_nothing() {
    String url = TestDatabases.fresh();
    try (Database db = Database.open(url, 2)) {
      List<Boolean> outcomes =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT success FROM flyway_schema_history WHERE version IS NOT NULL")
                          .mapTo(Boolean.class)
                          .list());
      assertThat(outcomes).isNotEmpty().allMatch(Boolean::booleanValue);
      int tables =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN"
                                  + " ('scheduled_tasks', 'rate_limit_buckets', 'orders', 'events')")
                          .mapTo(Integer.class)
                          .one());
      assertThat(tables).isEqualTo(4);
    }
    try (Database again = Database.open(url, 2)) {
      int orders =
          again
              .jdbi()
              .withHandle(
                  h -> h.createQuery("SELECT COUNT(*) FROM orders").mapTo(Integer.class).one());
      assertThat(orders).isZero();
    }
  }
}
