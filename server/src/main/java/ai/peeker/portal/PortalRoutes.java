package ai.peeker.portal;

import ai.peeker.api.ApiError;
import ai.peeker.common.Cursor;
import ai.peeker.common.PageSlice;
import ai.peeker.common.WireValue;
import ai.peeker.domains.DomainCategory;
import ai.peeker.events.DeliveryState;
import ai.peeker.orders.OrderStatus;
import ai.peeker.orders.PendingActionStatus;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.swaps.SwapStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The partner portal's pages under {@code /portal}: sign-in, then per environment {@code
 * /portal/test/keys}, {@code …/webhooks}, {@code …/orders}, {@code …/pending}, {@code …/domains}.
 * Every POST carries the CSRF token of the session (or, before sign-in, of the form cookie); every
 * answer forbids framing and inline scripts. Secrets appear only in the answer to the POST that
 * created them, never in a URL.
 */
public final class PortalRoutes {
  static final String SESSION_COOKIE = "peeker_session";
  static final String FORM_COOKIE = "peeker_form";
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none';"
          + " object-src 'none'";

  private final PortalAccounts accounts;
  private final Portal portal;
  private final Templates templates;
  private final boolean secureCookies;
  private final String css = resource("portal/portal.css");
  private final String js = resource("portal/portal.js");
  private final String htmx = htmx();

  /**
   * @param secureCookies true behind https ({@code PEEKER_PUBLIC_URL} starts with https): cookies
   *     are then sent over https only
   */
  public PortalRoutes(
      PortalAccounts accounts, Portal portal, Templates templates, boolean secureCookies) {
    this.accounts = accounts;
    this.portal = portal;
    this.templates = templates;
    this.secureCookies = secureCookies;
  }

  /** What a signed-in page does, given its session and environment. */
  @FunctionalInterface
  private interface Page {
    void handle(Context ctx, Frame frame) throws Exception;
  }

  public void register(RoutesConfig routes) {
    routes.before("/portal/*", PortalRoutes::headers);
    routes.before("/portal", PortalRoutes::headers);
    routes.get("/portal", ctx -> ctx.redirect("/portal/test/orders", HttpStatus.SEE_OTHER));
    routes.get("/portal/assets/portal.css", ctx -> asset(ctx, "text/css", css));
    routes.get("/portal/assets/portal.js", ctx -> asset(ctx, "text/javascript", js));
    routes.get("/portal/assets/htmx.min.js", ctx -> asset(ctx, "text/javascript", htmx));
    routes.get("/portal/sign-in", this::signInForm);
    routes.post("/portal/sign-in", this::signIn);
    routes.get("/portal/welcome", this::welcomeForm);
    routes.post("/portal/welcome", this::welcome);
    routes.post("/portal/sign-out", ctx -> guarded(ctx, false, this::signOut));
    routes.post("/portal/sign-out-everywhere", ctx -> guarded(ctx, false, this::signOutEverywhere));

    page(routes, HandlerType.GET, "/account", "account", "Account", this::account);
    page(routes, HandlerType.GET, "/keys", "keys", "API keys", this::keys);
    page(routes, HandlerType.POST, "/keys", "keys", "API keys", this::createKey);
    page(routes, HandlerType.GET, "/keys/{id}/revoke", "keys", "Revoke key", this::confirmRevoke);
    page(routes, HandlerType.POST, "/keys/{id}/revoke", "keys", "Revoke key", this::revoke);
    page(routes, HandlerType.GET, "/webhooks", "webhooks", "Webhooks", this::webhooks);
    page(routes, HandlerType.POST, "/webhooks", "webhooks", "Webhooks", this::setWebhook);
    page(routes, HandlerType.POST, "/webhooks/rotate", "webhooks", "Webhooks", this::rotate);
    page(routes, HandlerType.POST, "/webhooks/test", "webhooks", "Webhooks", this::testEvent);
    page(routes, HandlerType.GET, "/webhooks/events/{id}", "webhooks", "Event", this::event);
    page(
        routes,
        HandlerType.POST,
        "/webhooks/events/{id}/redeliver",
        "webhooks",
        "Event",
        this::redeliver);
    page(routes, HandlerType.GET, "/orders", "orders", "Orders", this::orders);
    page(routes, HandlerType.GET, "/orders/{id}", "orders", "Order", this::order);
    page(routes, HandlerType.GET, "/orders/{id}/cancel", "orders", "Cancel order", this::confirm);
    page(routes, HandlerType.POST, "/orders/{id}/cancel", "orders", "Cancel order", this::cancel);
    page(routes, HandlerType.GET, "/pending", "pending", "Pending actions", this::pending);
    page(routes, HandlerType.GET, "/domains", "domains", "Domains", this::domains);
    page(routes, HandlerType.GET, "/swaps", "swaps", "Swaps", this::swaps);
  }

