package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.api.ErrorCode;
import ai.peeker.api.Fields;
import ai.peeker.domains.DomainNames;
import ai.peeker.users.SequencerProvider;
import ai.peeker.users.Users;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code POST /orders} body of either doc generation into an {@link OrderRequest}: types,
 * required keys, shape conflicts, domain syntax and duplicates. Rules that need the database
 * (users, bundles, availability, the plan's domain count) are {@link OrderPlacement}'s.
 *
 * <pre>{"user":"alex@acme.com","bundle_id":"bun_…","sequencer":{…},"domains":["acme-mail.com"],
 *  "personas":[{"first_name":"Sam","last_name":"Lee","profile_picture_url":null}]}</pre>
 */
final class OrderBody {
  static final Set<String> FIELDS =
      Set.of(
          "user",
          "user_id",
          "bundle_id",
          "google_licenses",
          "microsoft_licenses",
          "google_inboxes_per_domain",
          "sequencer",
          "forwarding_url",
          "domains",
          "personas",
          "users");
  static final int MAX_DOMAINS = 1000;
  static final int MAX_LICENSES = 10_000;
  static final int MAX_PERSONAS = 10;
  private static final int MAX_URL = 2048;
  private static final int MAX_NAME = 100;

  private OrderBody() {}

  static OrderRequest parse(Fields body) {
    body.allowOnly(FIELDS);
    checkShape(body);
    return new OrderRequest(
        customer(body),
        body.optionalString("bundle_id", 100),
        body.optionalInt("google_licenses", 0, MAX_LICENSES),
        body.optionalInt("microsoft_licenses", 0, MAX_LICENSES),
        body.optionalInt("google_inboxes_per_domain", 2, 3),
        sequencer(body),
        url(body, "forwarding_url"),
        domains(body),
        personas(body));
  }

  /** Mixed shapes are refused before anything else is read: they are the caller's real mistake. */
  private static void checkShape(Fields body) {
    if (present(body, "user") && present(body, "user_id")) {
      throw new ApiError(
          400, ErrorCode.ORDER_SHAPE_CONFLICT, "Send user or user_id, not both", "user", null);
    }
    Plan.checkShape(
        present(body, "bundle_id"),
        present(body, "google_licenses") || present(body, "microsoft_licenses"),
        present(body, "google_inboxes_per_domain"));
    if (present(body, "personas") && present(body, "users")) {
      throw ApiError.invalid("users", "Send personas (v2) or users (v1), not both");
    }
  }

  private static boolean present(Fields body, String name) {
    return body.has(name) && !body.isNull(name);
  }

  /** v2 {@code "user":"usr_…"|"email"}, v1 {@code "user":{email,…}} or v1 {@code "user_id"}. */
  private static OrderRequest.Customer customer(Fields body) {
    if (present(body, "user_id")) {
      return new OrderRequest.Customer(body.requiredString("user_id", 100), null, null, null);
    }
    JsonNode user = body.raw("user");
    if (user == null || user.isNull()) {
      throw ApiError.invalid("user", "'user' is required: a usr_ id or an email");
    }
    if (user.isObject()) {
      Fields v1 = Fields.of(user, "user").allowOnly(Set.of("email", "first_name", "last_name"));
      String email = v1.requiredString("email", 320);
      Users.checkEmail(email, "user.email");
      return new OrderRequest.Customer(
          null, email, v1.optionalString("first_name", MAX_NAME), v1.optionalString("last_name", MAX_NAME));
    }
    String value = body.requiredString("user", 320);
    if (value.regionMatches(true, 0, "usr_", 0, 4) && value.indexOf('@') < 0) {
      return new OrderRequest.Customer(value, null, null, null);
    }
    Users.checkEmail(value, "user");
    return new OrderRequest.Customer(null, value, null, null);
  }

  /** Required, with the login: a client id alone cannot upload inboxes. */
  private static OrderRequest.Sequencer sequencer(Fields body) {
    Fields s = body.optionalObject("sequencer");
    if (s == null) {
      throw ApiError.invalid("sequencer", "'sequencer' is required");
    }
    s.allowOnly(Set.of("provider", "client_id", "login_email", "login_password"));
    SequencerProvider provider =
        SequencerProvider.parse(s.requiredString("provider", 40), s.path("provider"));
    long clientId = s.requiredLong("client_id", 1, Long.MAX_VALUE);
    String loginEmail = s.requiredString("login_email", 320);
    Users.checkEmail(loginEmail, s.path("login_email"));
    return new OrderRequest.Sequencer(provider, clientId, loginEmail, password(s));
  }

  /** Taken as sent (spaces are part of a password); the message never repeats the value. */
  private static String password(Fields s) {
    String path = s.path("login_password");
    JsonNode value = s.raw("login_password");
    if (value == null || value.isNull()) {
      throw ApiError.invalid(path, "'" + path + "' is required");
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw ApiError.invalid(path, "'" + path + "' must be a non-empty string");
    }
    if (value.asText().length() > 500) {
      throw ApiError.invalid(path, "'" + path + "' is longer than 500 characters");
    }
    return value.asText();
  }

  private static List<OrderRequest.DomainEntry> domains(Fields body) {
    List<JsonNode> entries = body.requiredArray("domains", 1, MAX_DOMAINS);
    List<OrderRequest.DomainEntry> domains = new ArrayList<>(entries.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String path = body.element("domains", i);
      JsonNode entry = entries.get(i);
      String raw;
      String forwardingUrl = null;
      if (entry.isObject()) {
        Fields object = Fields.of(entry, path).allowOnly(Set.of("domain", "forwarding_url"));
        raw = object.requiredString("domain", 253);
        forwardingUrl = url(object, "forwarding_url");
      } else if (entry.isTextual()) {
        raw = Fields.text(entry, path, 253);
        if (raw == null) {
          throw ApiError.invalid(path, "'" + path + "' must be a domain name");
        }
      } else {
        throw ApiError.invalid(
            path, "'" + path + "' must be a domain name or {\"domain\",\"forwarding_url\"}");
      }
      String name = DomainNames.normalize(raw);
      if (name == null) {
        throw refused(raw.toLowerCase(Locale.ROOT), "invalid", "is not a valid domain name");
      }
      if (!seen.add(name)) {
        throw refused(name, "duplicate", "is listed more than once");
      }
      domains.add(new OrderRequest.DomainEntry(name, forwardingUrl, path));
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

  /** v2 {@code personas} (the picture key required) or v1 {@code users}: 1 to 10. */
  private static List<Order.Persona> personas(Fields body) {
    boolean v2 = body.has("personas") && !body.isNull("personas");
    String name = v2 || !body.has("users") || body.isNull("users") ? "personas" : "users";
    List<JsonNode> entries = body.optionalArray(name, 1, MAX_PERSONAS);
    if (entries == null) {
      throw ApiError.invalid("personas", "'personas' is required: 1 to 10 people the inboxes carry");
    }
    List<Order.Persona> personas = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Fields p =
          Fields.of(entries.get(i), body.element(name, i))
              .allowOnly(Set.of("first_name", "last_name", "profile_picture_url"));
      if (v2 && !p.has("profile_picture_url")) {
        throw ApiError.invalid(
            p.path("profile_picture_url"),
            "'" + p.path("profile_picture_url") + "' is required (a public image URL, null or \"\")");
      }
      personas.add(
          new Order.Persona(
              p.requiredString("first_name", MAX_NAME),
              p.requiredString("last_name", MAX_NAME),
              p.optionalString("profile_picture_url", MAX_URL)));
    }
    return personas;
  }

  /** An optional http(s) URL with a host. */
  private static String url(Fields fields, String name) {
    String value = fields.optionalString(name, MAX_URL);
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
    throw ApiError.invalid(fields.path(name), "'" + fields.path(name) + "' must be an http(s) URL");
  }
}
