package ai.peeker.provisioning;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.common.Json;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.OrderBodies;
import ai.peeker.testing.ProviderFakes;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live orders end to end against WireMock fakes of all five providers, configured through the live
 * settings: the provider calls made, their count, and what a provider's 429, 5xx or permanent
 * refusal does to the order.
 */
class LiveProvisioningTest {
  static ProviderFakes fakes;
  static TestServer server;
  static Db db;

  @BeforeAll
  static void start() {
    fakes = ProviderFakes.start();
    server =
        TestServer.start(
            c ->
                c.withLive(
                    fakes.settings().withTiming(Duration.ofSeconds(5), Duration.ofMillis(200))),
            Clock.systemUTC());
    db = new Db(server);
  }

  @AfterAll
  static void stop() {
    server.close();
    fakes.close();
  }

  @Test
  void a_live_order_for_a_google_and_a_microsoft_domain_completes_through_every_provider()
      throws Exception {
    Tenant t = server.newTenant("Live order");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    List<String> names = OrderBodies.names("live", 2); // [0] serves Microsoft, [1] Google
    JsonNode quotes =
        live.post(
                "/domains/availability",
                Map.of("domains", List.of(names.get(0), "taken-live.com", "premium-live.com")))
            .expect(200)
            .data()
            .path("domains");
    assertThat(quotes.get(0).path("price_cents").asLong()).isEqualTo(1299);
    assertThat(quotes.get(0).path("renewal_price_cents").asLong()).isEqualTo(1499);
    assertThat(quotes.get(1).path("reason").asText()).isEqualTo("taken");
    assertThat(quotes.get(2).path("reason").asText()).isEqualTo("premium");
    assertThat(count(fakes.namecom(), postRequestedFor(urlPathEqualTo(CHECK))))
        .as("live availability asks the registrar")
        .isGreaterThanOrEqualTo(3);

    // every log line of the order, request and response bodies included (debug level)
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    var peeker = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ai.peeker");
    var bodies =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(ai.peeker.provisioning.live.ProviderHttp.class);
    peeker.addAppender(logs);
    bodies.setLevel(ch.qos.logback.classic.Level.DEBUG);
    Map<String, Object> body = OrderBodies.custom(2, 1, names);
    body.put(
        "personas",
        List.of(OrderBodies.persona("Sam", "Lee"), OrderBodies.persona("Alex", "Rivera")));
    String orderId = live.post("/orders", body).expect(201).data().path("id").asText();
    JsonNode order;
    try {
      order = awaitStatus(live, orderId, "completed", Duration.ofSeconds(60));
    } finally {
      peeker.detachAppender(logs);
      bodies.setLevel(null);
    }
    String logged =
        logs.list.stream()
            .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
            .reduce("", (a, b) -> a + "\n" + b);
    assertThat(logged).as("bodies were logged, masked").contains("\"password\":\"********\"");

    // Name.com: each name looked up in the account, bought once, pointed at Cloudflare
    for (String name : names) {
      assertThat(count(fakes.namecom(), getRequestedFor(urlPathEqualTo(DOMAINS + "/" + name))))
          .isGreaterThanOrEqualTo(1);
      assertThat(
              count(
                  fakes.namecom(),
                  postRequestedFor(urlPathMatching(DOMAINS + "/" + name + ":setNameservers"))
                      .withRequestBody(containing("lola.ns.cloudflare.com"))))
          .isEqualTo(1);
    }
    for (String name : names) {
      List<LoggedRequest> purchases =
          fakes
              .namecom()
              .findAll(postRequestedFor(urlPathEqualTo(DOMAINS)).withRequestBody(containing(name)));
      assertThat(purchases).as("purchases of " + name).hasSize(1);
      assertThat(purchases.get(0).getBodyAsString()).contains("\"purchasePrice\":12.99");
    }

    // Cloudflare: two zones with MX, SPF, DMARC and the providers' verification records
    for (String name : names) {
      assertThat(
              count(
                  fakes.cloudflare(),
                  postRequestedFor(urlPathEqualTo(CF + "/zones"))
                      .withRequestBody(containing("\"" + name + "\""))))
          .isEqualTo(1);
    }
    for (String name : names) {
      List<String> records =
          fakes
              .cloudflare()
              .findAll(
                  postRequestedFor(urlPathEqualTo(CF + "/zones/zone-" + name + "/dns_records")))
              .stream()
              .map(LoggedRequest::getBodyAsString)
              .toList();
      assertThat(records).anyMatch(r -> r.contains("\"type\":\"MX\""));
      assertThat(records).anyMatch(r -> r.contains("v=spf1"));
      assertThat(records).anyMatch(r -> r.contains("\"name\":\"_dmarc." + name + "\""));
      assertThat(records)
          .anyMatch(r -> r.contains("google-site-verification=") || r.contains("MS=ms81476982"));
      assertThat(records).anyMatch(r -> r.contains("\"proxied\":true")); // forwarding placeholder
    }
    assertThat(records(names.get(0))).anyMatch(r -> r.contains("MS=ms81476982"));
    assertThat(records(names.get(1))).anyMatch(r -> r.contains("google-site-verification="));

    // Google: one domain, two users; Graph: one domain, one user, one license
    assertThat(
            count(
                fakes.google(),
                postRequestedFor(urlPathEqualTo(GOOGLE_DOMAINS))
                    .withRequestBody(containing(names.get(1)))))
        .isEqualTo(1);
    assertThat(
            count(
                fakes.google(),
                postRequestedFor(urlPathEqualTo(GOOGLE_USERS))
                    .withRequestBody(containing(names.get(1)))))
        .isEqualTo(2);
    assertThat(
            count(
                fakes.microsoft(),
                postRequestedFor(urlPathEqualTo("/v1.0/domains"))
                    .withRequestBody(containing(names.get(0)))))
        .isEqualTo(1);
    assertThat(
            count(
                fakes.microsoft(),
                postRequestedFor(urlPathEqualTo("/v1.0/users"))
                    .withRequestBody(containing(names.get(0)))))
        .isEqualTo(1);
    assertThat(
            count(
                fakes.microsoft(),
                postRequestedFor(
                        urlPathMatching("/v1.0/users/.*" + names.get(0) + "/assignLicense"))
                    .withRequestBody(containing("c7df2760-2c81-4ef7-b578-5b5392b571df"))))
        .isEqualTo(1);

    // Smartlead: three accounts for the customer's client, each with its mailbox's password
    List<LoggedRequest> saves =
        fakes
            .smartlead()
            .findAll(
                postRequestedFor(urlPathEqualTo("/api/v1/email-accounts/save"))
                    .withRequestBody(matching(".*(" + names.get(0) + "|" + names.get(1) + ").*")));
    assertThat(saves).hasSize(3);
    Map<String, String> passwords = new HashMap<>();
    for (LoggedRequest save : saves) {
      JsonNode account = Json.MAPPER.readTree(save.getBodyAsString());
      assertThat(account.path("client_id").asLong()).isEqualTo(366903);
      assertThat(account.path("warmup_enabled").asBoolean()).isTrue();
      passwords.put(account.path("from_email").asText(), account.path("password").asText());
    }
    for (LoggedRequest user :
        fakes
            .google()
            .findAll(
                postRequestedFor(urlPathEqualTo(GOOGLE_USERS))
                    .withRequestBody(containing(names.get(1))))) {
      JsonNode u = Json.MAPPER.readTree(user.getBodyAsString());
      assertThat(passwords.get(u.path("primaryEmail").asText()))
          .as("the sequencer gets the password the mailbox was created with")
          .isEqualTo(u.path("password").asText());
    }

    // DKIM has no API: each live domain says which records are still manual
    for (JsonNode d : live.get("/domains?per_page=100").expect(200).data()) {
      String expected =
          d.path("provider").asText().equals("google")
              ? "google._domainkey." + d.path("domain").asText()
              : "selector1._domainkey." + d.path("domain").asText();
      assertThat(
              live.get("/domains/" + d.path("id").asText())
                  .expect(200)
                  .data()
                  .path("manual_dns_records")
                  .toString())
          .contains(expected);
    }

    assertThat(order.path("manual_dns_records").toString())
        .contains("google._domainkey." + names.get(1))
        .contains("selector1._domainkey." + names.get(0));

    // no generated password in a response, an event or an unsealed column
    String everything =
        order.toString()
            + live.get("/orders/" + orderId).expect(200).body()
            + live.get("/domains?per_page=100").expect(200).body()
            + db.rows("SELECT * FROM events WHERE partner_id = ?", t.partner().id())
            + db.rows("SELECT * FROM inboxes WHERE partner_id = ?", t.partner().id());
    assertThat(passwords.values())
        .hasSize(3)
        .allSatisfy(p -> assertThat(everything).doesNotContain(p));
    assertThat(everything).doesNotContain(OrderBodies.PASSWORD);
    assertThat(passwords.values()).allSatisfy(p -> assertThat(logged).doesNotContain(p));
    assertThat(logged)
        .doesNotContain(OrderBodies.PASSWORD)
        .doesNotContain("namecom-token")
        .doesNotContain("cloudflare-token")
        .doesNotContain("microsoft-client-secret")
        .doesNotContain("smartlead-api-key")
        .doesNotContain("fake-graph-token")
        .doesNotContain("fake-google-access-token");
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM sandbox_registrations WHERE partner_id = ?",
                t.partner().id()))
        .isZero();
  }

  @Test
  void a_429_with_retry_after_delays_the_step_and_the_order_still_completes() throws Exception {
    Tenant t = server.newTenant("Live 429");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    List<String> names = OrderBodies.names("limited", 1);
    fakes
        .google()
        .stubFor(
            post(urlPathEqualTo(GOOGLE_DOMAINS))
                .withRequestBody(containing(names.get(0)))
                .inScenario("429 " + names.get(0))
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("answered")
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "2")
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            """
                            {"error":{"code":429,"message":"Quota exceeded for quota metric 'Queries'",\
                            "errors":[{"message":"Quota exceeded","domain":"global",\
                            "reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""")));
    String orderId =
        live.post("/orders", OrderBodies.custom(2, 0, names))
            .expect(201)
            .data()
            .path("id")
            .asText();
    awaitStatus(live, orderId, "completed", Duration.ofSeconds(60));
    List<LoggedRequest> inserts =
        fakes
            .google()
            .findAll(
                postRequestedFor(urlPathEqualTo(GOOGLE_DOMAINS))
                    .withRequestBody(containing(names.get(0))));
    assertThat(inserts).hasSize(2);
    long waited =
        inserts.get(1).getLoggedDate().getTime() - inserts.get(0).getLoggedDate().getTime();
    assertThat(waited).as("ms between the 429 and the next try").isGreaterThanOrEqualTo(2000);
  }

  @Test
  void a_storm_of_5xx_pauses_the_step_and_the_order_then_completes() {
    Tenant t = server.newTenant("Live 5xx");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    List<String> names = OrderBodies.names("storm", 1);
    String scenario = "storm " + names.get(0);
    String[] states = {Scenario.STARTED, "second", "third", "over"};
    for (int i = 0; i < 3; i++) {
      fakes
          .smartlead()
          .stubFor(
              post(urlPathEqualTo("/api/v1/email-accounts/save"))
                  .withRequestBody(containing(names.get(0)))
                  .inScenario(scenario)
                  .whenScenarioStateIs(states[i])
                  .willSetStateTo(states[i + 1])
                  .atPriority(1)
                  .willReturn(
                      aResponse()
                          .withStatus(503)
                          .withHeader("Content-Type", "application/json")
                          .withBody("{\"message\":\"Service temporarily unavailable\"}")));
    }
    String orderId =
        live.post("/orders", OrderBodies.custom(0, 1, names))
            .expect(201)
            .data()
            .path("id")
            .asText();
    awaitStatus(live, orderId, "completed", Duration.ofSeconds(60));
    assertThat(
            count(
                fakes.smartlead(),
                postRequestedFor(urlPathEqualTo("/api/v1/email-accounts/save"))
                    .withRequestBody(containing(names.get(0)))))
        .isEqualTo(4);
  }

  @Test
  void a_permanent_refusal_fails_the_domain_with_the_providers_message() {
    Tenant t = server.newTenant("Live 4xx");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    List<String> names = OrderBodies.names("refused", 1);
    fakes
        .namecom()
        .stubFor(
            post(urlPathEqualTo(DOMAINS))
                .withRequestBody(containing(names.get(0)))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            """
                            {"message":"Invalid Argument",\
                            "details":"Registrant contact email has not been verified"}""")));
    String orderId =
        live.post("/orders", OrderBodies.custom(0, 1, names))
            .expect(201)
            .data()
            .path("id")
            .asText();
    awaitStatus(live, orderId, "failed", Duration.ofSeconds(30));
    assertThat(db.strings("SELECT last_error FROM domain_workflows WHERE order_id = ?", orderId))
        .singleElement()
        .asString()
        .contains("namecom refused create_domain (400)")
        .contains("Registrant contact email has not been verified");
    assertThat(
            count(
                fakes.namecom(),
                postRequestedFor(urlPathEqualTo(DOMAINS))
                    .withRequestBody(containing(names.get(0)))))
        .isEqualTo(1);
  }

  @Test
  void a_step_repeated_after_a_crash_finds_its_earlier_effect_and_repeats_nothing() {
    Tenant t = server.newTenant("Live repeat");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    List<String> names = OrderBodies.names("again", 2); // [0] Microsoft, [1] Google
    for (String name : names) {
      // the account holds the name already (Name.com's GetDomain example)
      fakes
          .namecom()
          .stubFor(
              com.github.tomakehurst.wiremock.client.WireMock.get(
                      urlPathEqualTo(DOMAINS + "/" + name))
                  .atPriority(1)
                  .willReturn(
                      json(
                          200,
                          """
                          {"domainName":"%s","createDate":"2023-01-15T14:30:00Z",\
                          "expireDate":"2025-01-15T14:30:00Z","autorenewEnabled":true,\
                          "locked":true,"privacyEnabled":true,\
                          "nameservers":["bob.ns.cloudflare.com","lola.ns.cloudflare.com"]}"""
                              .formatted(name))));
      // the sequencer lists every inbox of the name as saved
      fakes
          .smartlead()
          .stubFor(
              com.github.tomakehurst.wiremock.client.WireMock.get(
                      urlPathEqualTo("/api/v1/email-accounts/"))
                  .withQueryParam("username", matching(".*@" + name.replace(".", "\\.")))
                  .atPriority(1)
                  .willReturn(
                      json(
                          200,
                          """
                          [{"id":123,"from_email":"{{request.query.username}}",\
                          "username":"{{request.query.username}}","type":"SMTP",\
                          "client_id":366903}]""")));
    }
    String duplicate =
        """
        {"error":{"code":409,"message":"Entity already exists.","errors":[{"message":\
        "Entity already exists.","domain":"global","reason":"duplicate"}]}}""";
    fakes
        .google()
        .stubFor(
            post(urlPathEqualTo(GOOGLE_DOMAINS))
                .withRequestBody(containing(names.get(1)))
                .atPriority(1)
                .willReturn(json(409, duplicate)));
    fakes
        .google()
        .stubFor(
            post(urlPathEqualTo(GOOGLE_USERS))
                .withRequestBody(containing(names.get(1)))
                .atPriority(1)
                .willReturn(json(409, duplicate)));
    fakes
        .microsoft()
        .stubFor(
            post(urlPathEqualTo("/v1.0/users"))
                .withRequestBody(containing(names.get(0)))
                .atPriority(1)
                .willReturn(
                    json(
                        400,
                        """
                        {"error":{"code":"Request_BadRequest","message":"Another object with the\
                         same value for property userPrincipalName already exists.",\
                        "details":[{"code":"ObjectConflict","target":"userPrincipalName"}]}}""")));
    fakes
        .microsoft()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.patch(
                    urlPathMatching("/v1.0/users/.*" + names.get(0)))
                .atPriority(1)
                .willReturn(aResponse().withStatus(204)));

    Map<String, Object> body = OrderBodies.custom(2, 1, names);
    String orderId = live.post("/orders", body).expect(201).data().path("id").asText();
    awaitStatus(live, orderId, "completed", Duration.ofSeconds(60));

    for (String name : names) {
      assertThat(
              count(
                  fakes.namecom(),
                  postRequestedFor(urlPathEqualTo(DOMAINS)).withRequestBody(containing(name))))
          .as("a held name is not bought again")
          .isZero();
      assertThat(
              count(
                  fakes.smartlead(),
                  postRequestedFor(urlPathEqualTo("/api/v1/email-accounts/save"))
                      .withRequestBody(containing(name))))
          .as("a saved inbox is not saved again")
          .isZero();
    }
    assertThat(
            count(
                fakes.google(),
                com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                        urlPathMatching(GOOGLE_USERS + "/.*"))
                    .withRequestBody(containing("password"))))
        .as("an existing Google user takes the new password instead of a second user")
        .isGreaterThanOrEqualTo(2);
    assertThat(
            count(
                fakes.microsoft(),
                com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                    urlPathMatching("/v1.0/users/.*" + names.get(0)))))
        .isEqualTo(1);
    assertThat(
            count(
                fakes.microsoft(),
                postRequestedFor(
                    urlPathMatching("/v1.0/users/.*" + names.get(0) + "/assignLicense"))))
        .isEqualTo(1);
  }

  @Test
  void a_zone_limit_answers_a_live_import_with_429_cloudflare_account_capacity() throws Exception {
    Tenant t = server.newTenant("Live capacity");
    Api.As live = server.api().as(t.key(Environment.LIVE, Preset.FULL));
    String name = OrderBodies.names("full", 1).get(0);
    fakes
        .cloudflare()
        .stubFor(
            post(urlPathEqualTo(CF + "/zones"))
                .withRequestBody(containing(name))
                .atPriority(1)
                .willReturn(
                    json(
                        400,
                        """
                        {"success":false,"errors":[{"code":1105,"message":"You have reached\
                         the maximum number of pending zones. Activate existing zones before\
                         adding more."}],"messages":[],"result":null}""")));
    JsonNode error =
        live.post("/domains/import", Map.of("domains", List.of(name)))
            .expectError(429, "rate_limited", null)
            .json()
            .path("error");
    assertThat(error.path("details").path("reason").asText())
        .isEqualTo("cloudflare_account_capacity");

    // every provider call is counted per provider and operation
    var metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern(
            "peeker_provider_calls_seconds_count\\{.*operation=\"create_zone\".*outcome=\"400\".*provider=\"cloudflare\"");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static final String CHECK = "/core/v1/domains:checkAvailability";
  private static final String DOMAINS = "/core/v1/domains";
  private static final String CF = "/client/v4";
  private static final String GOOGLE_DOMAINS = "/admin/directory/v1/customer/my_customer/domains";
  private static final String GOOGLE_USERS = "/admin/directory/v1/users";

  private static List<String> records(String zone) {
    return fakes
        .cloudflare()
        .findAll(postRequestedFor(urlPathEqualTo(CF + "/zones/zone-" + zone + "/dns_records")))
        .stream()
        .map(LoggedRequest::getBodyAsString)
        .toList();
  }

  private static int count(WireMockServer fake, RequestPatternBuilder pattern) {
    return fake.findAll(pattern).size();
  }

  private static JsonNode awaitStatus(Api.As as, String orderId, String status, Duration within) {
    JsonNode[] last = {null};
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              last[0] = as.get("/orders/" + orderId).expect(200).data();
              assertThat(last[0].path("status").asText())
                  .as(
                      "order status; workflows: %s",
                      db.rows(
                          "SELECT step, last_error FROM domain_workflows WHERE order_id = ?",
                          orderId))
                  .isEqualTo(status);
            });
    return last[0];
  }
}