  // ---- the frame every page goes through -------------------------------------------------

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private void page(
      RoutesConfig routes,
      HandlerType method,
      String path,
      String section,
      String title,
      Page page) {
    routes.addHttpHandler(
        method,
        "/portal/{env}" + path,
        ctx ->
            guarded(
                ctx,
                true,
                (c, session) -> {
                  Environment environment = environment(c.pathParam("env"));
                  if (environment == null) {
                    message(c, 404, "Not found", "There is no such page.", null);
                    return;
                  }
                  page.handle(c, new Frame(title, section, environment, session));
                }));
  }

  @FunctionalInterface
  private interface SessionPage {
    void handle(Context ctx, Session session) throws Exception;
  }

  /**
   * Signed-in requests only: without a session a GET goes to sign-in and a POST is refused; a POST
   * without the session's CSRF token is refused before anything changes. Errors become pages.
   */
  private void guarded(Context ctx, boolean allowGet, SessionPage page) throws Exception {
    Optional<Session> session = accounts.session(ctx.cookie(SESSION_COOKIE));
    boolean post = ctx.method() == HandlerType.POST;
    if (session.isEmpty()) {
      if (post || !allowGet) {
        message(
            ctx, 403, "Signed out", "Your session has ended. Sign in again.", "/portal/sign-in");
      } else {
        ctx.redirect("/portal/sign-in", HttpStatus.SEE_OTHER);
      }
      return;
    }
    if (post && !PortalAccounts.csrfMatches(session.get(), ctx.formParam("csrf"))) {
      message(
          ctx,
          403,
          "Form expired",
          "This form was not sent from your open portal page. Nothing was changed.",
          null);
      return;
    }
    try {
      page.handle(ctx, session.get());
    } catch (ApiError e) {
      message(ctx, e.status(), e.status() == 404 ? "Not found" : "Not done", e.getMessage(), null);
    } catch (IllegalArgumentException e) {
      message(ctx, 400, "Not done", e.getMessage(), null);
    } catch (IllegalStateException e) {
      message(ctx, 409, "Not done", e.getMessage(), null);
    }
  }

  private void render(Context ctx, int status, String template, Map<String, Object> params) {
    ctx.status(status).contentType("text/html; charset=utf-8");
    ctx.result(templates.render(template, params));
  }

  private void message(Context ctx, int status, String title, String message, String link) {
    Map<String, Object> params = new HashMap<>();
    params.put("title", title);
    params.put("message", message);
    params.put("link", link);
    render(ctx, status, "message", params);
  }

  private static void asset(Context ctx, String type, String body) {
    ctx.header("Cache-Control", "max-age=3600");
    ctx.contentType(type + "; charset=utf-8").result(body);
  }

  // ---- accounts ------------------------------------------------------------------------

  private void signInForm(Context ctx) {
    if (accounts.session(ctx.cookie(SESSION_COOKIE)).isPresent()) {
      ctx.redirect("/portal/test/orders", HttpStatus.SEE_OTHER);
      return;
    }
    String notice = ctx.queryParam("signed_out") != null ? "You are signed out." : null;
    signInPage(ctx, 200, "", null, notice);
  }

  private void signInPage(Context ctx, int status, String email, String error, String notice) {
    Map<String, Object> params = new HashMap<>();
    params.put("csrf", formToken(ctx));
    params.put("email", email);
    params.put("error", error);
    params.put("notice", notice);
    render(ctx, status, "sign_in", params);
  }

  private void signIn(Context ctx) {
    if (!formTokenMatches(ctx)) {
      return;
    }
    String email = text(ctx.formParam("email"));
    var result = accounts.signIn(email, ctx.formParam("password"), ctx.ip());
    switch (result) {
      case PortalAccounts.SignIn.Success s -> {
        setSessionCookie(ctx, s.session());
        ctx.redirect("/portal/test/orders", HttpStatus.SEE_OTHER);
      }
      case PortalAccounts.SignIn.WrongCredentials w ->
          signInPage(ctx, 401, email, "Wrong email or password.", null);
      case PortalAccounts.SignIn.Throttled t -> {
        ctx.header(
            "Retry-After",
            Long.toString(Math.max(1, Duration.between(Instant.now(), t.until()).toSeconds())));
        message(
            ctx,
            429,
            "Too many attempts",
            "Too many failed sign-ins for this account or from this address. Try again in "
                + PortalAccounts.THROTTLE_WINDOW.toMinutes()
                + " minutes.",
            "/portal/sign-in");
      }
    }
  }

