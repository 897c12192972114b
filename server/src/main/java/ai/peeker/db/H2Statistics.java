package ai.peeker.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What H2's planner must know before it has analysed a table. H2 plans a statement once per
 * connection and keeps the plan; on tables it has not analysed yet every column counts as equally
 * selective, so {@code WHERE order_id = ? AND partner_id = ? AND environment = ?} used the unique
 * index on {@code (partner_id, environment, address)} (two columns matched beats one) and read a
 * partner's every inbox for each order. The tenant columns are marked unselective, as they are: an
 * index on an id then wins from the first statement on. PostgreSQL plans with real statistics.
 */
final class H2Statistics {
  private static final int TENANT_SELECTIVITY = 1;

  private H2Statistics() {}

  static void tenantColumnsUnselective(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      List<String> changes = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT table_name, column_name FROM information_schema.columns"
                  + " WHERE table_schema = 'public'"
                  + " AND column_name IN ('partner_id', 'environment')"
                  + " AND selectivity > "
                  + TENANT_SELECTIVITY)) {
        while (rs.next()) {
          changes.add(
              "ALTER TABLE \""
                  + rs.getString(1)
                  + "\" ALTER COLUMN \""
                  + rs.getString(2)
                  + "\" SELECTIVITY "
                  + TENANT_SELECTIVITY);
        }
      }
      for (String change : changes) {
        s.execute(change);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not set H2's column statistics", e);
    }
  }
}
