package ai.peeker.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A fresh, empty database per test server: H2 in memory by default, or a new PostgreSQL database
 * when the suite runs with {@code -Dpeeker.test.database=postgres} (the admin URL comes from {@code
 * -Dpeeker.test.postgres}).
 */
public final class TestDatabases {
  private static final java.util.List<String> CREATED =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  static {
    // The suite's PostgreSQL databases go when the JVM does (FORCE closes leftover connections).
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (CREATED.isEmpty()) {
                    return;
                  }
                  try (Connection c = DriverManager.getConnection(adminUrl())) {
                    for (String name : CREATED) {
                      c.createStatement()
                          .execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    }
                  } catch (SQLException e) {
                    System.err.println("could not drop test databases: " + e.getMessage());
                  }
                }));
  }

  private TestDatabases() {}

  public static boolean postgres() {
    return "postgres".equals(System.getProperty("peeker.test.database"));
  }

  public static String fresh() {
    String name = "peeker_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    if (!postgres()) {
      return "jdbc:h2:mem:"
          + name
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }
    String admin = adminUrl();
    try (Connection c = DriverManager.getConnection(admin)) {
      c.createStatement().execute("CREATE DATABASE " + name);
      CREATED.add(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + admin, e);
    }
    return withDatabase(admin, name);
  }

  public static String adminUrl() {
    String url = System.getProperty("peeker.test.postgres");
    if (url == null || url.isBlank()) {
      url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }
    return url;
  }

  /** The same server URL pointing at database {@code name}. */
  static String withDatabase(String url, String name) {
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query));
  }
}
