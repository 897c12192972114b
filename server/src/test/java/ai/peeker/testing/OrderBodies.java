package ai.peeker.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@code POST /orders} bodies as partners send them (v2 shape unless a test changes it). */
public final class OrderBodies {
  public static final String PASSWORD = "s3cret-Smartlead-pass!";
  private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 10_000_000);

  private OrderBodies() {}

  /** {@code count} fresh, available sandbox names such as {@code ord-1234-0.com}. */
  /** A user body with every text field set (a sequencer client included). */
  public static Map<String, Object> user(String email) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("email", email);
    body.put("first_name", "Ann");
    body.put("last_name", "Lee");
    body.put("sequencer", Map.of("provider", "smartlead", "client_id", 366903));
    return body;
  }

  /** A bundle body with its required fields. */
  public static Map<String, Object> bundle(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("monthly_sending_volume", 2000);
    body.put("currency", "usd");
    return body;
  }

  public static List<String> names(String prefix, int count) {
    long n = SEQUENCE.incrementAndGet();
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(prefix + "-" + n + "-" + i + ".com");
    }
    return names;
  }

  public static Map<String, Object> sequencer() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("provider", "smartlead");
    s.put("client_id", 366903);
    s.put("login_email", "smartlead-login@example.com");
    s.put("login_password", PASSWORD);
    return s;
  }

  public static Map<String, Object> persona(String first, String last) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("first_name", first);
    p.put("last_name", last);
    p.put("profile_picture_url", null);
    return p;
  }

  /** A v2 body without a plan: user by email, sequencer, forwarding, personas. */
  public static Map<String, Object> base(List<?> domains) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", "client@example.com");
    body.put("sequencer", sequencer());
    body.put("forwarding_url", "https://example.com");
    body.put("domains", new ArrayList<>(domains));
    body.put("personas", new ArrayList<>(List.of(persona("Sam", "Lee"))));
    return body;
  }

  public static Map<String, Object> forBundle(String bundleId, List<?> domains) {
    Map<String, Object> body = base(domains);
    body.put("bundle_id", bundleId);
    return body;
  }

  public static Map<String, Object> custom(int google, int microsoft, List<?> domains) {
    Map<String, Object> body = base(domains);
    if (google > 0) {
      body.put("google_licenses", google);
    }
    if (microsoft > 0) {
      body.put("microsoft_licenses", microsoft);
    }
    return body;
  }
}