  private void welcomeForm(Context ctx) {
    String token = ctx.queryParam("token");
    Optional<PortalUser> user = accounts.linkUser(token);
    if (user.isEmpty()) {
      message(ctx, 404, "Link not valid", linkGone(), null);
      return;
    }
    welcomePage(ctx, 200, token, user.get().email(), null);
  }

  private void welcomePage(Context ctx, int status, String token, String email, String error) {
    Map<String, Object> params = new HashMap<>();
    params.put("csrf", formToken(ctx));
    params.put("token", token);
    params.put("email", email);
    params.put("error", error);
    render(ctx, status, "welcome", params);
  }

  private void welcome(Context ctx) {
    if (!formTokenMatches(ctx)) {
      return;
    }
    String token = ctx.formParam("token");
    Optional<PortalUser> user = accounts.linkUser(token);
    if (user.isEmpty()) {
      message(ctx, 404, "Link not valid", linkGone(), null);
      return;
    }
    String problem =
        PortalAccounts.passwordProblem(ctx.formParam("password"), ctx.formParam("repeat"));
    if (problem != null) {
      welcomePage(ctx, 400, token, user.get().email(), problem);
      return;
    }
    var signedIn = accounts.setPassword(token, ctx.formParam("password"));
    if (signedIn.isEmpty()) {
      message(ctx, 404, "Link not valid", linkGone(), null);
      return;
    }
    setSessionCookie(ctx, signedIn.get());
    ctx.redirect("/portal/test/orders", HttpStatus.SEE_OTHER);
  }

  private static String linkGone() {
    return "This sign-in link was used already or has expired. Ask your operator for a new one.";
  }

  private void signOut(Context ctx, Session session) {
    accounts.signOut(session);
    clearSessionCookie(ctx);
    ctx.redirect("/portal/sign-in?signed_out=1", HttpStatus.SEE_OTHER);
  }

  private void signOutEverywhere(Context ctx, Session session) {
    accounts.signOutEverywhere(session.userId());
    clearSessionCookie(ctx);
    ctx.redirect("/portal/sign-in?signed_out=1", HttpStatus.SEE_OTHER);
  }

  private void account(Context ctx, Frame frame) {
    render(ctx, 200, "account", Map.of("frame", frame));
  }

  /** The double-submit token of forms shown before sign-in: a cookie and a hidden field. */
  private String formToken(Context ctx) {
    String token = ctx.cookie(FORM_COOKIE);
    if (token == null || token.length() != 43) {
      token = PortalAccounts.newToken();
      ctx.res().addHeader("Set-Cookie", cookie(FORM_COOKIE, token, -1));
    }
    return token;
  }

  private boolean formTokenMatches(Context ctx) {
    if (PortalAccounts.sameToken(ctx.cookie(FORM_COOKIE), ctx.formParam("csrf"))) {
      return true;
    }
    message(
        ctx,
        403,
        "Form expired",
        "This form was not sent from the portal's page. Nothing was changed.",
        "/portal/sign-in");
    return false;
  }

