package ai.peeker.provisioning;

import ai.peeker.testing.TestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.Query;

/** Reads a test server's database directly, for state the API does not show (providers, jobs). */
final class Db {
  private final TestServer server;

  Db(TestServer server) {
    this.server = server;
  }

  long count(String sql, Object... args) {
    return query(sql, args, q -> q.mapTo(Long.class).one());
  }

  Instant instant(String sql, Object... args) {
    return query(sql, args, q -> q.mapTo(Instant.class).one());
  }

  List<Map<String, Object>> rows(String sql, Object... args) {
    return query(sql, args, q -> q.mapToMap().list());
  }

  List<String> strings(String sql, Object... args) {
    return rows(sql, args).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
  }

  private <T> T query(String sql, Object[] args, java.util.function.Function<Query, T> read) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h -> {
              Query q = h.createQuery(sql);
              for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
              }
              return read.apply(q);
            });
  }
}
