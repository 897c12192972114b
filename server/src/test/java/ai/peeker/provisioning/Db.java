package ai.peeker.provisioning;

import ai.peeker.testing.TestServer;
import java.util.List;
import java.util.Map;

/** Reads a test server's database directly, for state the API does not show (providers, jobs). */
final class Db {
  private final TestServer server;

  Db(TestServer server) {
    this.server = server;
  }

  long count(String sql, Object... args) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
              }
              return q.mapTo(Long.class).one();
            });
  }

  List<Map<String, Object>> rows(String sql, Object... args) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
              }
              return q.mapToMap().list();
            });
  }

  java.time.Instant instant(String sql, Object... args) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
              }
              return q.mapTo(java.time.Instant.class).one();
            });
  }

  List<String> strings(String sql, Object... args) {
    return rows(sql, args).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
  }
}
