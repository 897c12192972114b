package ai.peeker.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  @Test
  void the_601st_request_in_a_minute_is_429_and_another_key_is_unaffected() {
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Busy partner");
    String busy = t.key(Environment.TEST, Preset.READ);
    String calm = t.key(Environment.TEST, Preset.READ);
    for (int i = 1; i <= 600; i++) {
      var r = server.api().as(busy).get("/me").expect(200);
      assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(600 - i));
    }
    var refused = server.api().as(busy).get("/me").expectError(429, "rate_limited", null);
    long retryAfter =
        refused.json().path("error").path("details").path("retry_after_seconds").asLong();
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(refused.json().path("error").path("message").asText())
        .isEqualTo("API rate limit exceeded");
    assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(retryAfter));
    assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
    server.api().as(calm).get("/me").expect(200);
    server.api().as(busy).post("/users", java.util.Map.of()).expectError(429, "rate_limited", null);
  }

  @Test
  void a_key_created_with_a_lower_limit_is_held_to_it() {
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Throttled partner");
    String key =
        server
            .app()
            .partners()
            .issueKey(t.partner().id(), Environment.LIVE, Preset.FULL, 5)
            .secret();
    for (int i = 0; i < 5; i++) {
      server.api().as(key).get("/orders").expect(200);
    }
    server.api().as(key).get("/orders").expectError(429, "rate_limited", null);
  }
}
