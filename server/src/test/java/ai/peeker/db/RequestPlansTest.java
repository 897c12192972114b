package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.testing.TestDatabases;
import ai.peeker.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the request pool's connections keep one plan per statement: without it, every
 * listing page after the first (its cursor looks selective) was planned again on each call, which
 * took three times as long as running it.
 */
class RequestPlansTest {
  @Test
  void request_connections_plan_each_statement_once() {
    assumeTrue(TestDatabases.postgres(), "a PostgreSQL setting");
    String mode =
        TestServer.shared()
            .app()
            .database()
            .jdbi()
            .withHandle(h -> h.createQuery("SHOW plan_cache_mode").mapTo(String.class).one());
    assertThat(mode).isEqualTo("force_generic_plan");
  }
}
