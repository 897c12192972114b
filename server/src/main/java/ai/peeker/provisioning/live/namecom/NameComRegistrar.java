package ai.peeker.provisioning.live.namecom;

import ai.peeker.common.Json;
import ai.peeker.domains.LiveProvider;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.domains.Quote;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.Registrar;
import ai.peeker.provisioning.live.LiveSettings;
import ai.peeker.provisioning.live.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The registrar on Name.com's core API v1 (JSON, HTTP Basic with the API user and token):
 * availability through {@code POST /core/v1/domains:checkAvailability}, purchase through {@code
 * POST /core/v1/domains} with the quoted {@code purchasePrice}, nameservers through {@code
 * :setNameservers}. A purchase first asks whether the account holds the name already ({@code GET
 * /core/v1/domains/{name}}), so a repeated step never buys twice.
 */
public final class NameComRegistrar implements Registrar {
  private static final List<MailProviderKind> BOTH =
      List.of(MailProviderKind.GOOGLE, MailProviderKind.MICROSOFT);

  private final String base;
  private final Map<String, String> auth;
  private final ProviderHttp http;

  public NameComRegistrar(LiveSettings.NameCom settings, Duration timeout, MeterRegistry metrics) {
    this.base = settings.url() + "/core/v1";
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (settings.username() + ":" + settings.token()).getBytes(StandardCharsets.UTF_8));
    this.auth = Map.of("Authorization", "Basic " + basic);
    // Name.com allows 20 requests per second and 3,000 per hour per account
    this.http =
        new ProviderHttp(LiveProvider.NAMECOM, timeout, 20, metrics, NameComRegistrar::message);
  }

  /** Name.com's error body: {@code {"message":"…","details":"…"}}. */
  static String message(JsonNode body) {
    String message = body.path("message").asText("");
    String details = body.path("details").asText("");
    return details.isEmpty() ? message : message + ": " + details;
  }

  @Override
  public Quote quote(String domain) {
    return toQuote(domain, check(domain));
  }

  private static Quote toQuote(String domain, JsonNode result) {
    if (!result.path("purchasable").asBoolean(false)) {
      return new Quote(domain, Quote.Unavailable.TAKEN, 0, 0, "usd", List.of());
    }
    if (result.path("premium").asBoolean(false)) {
      return new Quote(domain, Quote.Unavailable.PREMIUM, 0, 0, "usd", List.of());
    }
    return new Quote(
        domain,
        null,
        cents(result.path("purchasePrice")),
        cents(result.path("renewalPrice")),
        "usd",
        BOTH);
  }

  /** Up to 50 names per checkAvailability call, as Name.com allows. */
  @Override
  public Map<String, Quote> quoteAll(List<String> domains) {
    Map<String, Quote> quotes = new java.util.LinkedHashMap<>();
    for (int from = 0; from < domains.size(); from += 50) {
      List<String> chunk = domains.subList(from, Math.min(domains.size(), from + 50));
      JsonNode answer = checkAvailability(chunk);
      Map<String, JsonNode> results = new java.util.HashMap<>();
      for (JsonNode r : answer.path("results")) {
        results.put(r.path("domainName").asText().toLowerCase(java.util.Locale.ROOT), r);
      }
      for (String name : chunk) {
        quotes.put(
            name,
            toQuote(
                name,
                results.getOrDefault(
                    name, Json.MAPPER.createObjectNode().put("purchasable", false))));
      }
    }
    return quotes;
  }

  /** One checkAvailability call for these names; quoting many and checking one both ask it. */
  private JsonNode checkAvailability(List<String> names) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    names.forEach(body.putArray("domainNames")::add);
    return http.send(
            "check_availability",
            "POST",
            URI.create(base + "/domains:checkAvailability"),
            auth,
            body)
        .orFail();
  }

  /** The checkAvailability result for one name (purchasable false when it is not listed). */
  private JsonNode check(String domain) {
    JsonNode answer = checkAvailability(List.of(domain));
    for (JsonNode result : answer.path("results")) {
      if (domain.equalsIgnoreCase(result.path("domainName").asText())) {
        return result;
      }
    }
    return Json.MAPPER.createObjectNode().put("purchasable", false);
  }

  @Override
  public Purchase purchase(Scope scope, String domain) {
    ProviderHttp.Reply held = http.get("get_domain", domainUri(domain, ""), auth);
    if (held.ok()) {
      return purchase(domain, held.json());
    }
    if (held.status() != 404) {
      throw held.refused();
    }
    JsonNode quote = check(domain);
    if (!quote.path("purchasable").asBoolean(false)) {
      throw ProviderFailure.permanent("namecom: " + domain + " can no longer be registered");
    }
    if (quote.path("premium").asBoolean(false)) {
      throw ProviderFailure.permanent("namecom: " + domain + " is a premium name");
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putObject("domain").put("domainName", domain);
    body.set("purchasePrice", quote.path("purchasePrice"));
    if (quote.hasNonNull("purchaseType")) {
      body.set("purchaseType", quote.path("purchaseType"));
    }
    body.put("years", 1);
    ProviderHttp.Reply created =
        http.send("create_domain", "POST", URI.create(base + "/domains"), auth, body);
    return purchase(domain, created.orFail().path("domain"));
  }

  @Override
  public void delegate(Scope scope, String domain, List<String> nameservers) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    var list = body.putArray("nameservers");
    nameservers.forEach(list::add);
    ProviderHttp.Reply reply =
        http.send("set_nameservers", "POST", domainUri(domain, ":setNameservers"), auth, body);
    if (reply.status() == 404) {
      return; // not a name of this account (imported): its owner points it
    }
    reply.orFail();
  }

  /** A read-only call that proves the credentials ({@code GET /core/v1/hello}). */
  public String hello() {
    JsonNode hello = http.get("hello", URI.create(base + "/hello"), auth).orFail();
    return "API user " + hello.path("username").asText("?");
  }

  private URI domainUri(String domain, String suffix) {
    return URI.create(base + "/domains/" + domain + suffix);
  }

  private static Purchase purchase(String domain, JsonNode d) {
    return new Purchase(domain, instant(d.path("createDate")), instant(d.path("expireDate")));
  }

  private static Instant instant(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.asText()).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static long cents(JsonNode dollars) {
    if (!dollars.isNumber()) {
      return 0;
    }
    return dollars.decimalValue().movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValue();
  }
}
