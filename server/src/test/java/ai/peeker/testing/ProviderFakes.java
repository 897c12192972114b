package ai.peeker.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ai.peeker.common.Json;
import ai.peeker.provisioning.live.LiveSettings;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WireMock fakes of the five live providers, one server each. Their stubs answer with the
 * providers' documented response examples (names and ids filled in from the request), so a live
 * order provisions end to end against them; a test overrides a stub at a higher priority to make a
 * provider fail. Servers are started on free loopback ports.
 */
public final class ProviderFakes implements AutoCloseable {
  private static ProviderFakes shared;

  private final WireMockServer namecom = server();
  private final WireMockServer cloudflare = server();
  private final WireMockServer google = server();
  private final WireMockServer microsoft = server();
  private final WireMockServer smartlead = server();
  private final Path googleKey;

  private ProviderFakes() {
    for (WireMockServer s : all()) {
      s.start();
    }
    stubNameCom();
    stubCloudflare();
    stubGoogle();
    stubMicrosoft();
    stubSmartlead();
    googleKey = serviceAccountKey(google.baseUrl() + "/token");
  }

  /** Fakes shared by every test server of this JVM (call counts are not the test's own). */
  public static synchronized ProviderFakes shared() {
    if (shared == null) {
      shared = new ProviderFakes();
    }
    return shared;
  }

  /** Fakes of one's own, to count the calls one's own server makes. */
  public static ProviderFakes start() {
    return new ProviderFakes();
  }

  /** Every provider configured against these fakes. */
  public LiveSettings settings() {
    return LiveSettings.none()
        .withNameCom(new LiveSettings.NameCom(namecom.baseUrl(), "peeker-test", "namecom-token"))
        .withCloudflare(
            new LiveSettings.Cloudflare(
                cloudflare.baseUrl() + "/client/v4",
                "cloudflare-token",
                "023e105f4ecef8ad9ca31a8372d0c353"))
        .withGoogle(
            new LiveSettings.Google(
                googleKey, "admin@peeker-test.com", "my_customer", google.baseUrl()))
        .withMicrosoft(
            new LiveSettings.Microsoft(
                "tenant-1",
                "client-1",
                "microsoft-client-secret",
                "c7df2760-2c81-4ef7-b578-5b5392b571df",
                microsoft.baseUrl(),
                microsoft.baseUrl() + "/v1.0"))
        .withSmartlead(
            new LiveSettings.Smartlead(smartlead.baseUrl() + "/api/v1", "smartlead-api-key"));
  }

  public WireMockServer namecom() {
    return namecom;
  }

  public WireMockServer cloudflare() {
    return cloudflare;
  }

  public WireMockServer google() {
    return google;
  }

  public WireMockServer microsoft() {
    return microsoft;
  }

  public WireMockServer smartlead() {
    return smartlead;
  }

  public List<WireMockServer> all() {
    return List.of(namecom, cloudflare, google, microsoft, smartlead);
  }

  @Override
  public void close() {
    all().forEach(WireMockServer::stop);
  }

