package ai.peeker.provisioning;

import ai.peeker.app.Config;
import ai.peeker.testing.TestDatabases;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A database a test opens together with separate processes (the CLI, a server): the H2 file in
 * a data directory (shared through H2's auto-server) or a fresh PostgreSQL database. {@code env}
 * is what those processes get; {@code config} is the same for the test's own app.
 */
record SharedDatabase(Map<String, String> env, Config config) {
  static SharedDatabase in(Path dataDir, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("PEEKER_DATA_DIR", dataDir.toString());
    Config config = Config.fromEnvironment(env).withPort(0);
    if (TestDatabases.postgres()) {
      String url = TestDatabases.fresh();
      env.put("PEEKER_DATABASE_URL", url);
      config = config.withDatabaseUrl(url);
    }
    return new SharedDatabase(Map.copyOf(env), config);
  }
}
