package ai.peeker.domains;

import static ai.peeker.testing.JsonRows.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.SettableClock;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AvailabilityApiTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  @Test
  void the_docs_example_comes_back_with_exactly_the_documented_shape() {
    Tenant t = server.newTenant("Availability docs");
    JsonNode rows =
        check(t.api(), List.of("acme-mail.com", "taken-team-acme.com", "premium-domain.com"));
    assertThat(rows).hasSize(3);
    JsonNode available = rows.get(0);
    assertThat(fieldNames(available))
        .containsExactly(
            "domain",
            "available",
            "price_cents",
            "renewal_price_cents",
            "currency",
            "usable_for",
            "premium");
    assertThat(available.path("domain").asText()).isEqualTo("acme-mail.com");
    assertThat(available.path("available").asBoolean()).isTrue();
    assertThat(available.path("price_cents").asLong()).isEqualTo(1300);
    assertThat(available.path("renewal_price_cents").asLong()).isEqualTo(1500);
    assertThat(available.path("currency").asText()).isEqualTo("usd");
    assertThat(available.path("usable_for").toString()).isEqualTo("[\"google\",\"microsoft\"]");
    assertThat(available.path("premium").asBoolean()).isFalse();

    JsonNode taken = rows.get(1);
    assertThat(fieldNames(taken)).containsExactly("domain", "available", "premium", "reason");
    assertThat(taken.path("available").asBoolean()).isFalse();
    assertThat(taken.path("premium").asBoolean()).isFalse();
    assertThat(taken.path("reason").asText()).isEqualTo("taken");

    JsonNode premium = rows.get(2);
    assertThat(fieldNames(premium)).containsExactly("domain", "available", "premium", "reason");
    assertThat(premium.path("premium").asBoolean()).isTrue();
    assertThat(premium.path("reason").asText()).isEqualTo("premium");
  }

  @Test
  void every_magic_value_answers_as_the_readme_says() {
    Tenant t = server.newTenant("Availability magic");
    JsonNode rows =
        check(
            t.api(),
            List.of(
                "premium-acme.com",
                "my-premium-names.net",
                "taken-x.org",
                "errored-y.com",
                "not a domain",
                "-bad-.com",
                "plain.io",
                "plain.xyz"));
    assertThat(reasons(rows))
        .containsExactly(
            "premium", "premium", "taken", "errored", "invalid", "invalid", null, null);
    assertThat(rows.get(6).path("price_cents").asLong()).isEqualTo(3900);
    assertThat(rows.get(7).path("price_cents").asLong()).isEqualTo(1800);
  }

  @Test
  void names_are_lowercased_and_trimmed_duplicates_collapse_and_request_order_is_kept() {
    Tenant t = server.newTenant("Availability order");
    JsonNode rows =
        check(
            t.api(),
            List.of(
                "  Zeta-Names.COM ",
                "alpha-names.com",
                "zeta-names.com",
                "TAKEN-b.com",
                "Alpha-Names.com."));
    List<String> names = new ArrayList<>();
    rows.forEach(r -> names.add(r.path("domain").asText()));
    assertThat(names).containsExactly("zeta-names.com", "alpha-names.com", "taken-b.com");
  }

  @Test
  void one_to_fifty_names_and_anything_else_is_400_naming_the_field() {
    Tenant t = server.newTenant("Availability bounds");
    List<String> fifty = IntStream.range(0, 50).mapToObj(i -> "bulk-" + i + ".com").toList();
    assertThat(check(t.api(), fifty)).hasSize(50);
    List<String> fiftyOne = IntStream.range(0, 51).mapToObj(i -> "bulk-" + i + ".com").toList();
    t.api()
        .post("/domains/availability", Map.of("domains", fiftyOne))
        .expectError(400, "invalid_request", "domains");
    t.api()
        .post("/domains/availability", Map.of("domains", List.of()))
        .expectError(400, "invalid_request", "domains");
    t.api().post("/domains/availability", Map.of()).expectError(400, "invalid_request", "domains");
    t.api()
        .post("/domains/availability", Map.of("domains", "acme.com"))
        .expectError(400, "invalid_request", "domains");
    t.api()
        .post("/domains/availability", Map.of("domains", List.of("a.com", 7)))
        .expectError(400, "invalid_request", "domains[1]");
    t.api()
        .post("/domains/availability", Map.of("domains", List.of(" ")))
        .expectError(400, "invalid_request", "domains[0]");
    t.api()
        .post("/domains/availability", Map.of("domains", List.of("x".repeat(1001))))
        .expectError(400, "invalid_request", "domains[0]");
    t.api()
        .post("/domains/availability", Map.of("domains", List.of("a.com"), "tld", "com"))
        .expectError(400, "invalid_request", "tld");
    t.api()
        .postRaw("/domains/availability", "[\"a.com\"]")
        .expectError(400, "invalid_request", null);
    assertThat(check(t.api(), List.of("x".repeat(300) + ".com")).get(0).path("reason").asText())
        .isEqualTo("invalid");
  }

  @Test
  void limited_keys_may_check_and_read_keys_may_not() {
    Tenant t = server.newTenant("Availability presets");
    Api.As limited = server.api().as(t.key(Environment.TEST, Preset.LIMITED));
    assertThat(check(limited, List.of("limited-ok.com")).get(0).path("available").asBoolean())
        .isTrue();
    Api.As liveLimited = server.api().as(t.key(Environment.LIVE, Preset.LIMITED));
    assertThat(check(liveLimited, List.of("limited-ok.com"))).hasSize(1);
    Api.As read = server.api().as(t.key(Environment.TEST, Preset.READ));
    read.post("/domains/availability", Map.of("domains", List.of("read-no.com")))
        .expectError(403, "forbidden", null);
  }

  @Test
  void an_answer_is_cached_five_minutes_then_answers_stale_and_is_refreshed_in_the_background() {
    SettableClock clock = SettableClock.startingNow();
    try (TestServer own = TestServer.start(UnaryOperator.identity(), clock)) {
      Tenant t = own.newTenant("Availability cache");
      List<String> names = List.of("cached-one.com", "premium-cached.com", "errored-cached.com");
      JsonNode first = check(t.api(), names);
      assertThat(reasons(first)).containsExactly(null, "premium", "errored");
      assertThat(cachedNames(own)).contains("cached-one.com", "premium-cached.com");
      assertThat(cachedNames(own)).doesNotContain("errored-cached.com");

      clock.advance(Duration.ofMinutes(4).plusSeconds(59));
      assertThat(check(t.api(), names)).isEqualTo(first);

      clock.advance(Duration.ofSeconds(2));
      JsonNode stale = check(t.api(), names);
      assertThat(reasons(stale)).containsExactly("stale", "stale", "errored");
      assertThat(stale.get(0).path("available").asBoolean()).isFalse();
      assertThat(stale.get(1).path("premium").asBoolean()).isTrue();
      assertThat(fieldNames(stale.get(0)))
          .containsExactly("domain", "available", "premium", "reason");

      // the refresh runs in the background; the clock stands still, so it stays fresh
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(check(t.api(), names)).isEqualTo(first));
    }
  }

  @Test
  void the_cache_is_per_environment() {
    Tenant t = server.newTenant("Availability worlds");
    check(t.api(), List.of("per-world.com"));
    assertThat(quotedEnvironments("per-world.com")).containsExactly("test");
    check(server.api().as(t.key(Environment.LIVE, Preset.FULL)), List.of("per-world.com"));
    assertThat(quotedEnvironments("per-world.com")).containsExactlyInAnyOrder("test", "live");
  }

  private static List<String> quotedEnvironments(String domain) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT environment FROM domain_quotes WHERE domain = :d")
                    .bind("d", domain)
                    .mapTo(String.class)
                    .list());
  }

  static JsonNode check(Api.As api, List<String> names) {
    return api.post("/domains/availability", Map.of("domains", names))
        .expect(200)
        .data()
        .path("domains");
  }

  private static List<String> reasons(JsonNode rows) {
    List<String> reasons = new ArrayList<>();
    rows.forEach(r -> reasons.add(r.has("reason") ? r.path("reason").asText() : null));
    return reasons;
  }

  private static Set<String> cachedNames(TestServer s) {
    return new HashSet<>(
        s.app()
            .database()
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT domain FROM domain_quotes").mapTo(String.class).list()));
  }
}
