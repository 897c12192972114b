package ai.peeker.portal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.events.Webhooks;
import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Orders;
import ai.peeker.testing.PortalHttp;
import ai.peeker.testing.SettableClock;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal's safety over plain HTTP: sign-in throttling, CSRF, sessions, cookies and headers,
 * tenant isolation, and secrets shown once.
 */
class PortalSafetyTest {
  static SettableClock clock;
  static TestServer server;

  @BeforeAll
  static void start() {
    clock = SettableClock.startingNow();
    server = TestServer.start(c -> c, clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void twenty_wrong_passwords_throttle_the_account_and_the_right_one_works_after_the_window() {
    Tenant tenant = server.newTenant("Throttled");
    String email = PortalHttp.addUser(server, tenant, "throttled@example.com");
    PortalHttp http = new PortalHttp(server.baseUrl());
    for (int i = 0; i < PortalAccounts.MAX_FAILURES; i++) {
      assertThat(http.signIn(email, "wrong password " + i).status()).isEqualTo(401);
    }

    PortalHttp.Page refused = http.signIn(email, PortalHttp.PASSWORD);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body()).contains("Too many failed sign-ins");
    assertThat(refused.header("retry-after")).isNotEmpty();
    assertThat(refused.cookies()).noneMatch(c -> c.startsWith(PortalRoutes.SESSION_COOKIE + "="));

    clock.advance(PortalAccounts.THROTTLE_WINDOW.plusMinutes(1));
    assertThat(http.signIn(email, PortalHttp.PASSWORD).status()).isEqualTo(303);
    assertThat(http.get("/portal/test/orders").status()).isEqualTo(200);
  }

  @Test
  void twenty_failures_from_one_address_throttle_every_account_from_it() {
    clock.advance(PortalAccounts.THROTTLE_WINDOW.plusMinutes(1)); // a fresh window for 127.0.0.1
    Tenant tenant = server.newTenant("Sprayed");
    String email = PortalHttp.addUser(server, tenant, "sprayed@example.com");
    PortalHttp http = new PortalHttp(server.baseUrl());
    for (int i = 0; i < PortalAccounts.MAX_FAILURES; i++) {
      assertThat(http.signIn("nobody-" + i + "@example.com", "guess").status()).isEqualTo(401);
    }

    assertThat(http.signIn(email, PortalHttp.PASSWORD).status()).isEqualTo(429);
    clock.advance(PortalAccounts.THROTTLE_WINDOW.plusMinutes(1));
    assertThat(http.signIn(email, PortalHttp.PASSWORD).status()).isEqualTo(303);
  }

  @Test
  void a_post_without_the_csrf_token_is_refused_and_changes_nothing() {
    Tenant tenant = server.newTenant("Csrf");
    PortalHttp http = PortalHttp.signedIn(server, tenant);
    int keys = server.app().partners().keys(tenant.partner().id()).size();

    PortalHttp.Page missing =
        http.post("/portal/test/keys", Map.of("preset", "full", "rate_limit", "600"));
    PortalHttp.Page wrong =
        http.post(
            "/portal/test/keys",
            Map.of("csrf", "not-the-token", "preset", "full", "rate_limit", "600"));
    PortalHttp.Page webhook =
        http.post("/portal/test/webhooks", Map.of("url", "http://localhost:1/hook"));
    PortalHttp.Page signOut = http.post("/portal/sign-out-everywhere", Map.of());

    assertThat(missing.status()).isEqualTo(403);
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(webhook.status()).isEqualTo(403);
    assertThat(signOut.status()).isEqualTo(403);
    assertThat(missing.body()).contains("Nothing was changed");
    assertThat(server.app().partners().keys(tenant.partner().id())).hasSize(keys);
    assertThat(server.app().webhooks().find(tenant.sandbox())).isEmpty();
    assertThat(http.get("/portal/test/keys").status()).as("still signed in").isEqualTo(200);
  }

  @Test
  void the_sign_in_form_without_its_csrf_token_is_refused() {
    Tenant tenant = server.newTenant("Csrf sign-in");
    String email = PortalHttp.addUser(server, tenant, "csrf-sign-in@example.com");
    PortalHttp http = new PortalHttp(server.baseUrl());
    http.get("/portal/sign-in");

    PortalHttp.Page page =
        http.post("/portal/sign-in", Map.of("email", email, "password", PortalHttp.PASSWORD));

    assertThat(page.status()).isEqualTo(403);
    assertThat(page.cookies()).noneMatch(c -> c.startsWith(PortalRoutes.SESSION_COOKIE + "="));
  }

  @Test
  void another_partners_order_event_and_key_are_not_found() {
    Tenant owner = server.newTenant("Owner");
    Order order = Orders.custom(server, owner.sandbox(), "owner@example.com");
    var ownerKey = owner.issue(Environment.TEST, Preset.READ);
    String eventId =
        server.app().webhooks().eventsAbout(owner.sandbox(), order.id()).getFirst().id();
    PortalHttp intruder = PortalHttp.signedIn(server, server.newTenant("Intruder"));
    PortalHttp ownerHttp = PortalHttp.signedIn(server, owner);

    assertThat(ownerHttp.get("/portal/test/orders/" + order.id()).status()).isEqualTo(200);
    assertThat(intruder.get("/portal/test/orders/" + order.id()).status()).isEqualTo(404);
    assertThat(intruder.get("/portal/test/orders/" + order.id() + "/cancel").status())
        .isEqualTo(404);
    assertThat(intruder.get("/portal/test/webhooks/events/" + eventId).status()).isEqualTo(404);
    String csrf = intruder.get("/portal/test/keys").csrf();
    assertThat(
            intruder
                .post("/portal/test/keys/" + ownerKey.key().id() + "/revoke", Map.of("csrf", csrf))
                .status())
        .isEqualTo(404);
    assertThat(
            intruder
                .post("/portal/test/orders/" + order.id() + "/cancel", Map.of("csrf", csrf))
                .status())
        .isEqualTo(404);
    assertThat(server.app().partners().authenticate(ownerKey.secret())).isPresent();
    assertThat(ownerHttp.get("/portal/live/orders/" + order.id()).status())
        .as("the sandbox order is not in live")
        .isEqualTo(404);
  }

  @Test
  void the_orders_list_pages_newest_first_by_keyset_and_keeps_its_filter() {
    Tenant tenant = server.newTenant("Paging");
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < Portal.PAGE_SIZE + 2; i++) {
      ids.add(0, Orders.custom(server, tenant.sandbox(), "pager@example.com").id());
    }
    Orders.custom(server, tenant.sandbox(), "other@example.com");
    PortalHttp http = PortalHttp.signedIn(server, tenant);
    Pattern row = Pattern.compile("href=\"/portal/test/orders/(ord_[0-9A-Z]+)\"");
    Pattern next = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"");