  private static WireMockServer server() {
    return new WireMockServer(
        options()
            .dynamicPort()
            .bindAddress("127.0.0.1")
            .templatingEnabled(true)
            .globalTemplating(true)
            .containerThreads(20));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static void stub(WireMockServer server, MappingBuilder request, int status, String body) {
    server.stubFor(request.atPriority(10).willReturn(json(status, body)));
  }

  // Name.com core API v1: docs.name.com API reference examples.
  private void stubNameCom() {
    stub(
        namecom,
        post(urlPathEqualTo("/core/v1/domains:checkAvailability")),
        200,
        """
        {"results":[{{#each (jsonPath request.body '$.domainNames') as |d|}}{{#unless @first}},{{/unless}}\
        {"domainName":"{{d}}","sld":"{{d}}","tld":"com",\
        {{#if (matches d '^taken-.*')}}"purchasable":false\
        {{else if (contains d 'premium')}}"purchasable":true,"premium":true,"purchasePrice":2500.00,\
        "purchaseType":"registration","renewalPrice":2500.00\
        {{else}}"purchasable":true,"premium":false,"purchasePrice":12.99,\
        "purchaseType":"registration","renewalPrice":14.99{{/if}} }\
        {{/each}}]}""");
    stub(
        namecom,
        get(urlPathMatching("/core/v1/domains/[^/:]+")),
        404,
        """
        {"message":"Not Found","details":"Requested domain does not exist in this account."}""");
    stub(
        namecom,
        post(urlPathEqualTo("/core/v1/domains")),
        200,
        """
        {"domain":{"domainName":"{{jsonPath request.body '$.domain.domainName'}}",\
        "createDate":"2023-01-15T14:30:00Z","expireDate":"2025-01-15T14:30:00Z",\
        "autorenewEnabled":true,"locked":true,"privacyEnabled":true,\
        "nameservers":["ns1.name.com","ns2.name.com"],"renewalPrice":14.99},\
        "order":123,"totalPaid":12.99}""");
    stub(
        namecom,
        post(urlPathMatching("/core/v1/domains/[^/]+:setNameservers")),
        200,
        """
        {"domainName":"{{request.pathSegments.[3]}}","createDate":"2023-01-15T14:30:00Z",\
        "expireDate":"2025-01-15T14:30:00Z","autorenewEnabled":true,"locked":true,\
        "privacyEnabled":true,"nameservers":{{jsonPath request.body '$.nameservers'}} }""");
    stub(
        namecom,
        get(urlPathEqualTo("/core/v1/hello")),
        200,
        """
        {"serverName":"Core API","motd":"Welcome","username":"peeker-test",\
        "serverTime":"2026-01-15T14:30:00Z"}""");
  }

  // Cloudflare API v4: developers.cloudflare.com API reference examples.
  private void stubCloudflare() {
    String api = "/client/v4";
    stub(
        cloudflare,
        get(urlPathEqualTo(api + "/zones")),
        200,
        """
        {"success":true,"errors":[],"messages":[],"result":[],\
        "result_info":{"count":0,"page":1,"per_page":20,"total_count":0}}""");
    stub(
        cloudflare,
        post(urlPathEqualTo(api + "/zones")),
        200,
        """
        {"success":true,"errors":[],"messages":[],"result":{\
        "id":"zone-{{jsonPath request.body '$.name'}}","name":"{{jsonPath request.body '$.name'}}",\
        "account":{"id":"{{jsonPath request.body '$.account.id'}}","name":"Peeker"},\
        "status":"pending","paused":false,"type":"full","development_mode":0,\
        "name_servers":["bob.ns.cloudflare.com","lola.ns.cloudflare.com"],\
        "original_name_servers":null,"created_on":"2014-01-01T05:20:00.12345Z",\
        "modified_on":"2014-01-01T05:20:00.12345Z","activated_on":null}}""");
    stub(
        cloudflare,
        get(urlPathMatching(api + "/zones/[^/]+/dns_records")),
        200,
        """
        {"success":true,"errors":[],"messages":[],"result":[],\
        "result_info":{"count":0,"page":1,"per_page":100,"total_count":0}}""");
    stub(
        cloudflare,
        post(urlPathMatching(api + "/zones/[^/]+/dns_records")),
        200,
        """
        {"success":true,"errors":[],"messages":[],"result":{\
        "id":"{{randomValue length=32 type='HEXADECIMAL'}}",\
        "name":"{{jsonPath request.body '$.name'}}","type":"{{jsonPath request.body '$.type'}}",\
        "content":"{{jsonPath request.body '$.content'}}","proxiable":true,"proxied":false,\
        "ttl":1,"created_on":"2014-01-01T05:20:00.12345Z","modified_on":"2014-01-01T05:20:00.12345Z"}}""");
    stub(
        cloudflare,
        delete(urlPathMatching(api + "/zones/[^/]+/dns_records/[^/]+")),
        200,
        """
        {"result":{"id":"{{request.pathSegments.[5]}}"}}""");
    stub(
        cloudflare,
        put(
            urlPathMatching(
                api + "/zones/[^/]+/rulesets/phases/http_request_dynamic_redirect/entrypoint")),
        200,
        """
        {"success":true,"errors":[],"messages":[],"result":{"id":"2f2feab2026849078ba485f918791bdc",\
        "kind":"zone","name":"default","phase":"http_request_dynamic_redirect",\
        "rules":{{jsonPath request.body '$.rules'}},"version":"1",\
        "last_updated":"2000-01-01T00:00:00.000000Z"}}""");
    stub(
        cloudflare,
        get(urlPathEqualTo(api + "/user/tokens/verify")),
        200,
        """
        {"success":true,"errors":[],"messages":[],\
        "result":{"id":"ed17574386854bf78a67040be0a770b0","status":"active"}}""");
  }

  // Admin SDK Directory API and Site Verification API: developers.google.com reference examples.
  private void stubGoogle() {
    stub(
        google,
        post(urlPathEqualTo("/token")),
        200,
        """
        {"access_token":"ya29.fake-google-access-token","expires_in":3599,"token_type":"Bearer"}""");
    stub(
        google,
        post(urlPathEqualTo("/admin/directory/v1/customer/my_customer/domains")),
        200,
        """
        {"kind":"admin#directory#domains","etag":"\\"e1\\"",\
        "domainName":"{{jsonPath request.body '$.domainName'}}","isPrimary":false,\
        "verified":false,"creationTime":"1700000000000"}""");
    stub(
        google,
        get(urlPathEqualTo("/admin/directory/v1/customer/my_customer/domains")),
        200,
        """
        {"kind":"admin#directory#domains","domains":[{"domainName":"peeker-test.com",\
        "isPrimary":true,"verified":true}]}""");
    stub(
        google,
        delete(urlPathMatching("/admin/directory/v1/customer/my_customer/domains/[^/]+")),
        204,
        "");
    stub(
        google,
        post(urlPathEqualTo("/siteVerification/v1/token")),
        200,
        """
        {"method":"DNS_TXT",\
        "token":"google-site-verification=fake-{{jsonPath request.body '$.site.identifier'}}"}""");
    stub(
        google,
        post(urlPathEqualTo("/siteVerification/v1/webResource")),
        200,
        """
        {"id":"dns%3A%2F%2F{{jsonPath request.body '$.site.identifier'}}",\
        "site":{"type":"INET_DOMAIN","identifier":"{{jsonPath request.body '$.site.identifier'}}"},\
        "owners":["admin@peeker-test.com"]}""");
    stub(
        google,
        post(urlPathEqualTo("/admin/directory/v1/users")),
        200,
        """
        {"kind":"admin#directory#user","id":"{{randomValue length=21 type='NUMERIC'}}",\
        "primaryEmail":"{{jsonPath request.body '$.primaryEmail'}}",\
        "name":{"givenName":"{{jsonPath request.body '$.name.givenName'}}",\
        "familyName":"{{jsonPath request.body '$.name.familyName'}}"},\
        "isAdmin":false,"suspended":false,"changePasswordAtNextLogin":false}""");
    stub(
        google,
        put(urlPathMatching("/admin/directory/v1/users/[^/]+")),
        200,
        """
        {"kind":"admin#directory#user","primaryEmail":"{{request.pathSegments.[3]}}"}""");
    stub(
        google,
        get(urlPathEqualTo("/admin/directory/v1/users")),
        200,
        """
        {"kind":"admin#directory#users","users":[]}""");
  }

  // Microsoft Graph v1.0 and the identity platform: learn.microsoft.com reference examples.
  private void stubMicrosoft() {
    stub(
        microsoft,
        post(urlPathMatching("/[^/]+/oauth2/v2.0/token")),
        200,
        """
        {"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,\
        "access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-graph-token"}""");
    stub(
        microsoft,
        post(urlPathEqualTo("/v1.0/domains")),
        201,
        """
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#domains/$entity",\
        "authenticationType":"Managed","availabilityStatus":null,\
        "id":"{{jsonPath request.body '$.id'}}","isAdminManaged":true,"isDefault":false,\
        "isInitial":false,"isRoot":true,"isVerified":false,"supportedServices":[],\
        "passwordValidityPeriodInDays":null,"passwordNotificationWindowInDays":null}""");
    stub(
        microsoft,
        get(urlPathEqualTo("/v1.0/domains")),
        200,
        """
        {"value":[{"id":"peekertest.onmicrosoft.com","isVerified":true}]}""");
    stub(
        microsoft,
        get(urlPathMatching("/v1.0/domains/[^/]+/verificationDnsRecords")),
        200,
        """
        {"value":[{"@odata.type":"#microsoft.graph.domainDnsTxtRecord","isOptional":false,\
        "label":"{{request.pathSegments.[2]}}","recordType":"Txt","supportedService":"Email",\
        "ttl":3600,"text":"MS=ms81476982"},\
        {"@odata.type":"#microsoft.graph.domainDnsMxRecord","isOptional":false,\
        "label":"{{request.pathSegments.[2]}}","recordType":"Mx","supportedService":"Email",\
        "ttl":3600,"mailExchange":"ms81476982.msv1.invalid","preference":32767}]}""");
    stub(
        microsoft,
        get(urlPathMatching("/v1.0/domains/[^/]+/serviceConfigurationRecords")),
        200,
        """
        {"value":[{"@odata.type":"#microsoft.graph.domainDnsMxRecord","isOptional":false,\
        "label":"{{request.pathSegments.[2]}}","recordType":"Mx","supportedService":"Email",\
        "ttl":3600,"mailExchange":"{{replace request.pathSegments.[2] '.' '-'}}.mail.protection.outlook.com",\
        "preference":0},\
        {"@odata.type":"#microsoft.graph.domainDnsTxtRecord","isOptional":false,\
        "label":"{{request.pathSegments.[2]}}","recordType":"Txt","supportedService":"Email",\
        "ttl":3600,"text":"v=spf1 include:spf.protection.outlook.com -all"},\
        {"@odata.type":"#microsoft.graph.domainDnsCnameRecord","isOptional":false,\
        "label":"autodiscover.{{request.pathSegments.[2]}}","recordType":"CName",\
        "supportedService":"Email","ttl":3600,"canonicalName":"autodiscover.outlook.com"}]}""");
    stub(
        microsoft,
        post(urlPathMatching("/v1.0/domains/[^/]+/verify")),
        200,
        """
        {"authenticationType":"Managed","id":"{{request.pathSegments.[2]}}","isAdminManaged":true,\
        "isDefault":false,"isInitial":false,"isRoot":true,"isVerified":true,\
        "supportedServices":["Email"]}""");
    stub(
        microsoft,
        post(urlPathEqualTo("/v1.0/users")),
        201,
        """
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users/$entity",\
        "id":"87d349ed-44d7-43e1-9a83-5f2406dee5bd",\
        "displayName":"{{jsonPath request.body '$.displayName'}}",\
        "userPrincipalName":"{{jsonPath request.body '$.userPrincipalName'}}"}""");
    stub(
        microsoft,
        post(urlPathMatching("/v1.0/users/[^/]+/assignLicense")),
        200,
        """
        {"id":"87d349ed-44d7-43e1-9a83-5f2406dee5bd","displayName":"Inbox",\
        "userPrincipalName":"{{request.pathSegments.[2]}}"}""");
    stub(
        microsoft,
        get(urlPathEqualTo("/v1.0/users")),
        200,
        """
        {"value":[]}""");
    stub(microsoft, delete(urlPathMatching("/v1.0/domains/[^/]+")), 204, "");
  }

  // Smartlead API: api.smartlead.ai reference examples.
  private void stubSmartlead() {
    stub(smartlead, get(urlPathEqualTo("/api/v1/email-accounts/")), 200, "[]");
    stub(
        smartlead,
        post(urlPathEqualTo("/api/v1/email-accounts/save")),
        200,
        """
        {"ok":true,"message":"Email account added successfully","data":{\
        "id":{{randomValue length=6 type='NUMERIC'}},\
        "from_email":"{{jsonPath request.body '$.from_email'}}",\
        "is_smtp_success":true,"is_imap_success":true,\
        "warmup_details":{"status":"ACTIVE","total_warmup_per_day":20} } }""");
    smartlead.stubFor(
        any(urlPathMatching("/api/v1/email-accounts/[0-9]+"))
            .atPriority(10)
            .willReturn(json(200, "{\"ok\":true}")));
  }

  /** A service-account key file whose token_uri is the Google fake (a fresh RSA key). */
  private static Path serviceAccountKey(String tokenUri) {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      var pair = generator.generateKeyPair();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                  .encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Map<String, String> key = new LinkedHashMap<>();
      key.put("type", "service_account");
      key.put("project_id", "peeker-test");
      key.put("private_key_id", "0123456789abcdef");
      key.put("private_key", pem);
      key.put("client_email", "peeker@peeker-test.iam.gserviceaccount.com");
      key.put("client_id", "100000000000000000001");
      key.put("token_uri", tokenUri);
      Path file = Files.createTempFile("peeker-google-key", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, Json.MAPPER.writeValueAsString(key));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
