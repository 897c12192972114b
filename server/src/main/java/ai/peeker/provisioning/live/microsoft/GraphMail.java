package ai.peeker.provisioning.live.microsoft;

import ai.peeker.common.Json;
import ai.peeker.domains.LiveProvider;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.DnsRecord;
import ai.peeker.provisioning.MailProvider;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.live.LiveSettings;
import ai.peeker.provisioning.live.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft 365 through Microsoft Graph v1.0 as plain REST with an app-only token
 * (client-credentials grant against {@code PEEKER_MICROSOFT_LOGIN_URL}). Plain REST rather than the
 * Graph SDK: seven calls do not justify its generated model and its Azure identity stack, and every
 * call then goes through the same timeout, rate limit, metrics and error mapping as the other
 * providers. Domains: {@code POST /domains}, {@code verificationDnsRecords}, {@code verify}, {@code
 * serviceConfigurationRecords}; mailboxes: {@code POST /users} and {@code assignLicense}.
 */
public final class GraphMail implements MailProvider {
  private final LiveSettings.Microsoft settings;
  private final ProviderHttp http;
  private String token;
  private Instant tokenExpires = Instant.EPOCH;

  public GraphMail(LiveSettings.Microsoft settings, Duration timeout, MeterRegistry metrics) {
    this.settings = settings;
    // Graph throttles per app and tenant; stay well under its identity/directory limits
    this.http = new ProviderHttp(LiveProvider.MICROSOFT, timeout, 10, metrics, GraphMail::message);
  }

  /** Graph's error body: {@code {"error":{"code":"…","message":"…"}}}. */
  static String message(JsonNode body) {
    JsonNode error = body.path("error");
    if (error.isTextual()) { // the token endpoint: {"error":"invalid_client","error_description"}
      return error.asText() + ": " + body.path("error_description").asText("");
    }
    return error.path("code").asText("") + ": " + error.path("message").asText("");
  }

  @Override
  public MailProviderKind kind() {
    return MailProviderKind.MICROSOFT;
  }

