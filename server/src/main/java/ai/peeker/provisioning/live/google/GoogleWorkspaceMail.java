package ai.peeker.provisioning.live.google;

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
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Google Workspace through the Admin SDK Directory API and the Site Verification API, as REST on
 * the same client as the other providers (timeouts, rate limit, metrics, error mapping), with the
 * root URL from {@code PEEKER_GOOGLE_API_URL}. The token comes from google-auth-library: the
 * service account's key signs a JWT grant (at the key file's own {@code token_uri}) impersonating
 * the configured admin through domain-wide delegation. Google's generated API clients were not
 * used: they need the google-api-client stack besides, for four resources.
 */
public final class GoogleWorkspaceMail implements MailProvider {
  static final List<String> SCOPES =
      List.of(
          "https://www.googleapis.com/auth/admin.directory.domain",
          "https://www.googleapis.com/auth/admin.directory.user",
          "https://www.googleapis.com/auth/siteverification");

  private final LiveSettings.Google settings;
  private final GoogleCredentials credentials;
  private final ProviderHttp http;

  public GoogleWorkspaceMail(
      LiveSettings.Google settings, Duration timeout, MeterRegistry metrics) {
    this.settings = settings;
    try (InputStream key = Files.newInputStream(settings.credentials())) {
      this.credentials =
          ServiceAccountCredentials.fromStream(key)
              .createScoped(SCOPES)
              .createDelegated(settings.adminEmail());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "PEEKER_GOOGLE_CREDENTIALS is not a service-account key: " + e.getMessage(), e);
    }
    // the Directory API allows 2,400 queries per minute per user: 40 per second
    this.http =
        new ProviderHttp(LiveProvider.GOOGLE, timeout, 20, metrics, GoogleWorkspaceMail::message);
  }

  /**
   * Google's error body: {@code {"error":{"code":409,"message":"…","errors":[{"reason":…}]}}}; the
   * token endpoint's: {@code {"error":"invalid_grant","error_description":"…"}}.
   */
  static String message(JsonNode body) {
    JsonNode error = body.path("error");
    if (error.isTextual()) {
      return error.asText() + ": " + body.path("error_description").asText("");
    }
    String reason = error.path("errors").path(0).path("reason").asText("");
    String message = error.path("message").asText("");
    return reason.isEmpty() ? message : reason + ": " + message;
  }

  @Override
  public MailProviderKind kind() {
    return MailProviderKind.GOOGLE;
  }

  @Override
  public List<DnsRecord> addDomain(Scope scope, String domain) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("domainName", domain);
    ProviderHttp.Reply added = call("insert_domain", "POST", directory("/domains"), body);
    if (!added.ok() && added.status() != 409) {
      throw added.refused();
    }
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.putObject("site").put("type", "INET_DOMAIN").put("identifier", domain);
    request.put("verificationMethod", "DNS_TXT");
    JsonNode token =
        call("verification_token", "POST", siteVerification("/token"), request).orFail();
    return List.of(
        DnsRecord.txt("@", token.path("token").asText()),
        DnsRecord.mx("smtp.google.com", 1),
        DnsRecord.txt("@", "v=spf1 include:_spf.google.com ~all"));
  }

  @Override
  public boolean verifyDomain(Scope scope, String domain) {
    ObjectNode resource = Json.MAPPER.createObjectNode();
    resource.putObject("site").put("type", "INET_DOMAIN").put("identifier", domain);
    ProviderHttp.Reply reply =
        call(
            "verify_site",
            "POST",
            siteVerification("/webResource?verificationMethod=DNS_TXT"),
            resource);
    if (reply.ok()) {
      return true;
    }
    if (reply.status() == 400) {
      return false; // the token is not visible in DNS yet
    }
    throw reply.refused();
  }

  @Override
  public void createMailbox(Scope scope, String domain, Mailbox mailbox, String password) {
    ObjectNode user = Json.MAPPER.createObjectNode();
    user.put("primaryEmail", mailbox.address());
    user.putObject("name")
        .put("givenName", blankless(mailbox.firstName()))
        .put("familyName", blankless(mailbox.lastName()));
    user.put("password", password);
    user.put("changePasswordAtNextLogin", false);
    ProviderHttp.Reply created = call("insert_user", "POST", directoryRoot("/users"), user);
    if (created.ok()) {
      return;
    }
    if (created.status() != 409) {
      throw created.refused();
    }
    // it exists (a step repeated after a crash): it takes this password and these names
    user.remove("primaryEmail");
    call("update_user", "PUT", directoryRoot("/users/" + encode(mailbox.address())), user).orFail();
  }

  /**
   * {@code users.update} with the new primary address and names; Google keeps the old address as an
   * alias, and the mailbox keeps its mail. A mailbox no longer at {@code address} was renamed by an
   * earlier run: its names are set at the new address.
   */
  @Override
  public void renameMailbox(Scope scope, String domain, String address, Mailbox renamed) {
    ObjectNode user = Json.MAPPER.createObjectNode();
    user.put("primaryEmail", renamed.address());
    user.putObject("name")
        .put("givenName", blankless(renamed.firstName()))
        .put("familyName", blankless(renamed.lastName()));
    ProviderHttp.Reply reply =
        call("rename_user", "PUT", directoryRoot("/users/" + encode(address)), user);
    if (reply.ok()) {
      return;
    }
    if (reply.status() != 404) {
      throw reply.refused();
    }
    user.remove("primaryEmail");
    call("rename_user", "PUT", directoryRoot("/users/" + encode(renamed.address())), user).orFail();
  }

  @Override
  public void removeDomain(Scope scope, String domain) {
    JsonNode users =
        call(
                "list_users",
                "GET",
                directoryRoot("/users?domain=" + encode(domain) + "&maxResults=500"),
                null)
            .orFail();
    for (JsonNode u : users.path("users")) {
      ProviderHttp.Reply deleted =
          call(
              "delete_user",
              "DELETE",
              directoryRoot("/users/" + encode(u.path("primaryEmail").asText())),
              null);
      if (deleted.status() != 404) {
        deleted.orFail();
      }
    }
    ProviderHttp.Reply deleted =
        call("delete_domain", "DELETE", directory("/domains/" + encode(domain)), null);
    if (deleted.status() != 404) {
      deleted.orFail();
    }
  }

  /** A read-only call that proves the delegation ({@code domains.list}). */
  public String listDomains() {
    JsonNode answer = call("list_domains", "GET", directory("/domains"), null).orFail();
    return answer.path("domains").size() + " domains in the customer";
  }

  private ProviderHttp.Reply call(String operation, String method, URI uri, JsonNode body) {
    return http.send(operation, method, uri, Map.of("Authorization", "Bearer " + token()), body);
  }

  private URI directory(String path) {
    return URI.create(
        settings.apiUrl() + "/admin/directory/v1/customer/" + encode(settings.customerId()) + path);
  }

  private URI directoryRoot(String path) {
    return URI.create(settings.apiUrl() + "/admin/directory/v1" + path);
  }

  private URI siteVerification(String path) {
    return URI.create(settings.apiUrl() + "/siteVerification/v1" + path);
  }

  private String token() {
    try {
      synchronized (credentials) {
        credentials.refreshIfExpired();
        AccessToken token = credentials.getAccessToken();
        if (token == null) {
          throw ProviderFailure.permanent("google issued no access token");
        }
        return token.getTokenValue();
      }
    } catch (IOException e) {
      // google-auth words a refused grant as "Error getting access token … 400 …"
      String text = String.valueOf(e.getMessage());
      if (text.contains("400") || text.contains("401") || text.contains("invalid_grant")) {
        throw ProviderFailure.permanent("google refused the service-account token: " + text);
      }
      throw ProviderFailure.transientFailure("google token endpoint failed: " + text);
    }
  }

  private static String blankless(String name) {
    return name == null || name.isBlank() ? "-" : name;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
