package ai.peeker.provisioning.live.smartlead;

import ai.peeker.common.Json;
import ai.peeker.domains.LiveProvider;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.Sequencer;
import ai.peeker.provisioning.live.LiveSettings;
import ai.peeker.provisioning.live.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sequencer on Smartlead's REST API ({@code api_key} query parameter): each inbox is saved to
 * the customer's client ({@code POST /email-accounts/save} with its SMTP/IMAP settings, login and
 * warmup on), unless the account lists it already ({@code GET /email-accounts/?username=…}).
 */
public final class SmartleadSequencer implements Sequencer {
  private final String base;
  private final String apiKey;
  private final ProviderHttp http;

  public SmartleadSequencer(
      LiveSettings.Smartlead settings, Duration timeout, MeterRegistry metrics) {
    this.base = settings.url();
    this.apiKey = settings.apiKey();
    // Smartlead allows 10 requests per 2 seconds per key
    this.http =
        new ProviderHttp(LiveProvider.SMARTLEAD, timeout, 5, metrics, SmartleadSequencer::message);
  }

  /** Smartlead's error body: {@code {"message":"…"}} (sometimes {@code error}). */
  static String message(JsonNode body) {
    String message = body.path("message").asText("");
    return message.isEmpty() ? body.path("error").asText("") : message;
  }

  @Override
  public void upload(Scope scope, Account account, List<Inbox> inboxes) {
    for (Inbox inbox : inboxes) {
      if (find(inbox.address()) != null) {
        continue;
      }
      if (inbox.password() == null) {
        throw ProviderFailure.permanent("no login is recorded for " + inbox.address());
      }
      boolean google = inbox.provider() == MailProviderKind.GOOGLE;
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.putNull("id");
      body.put("from_name", inbox.displayName());
      body.put("from_email", inbox.address());
      body.put("user_name", inbox.address());
      body.put("password", inbox.password());
      body.put("smtp_host", google ? "smtp.gmail.com" : "smtp.office365.com");
      body.put("smtp_port", 587);
      body.put("imap_host", google ? "imap.gmail.com" : "outlook.office365.com");
      body.put("imap_port", 993);
      body.put("type", "SMTP");
      body.put("max_email_per_day", google ? 20 : 250);
      body.put("warmup_enabled", true);
      body.put("total_warmup_per_day", 20);
      body.put("daily_rampup", 2);
      body.put("client_id", account.clientId());
      JsonNode saved =
          http.send(
                  "save_email_account",
                  "POST",
                  uri("/email-accounts/save", Map.of()),
                  Map.of(),
                  body)
              .orFail();
      if (saved.has("ok") && !saved.path("ok").asBoolean()) {
        throw ProviderFailure.permanent(
            "smartlead refused " + inbox.address() + ": " + message(saved));
      }
    }
  }

  @Override
  public void remove(Scope scope, long clientId, List<String> addresses) {
    for (String address : addresses) {
      JsonNode found = find(address);
      if (found != null) {
        ProviderHttp.Reply reply =
            http.delete(
                "delete_email_account",
                uri("/email-accounts/" + found.path("id").asLong(), Map.of()),
                Map.of());
        if (reply.status() != 404) {
          reply.orFail();
        }
      }
    }
  }

  /** A read-only call that proves the key (the first account listed). */
  public String listOne() {
    JsonNode answer =
        http.get("list_email_accounts", uri("/email-accounts/", Map.of("limit", "1")), Map.of())
            .orFail();
    return answer.isArray() ? "key accepted" : "unexpected answer";
  }

  /** The account saved for {@code address}, or null. */
  private JsonNode find(String address) {
    JsonNode answer =
        http.get(
                "list_email_accounts",
                uri("/email-accounts/", Map.of("username", address, "limit", "100")),
                Map.of())
            .orFail();
    for (JsonNode account : answer) {
      if (address.equalsIgnoreCase(account.path("from_email").asText())) {
        return account;
      }
    }
    return null;
  }

  private URI uri(String path, Map<String, String> query) {
    StringBuilder q = new StringBuilder("?api_key=").append(encode(apiKey));
    query.forEach((k, v) -> q.append('&').append(k).append('=').append(encode(v)));
    return URI.create(base + path + q);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
