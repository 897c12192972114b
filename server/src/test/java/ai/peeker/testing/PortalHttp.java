package ai.peeker.testing;

import ai.peeker.portal.PortalAccounts;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without JavaScript for the portal: keeps cookies, follows no redirects. */
public final class PortalHttp {
  public static final String PASSWORD = "correct horse battery staple";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient client;

  public PortalHttp(String base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public record Page(int status, String body, Map<String, List<String>> headers) {
    public String csrf() {
      Matcher m = CSRF.matcher(body);
      if (!m.find()) {
        throw new AssertionError("no CSRF field on the page:\n" + body);
      }
      return m.group(1);
    }

    public String location() {
      return headers.getOrDefault("location", List.of("")).getFirst();
    }

    public List<String> cookies() {
      return headers.getOrDefault("set-cookie", List.of());
    }

    public String header(String name) {
      return headers.getOrDefault(name, List.of("")).getFirst();
    }
  }

  public Page get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** A form POST; pass {@code "csrf"} in {@code form} as a browser would. */
  public Page post(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Page send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Page(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Signs in with a password; answers the response (303 on success). */
  public Page signIn(String email, String password) {
    String csrf = get("/portal/sign-in").csrf();
    return post("/portal/sign-in", Map.of("csrf", csrf, "email", email, "password", password));
  }

  /** Adds a portal user to the tenant's partner and sets their password through the link. */
  public static String addUser(TestServer server, Tenant tenant, String email) {
    PortalAccounts.Invitation invitation =
        server.app().portalAccounts().invite(tenant.partner().id(), email);
    PortalHttp http = new PortalHttp(server.baseUrl());
    Page form = http.get("/portal/welcome?token=" + invitation.token());
    if (form.status() != 200) {
      throw new AssertionError("welcome page: " + form.status());
    }
    Page done =
        http.post(
            "/portal/welcome",
            Map.of(
                "csrf",
                form.csrf(),
                "token",
                invitation.token(),
                "password",
                PASSWORD,
                "repeat",
                PASSWORD));
    if (done.status() != 303) {
      throw new AssertionError("setting the password: " + done.status() + "\n" + done.body());
    }
    return email;
  }

  /** A new user of the tenant's partner, signed in. */
  public static PortalHttp signedIn(TestServer server, Tenant tenant) {
    String email =
        "dev-"
            + System.nanoTime()
            + "@"
            + tenant.partner().id().toLowerCase(java.util.Locale.ROOT)
            + ".example";
    addUser(server, tenant, email);
    PortalHttp http = new PortalHttp(server.baseUrl());
    Page page = http.signIn(email, PASSWORD);
    if (page.status() != 303) {
      throw new AssertionError("sign-in: " + page.status() + "\n" + page.body());
    }
    return http;
  }
}
