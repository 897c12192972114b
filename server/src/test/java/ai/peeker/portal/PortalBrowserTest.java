package ai.peeker.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.partners.Partner;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.PortalHttp;
import ai.peeker.testing.SettableClock;
import ai.peeker.testing.TestServer;
import ai.peeker.testing.WebhookReceiver;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal in a real headless Chromium: a developer signs in, creates a sandbox key, sets a
 * webhook URL to a real receiver, sends a test event and sees it delivered, places an order with
 * the new key over HTTP and watches it complete. Every page is screenshot into {@code
 * target/screenshots/} and checked with axe-core.
 */
class PortalBrowserTest {
  static TestServer server;
  static WebhookReceiver receiver;
  Browser browser;

  @BeforeAll
  static void start() {
    Browser.assumeChromium();
    server = TestServer.shared();
    receiver = WebhookReceiver.start("portal-hooks");
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = Browser.open(server.baseUrl());
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  /** A new partner with a portal user whose password is set; answers the user's email. */
  private static String newUser(Partner partner) {
    String email = "dev-" + System.nanoTime() + "@example.com";
    var invitation = server.app().portalAccounts().invite(partner.id(), email);
    PortalHttp http = new PortalHttp(server.baseUrl());
    var form = http.get("/portal/welcome?token=" + invitation.token());
    http.post(
        "/portal/welcome",
        java.util.Map.of(
            "csrf",
            form.csrf(),
            "token",
            invitation.token(),
            "password",
            PortalHttp.PASSWORD,
            "repeat",
            PortalHttp.PASSWORD));
    return email;
  }

  private void signIn(String email) {
    browser.go("/portal/sign-in");
    browser.type("#email", email);
    browser.type("#password", PortalHttp.PASSWORD);
    browser.submit("form");
    assertThat(browser.path()).isEqualTo("/portal/test/orders");
  }

  private void checkPage(String screenshot) {
    browser.screenshot(screenshot);
    assertThat(browser.seriousViolations()).as("axe-core on " + browser.path()).isEmpty();
  }

  @Test
  void the_link_sets_a_password_and_the_user_signs_in_and_out() {
    Partner partner = server.app().partners().create("Link Co");
    String email = "first-" + System.nanoTime() + "@example.com";
    var invitation = server.app().portalAccounts().invite(partner.id(), email);

    browser.go("/portal/welcome?token=" + invitation.token());
    checkPage("welcome");
    browser.type("#password", PortalHttp.PASSWORD);
    browser.type("#repeat", PortalHttp.PASSWORD);
    browser.submit("form");
    assertThat(browser.path()).isEqualTo("/portal/test/orders");
    assertThat(browser.text()).contains("Link Co", email);

    browser.click("header form button[type=submit]");
    assertThat(browser.text()).contains("You are signed out.");
    checkPage("sign-in");
    browser.type("#email", email);
    browser.type("#password", "not the password");
    browser.submit("form");
    assertThat(browser.text()).contains("Wrong email or password.");
    signIn(email);
  }

  @Test
  void a_developer_creates_a_key_gets_webhooks_and_watches_an_order_complete() {
    Partner partner = server.app().partners().create("Journey Inc");
    signIn(newUser(partner));

    // an API key, its secret shown once with a copy button
    browser.clickLink("API keys");
    browser.find("#preset").sendKeys("full");
    browser.submit("form[action='/portal/test/keys']");
    String secret = browser.find("#new-secret").getText();
    assertThat(secret).startsWith("pk_test_");
    assertThat(browser.find("button[data-copy=new-secret]").isDisplayed()).isTrue();
    browser.go("/portal/test/keys");
    assertThat(browser.driver.getPageSource()).doesNotContain(secret);
    checkPage("keys");

    // a webhook endpoint on a real receiver, a test event, the delivery log and the event
    browser.clickLink("Webhooks");
    browser.type("#url", receiver.url());
    browser.submit("form[action='/portal/test/webhooks']");
    assertThat(browser.find("#new-secret").getText()).startsWith("whsec_");
    browser.click("form[action='/portal/test/webhooks/test'] button");
    assertThat(browser.text()).contains("Test event", "delivered, HTTP 200");
    assertThat(receiver.received()).anyMatch(r -> r.type().equals("ping"));
    assertThat(browser.find("#deliveries").getText()).contains("ping", "delivered");
    checkPage("webhooks");
    // the filter refreshes the log in place through htmx (served locally, allowed by the CSP)
    assertThat(browser.script("return typeof htmx")).isEqualTo("object");
    browser.find("#state").sendKeys("failed");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(browser.find("#deliveries caption").getText()).contains("(failed)"));
    assertThat(browser.find("#deliveries").getText()).contains("No deliveries.");
    assertThat(browser.path()).isEqualTo("/portal/test/webhooks?state=failed");
    browser.go("/portal/test/webhooks");
    browser.find("#deliveries a").click();
    assertThat(browser.text()).contains("ping", "200");
    checkPage("webhook-event");
    browser.click("form[action$='/redeliver'] button");
    assertThat(browser.text()).contains("Sent again: delivered");

    // an order placed with the new key over HTTP, watched in the portal until it completes
    String orderId =
        server
            .api()
            .as(secret)
            .post("/partner/v1/orders", OrderBodies.custom(0, 1, OrderBodies.names("journey", 1)))
            .expect(201)
            .data()
            .path("id")
            .asText();
    browser.clickLink("Orders");
    assertThat(browser.find("#orders").getText()).contains(orderId);
    checkPage("orders");
    browser.clickLink(orderId);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              browser.driver.navigate().refresh();
              assertThat(browser.find("#order-status").getText()).isEqualTo("completed");
            });
    assertThat(browser.find("ol.timeline").getText()).contains("order.completed");
    checkPage("order");
    assertThat(receiver.received()).anyMatch(r -> r.type().equals("order.completed"));

    browser.clickLink("Pending actions");
    checkPage("pending-actions");
    browser.clickLink("Domains");
    assertThat(browser.text()).contains("journey-");
    checkPage("domains");
    browser.clickLink("Swaps");
    assertThat(browser.text()).contains("No swaps.");
    checkPage("swaps");
    browser.clickLink("Switch to Live");
    assertThat(browser.path()).isEqualTo("/portal/live/swaps");
    assertThat(browser.text()).doesNotContain("journey-");
    browser.clickLink("Account");
    checkPage("account");
  }

  @Test
  void a_form_sent_without_its_csrf_token_is_refused() {
    Partner partner = server.app().partners().create("Forged");
    signIn(newUser(partner));
    browser.go("/portal/test/keys");
    int rows = browser.all("tbody tr").size();

    browser.script(
        "document.querySelector(\"form[action='/portal/test/keys'] input[name=csrf]\").remove()");
    browser.submit("form[action='/portal/test/keys']");

    assertThat(browser.text()).contains("Form expired", "Nothing was changed");
    assertThat(server.app().partners().keys(partner.id())).isEmpty();
    browser.go("/portal/test/keys");
    assertThat(browser.all("tbody tr")).hasSize(rows);
  }

  @Test
  void another_partners_order_is_not_found() {
    Partner owner = server.app().partners().create("Owner Ltd");
    var key =
        server
            .app()
            .partners()
            .issueKey(
                owner.id(),
                ai.peeker.partners.Environment.TEST,
                ai.peeker.partners.Preset.FULL,
                600);
    String orderId =
        server
            .api()
            .as(key.secret())
            .post("/partner/v1/orders", OrderBodies.custom(0, 1, OrderBodies.names("other", 1)))
            .expect(201)
            .data()
            .path("id")
            .asText();
    signIn(newUser(server.app().partners().create("Snoop Ltd")));

    browser.go("/portal/test/orders/" + orderId);

    assertThat(browser.find("h1").getText()).isEqualTo("Not found");
    assertThat(browser.driver.getPageSource()).doesNotContain("other-");
  }

  @Test
  void an_expired_session_sends_the_user_to_sign_in() {
    SettableClock clock = SettableClock.startingNow();
    try (TestServer own = TestServer.start(c -> c, clock);
        Browser other = Browser.open(own.baseUrl())) {
      Partner partner = own.app().partners().create("Expiring");
      String email = "expiring-" + System.nanoTime() + "@example.com";
      var invitation = own.app().portalAccounts().invite(partner.id(), email);
      other.go("/portal/welcome?token=" + invitation.token());
      other.type("#password", PortalHttp.PASSWORD);
      other.type("#repeat", PortalHttp.PASSWORD);
      other.submit("form");
      assertThat(other.path()).isEqualTo("/portal/test/orders");

      clock.advance(PortalAccounts.SESSION_LIFETIME.plusMinutes(1));
      other.go("/portal/test/keys");

      assertThat(other.path()).isEqualTo("/portal/sign-in");
    }
  }
}
