package ai.peeker.orders;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Json;
import ai.peeker.testing.Api;
import ai.peeker.testing.MalformedBodies;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of generated bad {@code POST /orders} bodies: only 4xx envelopes come back, and nothing
 * is written (no order, user, domain, event or replay row) except for the odd body that turns out
 * valid, which is accounted for.
 */
class MalformedOrderBodiesTest {
  private static final List<String> FIELDS = List.copyOf(OrderBody.FIELDS);
  private static final Object[] ODD = {
    null,
    "",
    " ",
    -1,
    0,
    1.5,
    Long.MAX_VALUE,
    "9".repeat(40),
    true,
    List.of(),
    Map.of(),
    List.of(1, "two"),
    "x".repeat(5000),
    "\u0000",
    "💥",
    "premium-x.com",
    "taken-x.com",
    "usr_01HZX0C6Z3K4M5N6P7Q8R9S0JK",
    "bun_01HZX0BU1A2B3C4D5E6F7G8HJK",
    "not an email",
    Map.of("domain", 5),
    "<script>alert(1)</script>",
    "'; DROP TABLE orders; --"
  };

  @Test
  void generated_malformed_order_bodies_get_only_4xx_envelopes_and_write_nothing() {
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Fuzzed orders", 100_000);
    Map<String, Long> before = counts(server, t);
    long seed = 20261205L;
    Random random = new Random(seed);
    List<String> bodies = new ArrayList<>(new MalformedBodies(seed, FIELDS).take(200));
    for (int i = 0; i < 400; i++) {
      bodies.add(Json.write(mutated(random)));
    }
    Set<String> placed = new HashSet<>();
    long placedDomains = 0;
    Set<String> placedUsers = new HashSet<>();
    for (String body : bodies) {
      Api.Response r = t.api().postRaw("/orders", body);
      assertThat(r.status())
          .as("seed %d body %s → %s", seed, abbreviated(body), r.body())
          .isBetween(201, 499);
      if (r.status() == 201) {
        if (placed.add(r.data().path("id").asText())) {
          placedDomains += r.data().path("domain_count").asLong();
          placedUsers.add(r.data().path("user_id").asText());
        }
        continue;
      }
      JsonNode error = r.json().path("error");
      assertThat(error.path("code").asText()).as(r.body()).isNotEmpty();
      assertThat(r.body()).doesNotContain(OrderBodies.PASSWORD);
    }
    Map<String, Long> after = counts(server, t);
    assertThat(placed.size()).as("almost every generated body is invalid").isLessThan(60);
    assertThat(after.get("orders") - before.get("orders")).isEqualTo(placed.size());
    assertThat(after.get("order_requests") - before.get("order_requests")).isEqualTo(placed.size());
    // each placed order announces itself once (its provisioning then adds events of its own)
    assertThat(after.get("events") - before.get("events")).isEqualTo(placed.size());
    assertThat(after.get("domains") - before.get("domains")).isEqualTo(placedDomains);
    assertThat(after.get("users") - before.get("users")).isEqualTo(placedUsers.size());
  }

  /** A valid v2 body with one thing wrong (or, now and then, harmlessly changed). */
  private static Map<String, Object> mutated(Random random) {
    Map<String, Object> body = OrderBodies.custom(2, 1, OrderBodies.names("fuzz", 2));
    Object odd = ODD[random.nextInt(ODD.length)];
    switch (random.nextInt(9)) {
      case 0 -> body.put(FIELDS.get(random.nextInt(FIELDS.size())), odd);
      case 1 -> body.remove(List.copyOf(body.keySet()).get(random.nextInt(body.size())));
      case 2 -> body.put("unknown_" + random.nextInt(100), odd);
      case 3 -> {
        Map<String, Object> s = new LinkedHashMap<>(OrderBodies.sequencer());
        List<String> keys = List.copyOf(s.keySet());
        if (random.nextBoolean()) {
          s.put(keys.get(random.nextInt(keys.size())), odd);
        } else {
          s.remove(keys.get(random.nextInt(keys.size())));
        }
        body.put("sequencer", s);
      }
      case 4 -> {
        Map<String, Object> p = new LinkedHashMap<>(OrderBodies.persona("Sam", "Lee"));
        List<String> keys = List.copyOf(p.keySet());
        if (random.nextBoolean()) {
          p.put(keys.get(random.nextInt(keys.size())), odd);
        } else {
          p.remove(keys.get(random.nextInt(keys.size())));
        }
        body.put("personas", List.of(p));
      }
      case 5 -> {
        List<Object> domains = new ArrayList<>((List<?>) body.get("domains"));
        domains.set(random.nextInt(domains.size()), odd);
        body.put("domains", domains);
      }
      case 6 -> {
        List<Object> domains = new ArrayList<>((List<?>) body.get("domains"));
        domains.set(1, domains.get(0).toString().toUpperCase(Locale.ROOT));
        body.put("domains", domains);
      }
      case 7 -> {
        List<Object> domains = new ArrayList<>((List<?>) body.get("domains"));
        domains.add(OrderBodies.names("extra", 1).get(0));
        body.put("domains", domains);
      }
      default -> {
        body.put("bundle_id", "bun_01HZX0BU1A2B3C4D5E6F7G8HJK");
        if (random.nextBoolean()) {
          body.remove("google_licenses");
          body.remove("microsoft_licenses");
        }
      }
    }
    return body;
  }

  private static Map<String, Long> counts(TestServer server, Tenant t) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : List.of("orders", "order_requests", "events", "domains", "users")) {
      counts.put(
          table,
          server
              .app()
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM "
                                  + table
                                  + " WHERE partner_id = :p"
                                  + (table.equals("events")
                                      ? " AND type = 'order.in_progress'"
                                      : ""))
                          .bind("p", t.partner().id())
                          .mapTo(Long.class)
                          .one()));
    }
    return counts;
  }

  private static String abbreviated(String body) {
    return body.length() > 500 ? body.substring(0, 500) + "…" : body;
  }
}