    String first = http.get("/portal/test/orders?user_email=pager%40example.com").body();
    Matcher nextLink = next.matcher(first);
    assertThat(nextLink.find()).isTrue();
    String second = http.get(nextLink.group(1).replace("&amp;", "&")).body();

    java.util.List<String> seen = new java.util.ArrayList<>();
    for (String page : java.util.List.of(first, second)) {
      row.matcher(page).results().forEach(r -> seen.add(r.group(1)));
    }
    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(next.matcher(second).find()).isFalse();
    assertThat(http.get("/portal/test/orders?after=garbage").status()).isEqualTo(400);
    assertThat(http.get("/portal/test/orders?status=nonsense").status()).isEqualTo(400);
    assertThat(http.get("/portal/test/orders?user_id=ord_1").status()).isEqualTo(400);
  }

  @Test
  void a_new_key_secret_is_shown_once_and_works_against_the_api() {
    Tenant tenant = server.newTenant("Keys");
    PortalHttp http = PortalHttp.signedIn(server, tenant);
    String csrf = http.get("/portal/test/keys").csrf();

    PortalHttp.Page created =
        http.post(
            "/portal/test/keys", Map.of("csrf", csrf, "preset", "limited", "rate_limit", "120"));

    assertThat(created.status()).isEqualTo(201);
    Matcher m = Pattern.compile("pk_test_[0-9A-Za-z]{38}").matcher(created.body());
    assertThat(m.find()).isTrue();
    String secret = m.group();
    assertThat(created.body().split(secret, -1)).as("shown once").hasSize(2);
    assertThat(http.get("/portal/test/keys").body()).doesNotContain(secret);
    assertThat(server.api().as(secret).get("/partner/v1/me").status()).isEqualTo(200);
    assertThat(server.app().partners().keys(tenant.sandbox()))
        .anySatisfy(
            k -> {
              assertThat(k.key().preset()).isEqualTo(Preset.LIMITED);
              assertThat(k.lastUsedAt()).isNotNull();
            });
  }

  @Test
  void a_webhook_secret_is_shown_once_on_creation_and_on_rotation() {
    Tenant tenant = server.newTenant("Secrets");
    PortalHttp http = PortalHttp.signedIn(server, tenant);
    String csrf = http.get("/portal/test/webhooks").csrf();

    PortalHttp.Page set =
        http.post("/portal/test/webhooks", Map.of("csrf", csrf, "url", "http://localhost:9/hooks"));
    PortalHttp.Page changed =
        http.post("/portal/test/webhooks", Map.of("csrf", csrf, "url", "http://localhost:9/other"));
    PortalHttp.Page rotated = http.post("/portal/test/webhooks/rotate", Map.of("csrf", csrf));

    Pattern whsec = Pattern.compile("whsec_[0-9A-Za-z_-]{43}");
    Matcher first = whsec.matcher(set.body());
    assertThat(first.find()).isTrue();
    assertThat(set.body().split(Pattern.quote(first.group()), -1)).hasSize(2);
    assertThat(whsec.matcher(changed.body()).find()).isFalse();
    assertThat(changed.body()).contains("The URL is saved");
    Matcher second = whsec.matcher(rotated.body());
    assertThat(second.find()).isTrue();
    assertThat(second.group()).isNotEqualTo(first.group());
    assertThat(whsec.matcher(http.get("/portal/test/webhooks").body()).find()).isFalse();
    Webhooks webhooks = server.app().webhooks();
    assertThat(webhooks.find(tenant.sandbox()).orElseThrow().secrets()).hasSize(2);
  }

  @Test
  void no_secret_or_link_token_reaches_the_log() {
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    var root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try {
      Tenant tenant = server.newTenant("Quiet logs");
      var invitation =
          server.app().portalAccounts().invite(tenant.partner().id(), "quiet@example.com");
      PortalHttp http = new PortalHttp(server.baseUrl());
      String csrf = http.get("/portal/welcome?token=" + invitation.token()).csrf();
      http.post(
          "/portal/welcome",
          Map.of(
              "csrf",
              csrf,
              "token",
              invitation.token(),
              "password",
              PortalHttp.PASSWORD,
              "repeat",
              PortalHttp.PASSWORD));
      csrf = http.get("/portal/test/keys").csrf();
      String keyPage =
          http.post("/portal/test/keys", Map.of("csrf", csrf, "preset", "full", "rate_limit", "60"))
              .body();
      String webhookPage =
          http.post(
                  "/portal/test/webhooks", Map.of("csrf", csrf, "url", "http://localhost:9/quiet"))
              .body();
      Matcher key = Pattern.compile("pk_test_[0-9A-Za-z]{38}").matcher(keyPage);
      Matcher whsec = Pattern.compile("whsec_[0-9A-Za-z_-]{43}").matcher(webhookPage);
      assertThat(key.find()).isTrue();
      assertThat(whsec.find()).isTrue();

      assertThat(logs.list).isNotEmpty();
      assertThat(logs.list)
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .noneMatch(
              line ->
                  line.contains(key.group())
                      || line.contains(whsec.group())
                      || line.contains(invitation.token())
                      || line.contains(PortalHttp.PASSWORD));
    } finally {
      root.detachAppender(logs);
    }
  }

  @Test
  void a_session_ends_after_its_lifetime_and_sign_out_everywhere_ends_every_session() {
    Tenant tenant = server.newTenant("Sessions");
    String email = PortalHttp.addUser(server, tenant, "sessions@example.com");
    PortalHttp laptop = new PortalHttp(server.baseUrl());
    PortalHttp phone = new PortalHttp(server.baseUrl());
    assertThat(laptop.signIn(email, PortalHttp.PASSWORD).status()).isEqualTo(303);
    assertThat(phone.signIn(email, PortalHttp.PASSWORD).status()).isEqualTo(303);

    String csrf = laptop.get("/portal/test/account").csrf();
    assertThat(laptop.post("/portal/sign-out-everywhere", Map.of("csrf", csrf)).status())
        .isEqualTo(303);
    assertThat(phone.get("/portal/test/orders").location()).isEqualTo("/portal/sign-in");
    assertThat(laptop.get("/portal/test/orders").location()).isEqualTo("/portal/sign-in");

    assertThat(phone.signIn(email, PortalHttp.PASSWORD).status()).isEqualTo(303);
    clock.advance(PortalAccounts.SESSION_LIFETIME.plus(Duration.ofMinutes(1)));
    assertThat(phone.get("/portal/test/orders").status()).isEqualTo(303);
    assertThat(phone.get("/portal/test/orders").location()).isEqualTo("/portal/sign-in");
  }

  @Test
  void pages_forbid_inline_scripts_and_framing_and_cookies_are_http_only_and_same_site() {
    Tenant tenant = server.newTenant("Headers");
    String email = PortalHttp.addUser(server, tenant, "headers@example.com");
    PortalHttp http = new PortalHttp(server.baseUrl());

    PortalHttp.Page signIn = http.signIn(email, PortalHttp.PASSWORD);
    PortalHttp.Page orders = http.get("/portal/test/orders");

    String csp = orders.header("content-security-policy");
    assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(orders.header("x-frame-options")).isEqualTo("DENY");
    assertThat(orders.body()).doesNotContain("<script>").doesNotContain(" style=\"");
    assertThat(signIn.cookies())
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith(PortalRoutes.SESSION_COOKIE + "=")
                    .contains("HttpOnly", "SameSite=Lax")
                    .doesNotContain("Secure"));
  }

  @Test
  void behind_https_the_portal_cookies_are_secure() {
    try (TestServer https =
        TestServer.start(c -> c.withPublicUrl("https://portal.example"), clock)) {
      // a client on plain http never sends a Secure cookie back, so sign-in cannot complete here
      PortalHttp.Page form = new PortalHttp(https.baseUrl()).get("/portal/sign-in");

      assertThat(form.cookies())
          .anySatisfy(
              c ->
                  assertThat(c)
                      .startsWith(PortalRoutes.FORM_COOKIE + "=")
                      .contains("HttpOnly", "SameSite=Lax", "; Secure"));
    }
  }

  @Test
  void a_used_or_unknown_link_sets_no_password() {
    Tenant tenant = server.newTenant("Links");
    var invitation =
        server.app().portalAccounts().invite(tenant.partner().id(), "links@example.com");
    PortalHttp http = new PortalHttp(server.baseUrl());
    String csrf = http.get("/portal/welcome?token=" + invitation.token()).csrf();
    Map<String, String> form =
        Map.of(
            "csrf",
            csrf,
            "token",
            invitation.token(),
            "password",
            PortalHttp.PASSWORD,
            "repeat",
            PortalHttp.PASSWORD);

    assertThat(http.post("/portal/welcome", form).status()).isEqualTo(303);
    assertThat(http.post("/portal/welcome", form).status()).isEqualTo(404);
    assertThat(http.get("/portal/welcome?token=" + invitation.token()).status()).isEqualTo(404);
    assertThat(http.get("/portal/welcome?token=nonsense").status()).isEqualTo(404);
  }
}
