package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.api.ErrorCode;
import ai.peeker.api.FieldError;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.common.Change;
import ai.peeker.common.WireValue;
import ai.peeker.domains.DomainNames;
import ai.peeker.users.SequencerProvider;
import ai.peeker.users.Users;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A {@code POST /orders} body of either doc generation, folded into an {@link OrderRequest}: v2
 * sends {@code "user":"usr_…"|"email"} and {@code personas} (the picture key required), v1 sends
 * {@code "user":{email,…}} or {@code user_id}, and {@code users}. Checks shape conflicts, lengths,
 * ranges, domain syntax and duplicates; rules that need the database (users, bundles, availability,
 * the plan's domain count) are {@link OrderPlacement}'s.
 *
 * <pre>{"user":"alex@acme.com","bundle_id":"bun_…","sequencer":{…},"domains":["acme-mail.com"],
 *  "personas":[{"first_name":"Sam","last_name":"Lee","profile_picture_url":null}]}</pre>
 */
record OrderBody(
    Customer user,
    String userId,
    String bundleId,
    Long googleLicenses,
    Long microsoftLicenses,
    Long googleInboxesPerDomain,
    Sequencer sequencer,
    String forwardingUrl,
    List<Domain> domains,
    List<Persona> personas,
    List<Persona> users) {
  static final Set<String> FIELDS =
      Stream.of(OrderBody.class.getRecordComponents())
          .map(c -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(c.getName()))
          .collect(Collectors.toSet());
  static final int MAX_DOMAINS = 1000;
  static final int MAX_LICENSES = 10_000;
  static final int MAX_PERSONAS = 10;
  private static final int MAX_URL = 2048;
  private static final int MAX_NAME = 100;

  static OrderRequest read(ObjectNode json) {
    return JsonBody.bind(json, OrderBody.class, OrderBody::checkShape).request();
  }

  /** Mixed shapes are refused before any value is read: they are the caller's real mistake. */
  private static void checkShape(ObjectNode json) {
    Predicate<String> sent = json::hasNonNull;
    if (sent.test("user") && sent.test("user_id")) {
      throw new ApiError(
          400, ErrorCode.ORDER_SHAPE_CONFLICT, "Send user or user_id, not both", "user", null);
    }
    Plan.checkShape(
        sent.test("bundle_id"),
        sent.test("google_licenses") || sent.test("microsoft_licenses"),
        sent.test("google_inboxes_per_domain"));
    if (sent.test("personas") && sent.test("users")) {
      throw ApiError.invalid("users", "Send personas (v2) or users (v1), not both");
    }
  }

  OrderBody {
    if (userId != null) {
      userId = Fields.required(Fields.text(userId, "user_id", 100), "user_id");
    } else if (user == null) {
      throw ApiError.invalid("user", "'user' is required: a usr_ id or an email");
    }
    bundleId = Fields.text(bundleId, "bundle_id", 100);
    Fields.range(googleLicenses, "google_licenses", 0, MAX_LICENSES);
    Fields.range(microsoftLicenses, "microsoft_licenses", 0, MAX_LICENSES);
    Fields.range(googleInboxesPerDomain, "google_inboxes_per_domain", 2, 3);
    Fields.required(sequencer, "sequencer");
    forwardingUrl = url(forwardingUrl, "forwarding_url");
    domains = distinct(Fields.size(Fields.required(domains, "domains"), "domains", 1, MAX_DOMAINS));
    String people = personas != null || users == null ? "personas" : "users";
    if (Fields.size(personas != null ? personas : users, people, 1, MAX_PERSONAS) == null) {
      throw ApiError.invalid(
          "personas", "'personas' is required: 1 to 10 people the inboxes carry");
    }
    for (int i = 0; personas != null && i < personas.size(); i++) {
      if (!personas.get(i).profilePictureUrl().present()) {
        throw new FieldError(
            "personas[" + i + "].profile_picture_url",
            "is required (a public image URL, null or \"\")");
      }
    }
  }

  OrderRequest request() {
    return new OrderRequest(
        userId != null ? new OrderRequest.Customer(userId, null, null, null) : user.customer(),
        bundleId,
        toInt(googleLicenses),
        toInt(microsoftLicenses),
        toInt(googleInboxesPerDomain),
        sequencer.request(),
        forwardingUrl,
        IntStream.range(0, domains.size())
            .mapToObj(
                i ->
                    new OrderRequest.DomainEntry(
                        domains.get(i).domain(),
                        domains.get(i).forwardingUrl(),
                        "domains[" + i + "]"))
            .toList(),
        (personas != null ? personas : users).stream().map(Persona::person).toList());
  }

  /** Normalised names, each once. */
  private static List<Domain> distinct(List<Domain> entries) {
    List<Domain> domains = new ArrayList<>(entries.size());
    Set<String> seen = new HashSet<>();
    for (Domain entry : entries) {
      String name = DomainNames.normalize(entry.domain());
      if (name == null) {
        throw refused(
            entry.domain().toLowerCase(Locale.ROOT), "invalid", "is not a valid domain name");
      }
      if (!seen.add(name)) {
        throw refused(name, "duplicate", "is listed more than once");
      }
      domains.add(new Domain(name, entry.forwardingUrl()));
    }
    return domains;
  }

  /** A domain the order cannot use: always field "domains", details naming it and why. */
  static ApiError refused(String domain, String reason, String what) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("domain", domain);
    details.put("reason", reason);
    return ApiError.invalid("domains", "Domain " + domain + " " + what, details);
  }

  /** An optional http(s) URL with a host. */
  private static String url(String raw, String field) {
    String value = Fields.text(raw, field, MAX_URL);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return value;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw new FieldError(field, "must be an http(s) URL");
  }

  private static Integer toInt(Long value) {
    return value == null ? null : value.intValue();
  }

  /** v2 {@code "usr_…"} or an email; v1 {@code {"email","first_name","last_name"}}. */
  @JsonClassDescription("a string")
  record Customer(String userId, String email, String firstName, String lastName) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Customer v1(
        @JsonProperty("email") String email,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName) {
      email = Fields.required(Fields.text(email, "email", 320), "email");
      Users.checkEmail(email, "email");
      return new Customer(
          null,
          email,
          Fields.text(firstName, "first_name", MAX_NAME),
          Fields.text(lastName, "last_name", MAX_NAME));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Customer v2(String text) {
      String value = Fields.required(Fields.text(text, "", 320), "");
      if (value.regionMatches(true, 0, "usr_", 0, 4) && value.indexOf('@') < 0) {
        return new Customer(value, null, null, null);
      }
      Users.checkEmail(value, "");
      return new Customer(null, value, null, null);
    }

    OrderRequest.Customer customer() {
      return new OrderRequest.Customer(userId, email, firstName, lastName);
    }
  }

  /** Required, with the login: a client id alone cannot upload inboxes. */
  record Sequencer(String provider, long clientId, String loginEmail, String loginPassword) {
    /** {@code client_id} null or {@code ""}: the partner's default client. */
    @com.fasterxml.jackson.annotation.JsonCreator(
        mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.PROPERTIES)
    Sequencer(
        @com.fasterxml.jackson.annotation.JsonProperty("provider") String provider,
        @com.fasterxml.jackson.annotation.JsonProperty("client_id")
            com.fasterxml.jackson.databind.JsonNode clientId,
        @com.fasterxml.jackson.annotation.JsonProperty("login_email") String loginEmail,
        @com.fasterxml.jackson.annotation.JsonProperty("login_password") String loginPassword) {
      this(
          provider,
          ai.peeker.users.SequencerClients.parse(clientId, "client_id"),
          loginEmail,
          loginPassword);
    }

    Sequencer {
      provider = Fields.required(Fields.text(provider, "provider", 40), "provider");
      SequencerProvider.parse(provider, "provider");
      loginEmail = Fields.required(Fields.text(loginEmail, "login_email", 320), "login_email");
      Users.checkEmail(loginEmail, "login_email");
      // taken as sent (spaces are part of a password); no message repeats the value
      if (Fields.required(loginPassword, "login_password").isEmpty()) {
        throw new FieldError("login_password", "must be a non-empty string");
      }
      if (loginPassword.length() > 500) {
        throw new FieldError("login_password", "is longer than 500 characters");
      }
    }

    OrderRequest.Sequencer request() {
      return new OrderRequest.Sequencer(
          WireValue.of(SequencerProvider.class, provider), clientId, loginEmail, loginPassword);
    }

    @Override
    public String toString() {
      return "Sequencer[provider=" + provider + ", clientId=" + clientId + ", login=<redacted>]";
    }
  }

  /** {@code "acme-mail.com"} or {@code {"domain":"acme-mail.com","forwarding_url":"https://…"}}. */
  @JsonClassDescription("a domain name or {\"domain\",\"forwarding_url\"}")
  record Domain(String domain, String forwardingUrl) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    Domain {
      domain = Fields.required(Fields.text(domain, "domain", 253), "domain");
      forwardingUrl = url(forwardingUrl, "forwarding_url");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Domain named(String text) {
      String name = Fields.text(text, "", 253);
      if (name == null) {
        throw new FieldError("", "must be a domain name");
      }
      return new Domain(name, null);
    }
  }

  /** One person the inboxes carry; v2 requires the picture key, which {@code Change} tells. */
  record Persona(String firstName, String lastName, Change<String> profilePictureUrl) {
    Persona {
      firstName = Fields.required(Fields.text(firstName, "first_name", MAX_NAME), "first_name");
      lastName = Fields.required(Fields.text(lastName, "last_name", MAX_NAME), "last_name");
      profilePictureUrl =
          profilePictureUrl.map(url -> Fields.text(url, "profile_picture_url", MAX_URL));
    }

    Order.Persona person() {
      return new Order.Persona(firstName, lastName, profilePictureUrl.value());
    }
  }
}