  private void setSessionCookie(Context ctx, PortalAccounts.SignedIn session) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            cookie(
                SESSION_COOKIE,
                session.cookieToken(),
                PortalAccounts.SESSION_LIFETIME.toSeconds()));
  }

  private void clearSessionCookie(Context ctx) {
    ctx.res().addHeader("Set-Cookie", cookie(SESSION_COOKIE, "", 0));
  }

  private String cookie(String name, String value, long maxAgeSeconds) {
    return name
        + "="
        + value
        + "; Path=/portal; HttpOnly; SameSite=Lax"
        + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
        + (secureCookies ? "; Secure" : "");
  }

  // ---- API keys ------------------------------------------------------------------------

  private void keys(Context ctx, Frame frame) {
    keysPage(ctx, 200, frame, null, null);
  }

  private void keysPage(Context ctx, int status, Frame frame, Object created, String error) {
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("keys", portal.keys(frame.scope()));
    params.put("created", created);
    params.put("error", error);
    render(ctx, status, "keys", params);
  }

  private void createKey(Context ctx, Frame frame) {
    Preset preset;
    int rateLimit;
    try {
      preset = Preset.parse(ctx.formParam("preset"));
      rateLimit = Integer.parseInt(text(ctx.formParam("rate_limit")).strip());
    } catch (IllegalArgumentException e) {
      keysPage(ctx, 400, frame, null, "Choose a preset and a rate limit of 1 to 1000000.");
      return;
    }
    try {
      var issued = portal.createKey(frame.scope(), preset, rateLimit);
      keysPage(ctx, 201, frame, issued, null);
    } catch (IllegalArgumentException e) {
      keysPage(ctx, 400, frame, null, e.getMessage());
    }
  }

  private void confirmRevoke(Context ctx, Frame frame) {
    var key = portal.key(frame.scope(), ctx.pathParam("id"));
    render(ctx, 200, "key_revoke", Map.of("frame", frame, "key", key));
  }

  private void revoke(Context ctx, Frame frame) {
    portal.revokeKey(frame.scope(), ctx.pathParam("id"));
    ctx.redirect(frame.base() + "/keys", HttpStatus.SEE_OTHER);
  }

  // ---- webhooks ------------------------------------------------------------------------

  private void webhooks(Context ctx, Frame frame) {
    DeliveryState state = wire(DeliveryState.class, ctx.queryParam("state"));
    webhooksPage(ctx, 200, frame, state, Map.of());
  }

  private void webhooksPage(
      Context ctx, int status, Frame frame, DeliveryState state, Map<String, Object> extra) {
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("endpoint", portal.webhook(frame.scope()).orElse(null));
    var deliveries = portal.deliveries(frame.scope(), state);
    params.put("deliveries", deliveries);
    params.put("latencies", portal.latencies(frame.scope(), deliveries));
    params.put("state", state);
    params.put("newSecret", null);
    params.put("tested", null);
    params.put("error", null);
    params.put("notice", null);
    params.putAll(extra);
    render(ctx, status, "webhooks", params);
  }

  private void setWebhook(Context ctx, Frame frame) {
    Map<String, Object> extra = new LinkedHashMap<>();
    try {
      var configured = portal.setWebhook(frame.scope(), text(ctx.formParam("url")).strip());
      if (configured.newSecret() != null) {
        extra.put("newSecret", configured.newSecret());
      } else {
        extra.put("notice", "The URL is saved.");
      }
      webhooksPage(ctx, 200, frame, null, extra);
    } catch (IllegalArgumentException e) {
      extra.put("error", "Not saved: " + e.getMessage() + ".");
      webhooksPage(ctx, 400, frame, null, extra);
    }
  }

  private void rotate(Context ctx, Frame frame) {
    String secret = portal.rotateSecret(frame.scope());
    webhooksPage(ctx, 200, frame, null, Map.of("newSecret", secret));
  }

  private void testEvent(Context ctx, Frame frame) {
    var delivery = portal.sendTestEvent(frame.scope());
    webhooksPage(ctx, 200, frame, null, Map.of("tested", delivery));
  }

  private void event(Context ctx, Frame frame) {
    var detail = portal.event(frame.scope(), ctx.pathParam("id"));
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("detail", detail);
    params.put("notice", null);
    render(ctx, 200, "event", params);
  }

  private void redeliver(Context ctx, Frame frame) {
    String id = ctx.pathParam("id");
    var delivery = portal.redeliver(frame.scope(), id);
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("detail", portal.event(frame.scope(), id));
    params.put(
        "notice",
        "Sent again: "
            + delivery.state().wire()
            + (delivery.lastStatus() == null ? "" : ", HTTP " + delivery.lastStatus())
            + ".");
    render(ctx, 200, "event", params);
  }

  // ---- orders, pending actions, domains -------------------------------------------------

  private void orders(Context ctx, Frame frame) {
    OrderStatus status = wire(OrderStatus.class, ctx.queryParam("status"));
    String email = blankToNull(ctx.queryParam("user_email"));
    if (email != null && email.length() > 320) {
      throw new IllegalArgumentException("user_email is at most 320 characters");
    }
    String userId = id(ctx, "user_id", "usr_");
    String bundleId = id(ctx, "bundle_id", "bun_");
    var filter = new Portal.OrderFilter(status, email, userId, bundleId);
    var slice = portal.orders(frame.scope(), filter, cursor(ctx));
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("orders", slice.rows());
    params.put("filter", filter);
    params.put(
        "next",
        next(
            frame.base() + "/orders",
            slice,
            "status",
            status == null ? null : status.wire(),
            "user_email",
            email,
            "user_id",
            userId,
            "bundle_id",
            bundleId));
    render(ctx, 200, "orders", params);
  }

  /** An optional id filter; one that is not a well-formed id of its kind is a 400. */
  private static String id(Context ctx, String name, String prefix) {
    String value = blankToNull(ctx.queryParam(name));
    if (value != null && !ai.peeker.common.Ids.looksLike(prefix, value)) {
      throw new IllegalArgumentException(name + " must be a " + prefix + " id");
    }
    return value;
  }

  private void order(Context ctx, Frame frame) {
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame.withTitle("Order " + ctx.pathParam("id")));
    params.put("page", portal.order(frame.scope(), ctx.pathParam("id")));
    params.put("notice", null);
    render(ctx, 200, "order", params);
  }

  private void confirm(Context ctx, Frame frame) {
    var page = portal.order(frame.scope(), ctx.pathParam("id"));
    render(ctx, 200, "order_cancel", Map.of("frame", frame, "order", page.order()));
  }

  private void cancel(Context ctx, Frame frame) {
    String id = ctx.pathParam("id");
    portal.cancel(frame.scope(), id);
    ctx.redirect(frame.base() + "/orders/" + id, HttpStatus.SEE_OTHER);
  }

  private void pending(Context ctx, Frame frame) {
    PendingActionStatus status = wire(PendingActionStatus.class, ctx.queryParam("status"));
    if (status == null) {
      status = PendingActionStatus.OPEN;
    }
    var slice = portal.pendingActions(frame.scope(), status, cursor(ctx));
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("actions", slice.rows());
    params.put("status", status);
    params.put("next", next(frame.base() + "/pending", slice, "status", status.wire()));
    render(ctx, 200, "pending", params);
  }

  private void domains(Context ctx, Frame frame) {
    DomainCategory category = wire(DomainCategory.class, ctx.queryParam("category"));
    var slice = portal.domains(frame.scope(), category, cursor(ctx));
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("domains", slice.rows());
    params.put("category", category);
    params.put(
        "next",
        next(
            frame.base() + "/domains",
            slice,
            "category",
            category == null ? null : category.wire()));
    render(ctx, 200, "domains", params);
  }

  private void swaps(Context ctx, Frame frame) {
    SwapStatus status = wire(SwapStatus.class, ctx.queryParam("status"));
    var slice = portal.swaps(frame.scope(), status, cursor(ctx));
    Map<String, Object> params = new HashMap<>();
    params.put("frame", frame);
    params.put("swaps", slice.rows());
    params.put("status", status);
    params.put(
        "next",
        next(frame.base() + "/swaps", slice, "status", status == null ? null : status.wire()));
    render(ctx, 200, "swaps", params);
  }

  // ---- parameters ------------------------------------------------------------------------

  private static Environment environment(String value) {
    for (Environment e : Environment.values()) {
      if (e.wire().equals(value)) {
        return e;
      }
    }
    return null;
  }

  /** A filter's value, null when absent or empty; an unknown one is a 400. */
  private static <E extends Enum<E> & WireValue> E wire(Class<E> type, String value) {
    return WireValue.of(type, blankToNull(value));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /** {@code after=<epoch millis>.<id>}: the last row of the page before (keyset paging). */
  private static Cursor cursor(Context ctx) {
    String after = blankToNull(ctx.queryParam("after"));
    if (after == null) {
      return null;
    }
    int dot = after.indexOf('.');
    try {
      String id = after.substring(dot + 1);
      if (dot < 1 || !id.matches("[a-z]{2,4}_[0-9A-Za-z]{1,40}")) {
        throw new IllegalArgumentException("bad");
      }
      return new Cursor(Instant.ofEpochMilli(Long.parseLong(after.substring(0, dot))), id);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'after' is not a position in this list");
    }
  }

  private static String next(String path, PageSlice<?> slice, String... filters) {
    if (slice.next() == null) {
      return null;
    }
    StringBuilder url = new StringBuilder(path).append('?');
    for (int i = 0; i < filters.length; i += 2) {
      if (filters[i + 1] != null) {
        url.append(filters[i])
            .append('=')
            .append(URLEncoder.encode(filters[i + 1], StandardCharsets.UTF_8))
            .append('&');
      }
    }
    return url.append("after=")
        .append(slice.next().createdAt().toEpochMilli())
        .append('.')
        .append(slice.next().id())
        .toString();
  }

  /** htmx from its webjar, whichever version the build carries. */
  private static String htmx() {
    try (InputStream in =
        PortalRoutes.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("missing the htmx.org webjar");
      }
      java.util.Properties webjar = new java.util.Properties();
      webjar.load(in);
      return resource(
          "META-INF/resources/webjars/htmx.org/"
              + webjar.getProperty("version")
              + "/dist/htmx.min.js");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = PortalRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