  @Override
  public List<DnsRecord> addDomain(Scope scope, String domain) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("id", domain);
    ProviderHttp.Reply added = call("add_domain", "POST", "/domains", body);
    if (!added.ok() && !exists(added)) {
      throw added.refused();
    }
    List<DnsRecord> records = new ArrayList<>();
    JsonNode verification =
        call("verification_records", "GET", "/domains/" + domain + "/verificationDnsRecords", null)
            .orFail();
    for (JsonNode r : verification.path("value")) {
      if ("Txt".equalsIgnoreCase(r.path("recordType").asText())) {
        records.add(DnsRecord.txt("@", r.path("text").asText()));
      }
    }
    JsonNode service =
        call("service_records", "GET", "/domains/" + domain + "/serviceConfigurationRecords", null)
            .orFail();
    for (JsonNode r : service.path("value")) {
      String label = relative(r.path("label").asText(domain), domain);
      switch (r.path("recordType").asText().toLowerCase(Locale.ROOT)) {
        case "mx" ->
            records.add(
                new DnsRecord(
                    "MX", label, r.path("mailExchange").asText(), r.path("preference").asInt(0)));
        case "txt" -> records.add(DnsRecord.txt(label, r.path("text").asText()));
        case "cname" -> records.add(DnsRecord.cname(label, r.path("canonicalName").asText()));
        default -> {} // SRV records serve Skype for Business only
      }
    }
    return records;
  }

  @Override
  public boolean verifyDomain(Scope scope, String domain) {
    ProviderHttp.Reply reply =
        call("verify_domain", "POST", "/domains/" + domain + "/verify", null);
    if (reply.ok()) {
      return reply.json().path("isVerified").asBoolean(true);
    }
    if (reply.status() == 400) {
      return false; // the TXT record is not visible yet
    }
    throw reply.refused();
  }

  @Override
  public void createMailbox(Scope scope, String domain, Mailbox mailbox, String password) {
    ObjectNode user = Json.MAPPER.createObjectNode();
    user.put("accountEnabled", true);
    user.put("displayName", mailbox.displayName());
    user.put("givenName", mailbox.firstName());
    user.put("surname", mailbox.lastName());
    user.put("mailNickname", mailbox.address().substring(0, mailbox.address().indexOf('@')));
    user.put("userPrincipalName", mailbox.address());
    user.put("usageLocation", "US"); // a license needs a usage location
    ObjectNode profile = user.putObject("passwordProfile");
    profile.put("forceChangePasswordNextSignIn", false);
    profile.put("password", password);
    ProviderHttp.Reply created = call("create_user", "POST", "/users", user);
    if (!created.ok()) {
      if (!exists(created)) {
        throw created.refused();
      }
      ObjectNode patch = Json.MAPPER.createObjectNode();
      patch.set("passwordProfile", profile);
      patch.put("usageLocation", "US");
      call("update_user", "PATCH", "/users/" + encode(mailbox.address()), patch).orFail();
    }
    ObjectNode license = Json.MAPPER.createObjectNode();
    ObjectNode add = license.putArray("addLicenses").addObject();
    add.put("skuId", settings.skuId());
    add.putArray("disabledPlans");
    license.putArray("removeLicenses");
    call(
            "assign_license",
            "POST",
            "/users/" + encode(mailbox.address()) + "/assignLicense",
            license)
        .orFail();
  }

  /**
   * {@code PATCH /users/{address}} with the new user principal name, mail nickname and names: the
   * same user and mailbox, so its mail stays. A user no longer at {@code address} was renamed by an
   * earlier run: its names are set at the new address.
   */
  @Override
  public void renameMailbox(Scope scope, String domain, String address, Mailbox renamed) {
    ObjectNode user = Json.MAPPER.createObjectNode();
    user.put("userPrincipalName", renamed.address());
    user.put("mailNickname", renamed.address().substring(0, renamed.address().indexOf('@')));
    user.put("displayName", renamed.displayName());
    user.put("givenName", renamed.firstName());
    user.put("surname", renamed.lastName());
    ProviderHttp.Reply reply = call("rename_user", "PATCH", "/users/" + encode(address), user);
    if (reply.ok()) {
      return;
    }
    if (reply.status() != 404) {
      throw reply.refused();
    }
    user.remove("userPrincipalName");
    call("rename_user", "PATCH", "/users/" + encode(renamed.address()), user).orFail();
  }

  @Override
  public void removeDomain(Scope scope, String domain) {
    JsonNode users =
        call(
                "list_users",
                "GET",
                "/users?$filter="
                    + encode("endswith(userPrincipalName,'@" + domain + "')")
                    + "&$count=true",
                null)
            .orFail();
    for (JsonNode u : users.path("value")) {
      ProviderHttp.Reply deleted =
          call("delete_user", "DELETE", "/users/" + u.path("id").asText(), null);
      if (deleted.status() != 404) {
        deleted.orFail();
      }
    }
    ProviderHttp.Reply deleted = call("delete_domain", "DELETE", "/domains/" + domain, null);
    if (deleted.status() != 404) {
      deleted.orFail();
    }
  }

  /** A read-only call that proves the app's credentials ({@code GET /domains}). */
  public String listDomains() {
    JsonNode answer = call("list_domains", "GET", "/domains", null).orFail();
    return answer.path("value").size() + " domains in the tenant";
  }

  private ProviderHttp.Reply call(String operation, String method, String path, JsonNode body) {
    return http.send(
        operation,
        method,
        URI.create(settings.graphUrl() + path),
        Map.of("Authorization", "Bearer " + token(), "ConsistencyLevel", "eventual"),
        body);
  }

  /** Graph answers 400 (ObjectConflict, "already exists") or 409 for an existing object. */
  private static boolean exists(ProviderHttp.Reply reply) {
    String error = reply.error() == null ? "" : reply.error().toLowerCase(Locale.ROOT);
    return reply.status() == 409
        || (reply.status() == 400
            && (error.contains("already exists") || error.contains("objectconflict")));
  }

  /** The app-only token, fetched again a minute before it expires. */
  private synchronized String token() {
    if (token != null && Instant.now().isBefore(tokenExpires)) {
      return token;
    }
    String form =
        "client_id="
            + encode(settings.clientId())
            + "&client_secret="
            + encode(settings.clientSecret())
            + "&scope="
            + encode("https://graph.microsoft.com/.default")
            + "&grant_type=client_credentials";
    JsonNode answer =
        http.postForm(
                "token",
                URI.create(settings.loginUrl() + "/" + settings.tenantId() + "/oauth2/v2.0/token"),
                form)
            .orFail();
    if (!answer.hasNonNull("access_token")) {
      throw ProviderFailure.permanent("microsoft token endpoint answered no access_token");
    }
    token = answer.path("access_token").asText();
    tokenExpires =
        Instant.now().plusSeconds(Math.max(60, answer.path("expires_in").asLong(3600) - 60));
    return token;
  }

  private static String relative(String label, String domain) {
    if (label.equalsIgnoreCase(domain)) {
      return "@";
    }
    return label.endsWith("." + domain)
        ? label.substring(0, label.length() - domain.length() - 1)
        : label;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
