package ai.peeker.api;

import ai.peeker.common.Ids;
import ai.peeker.common.Json;
import ai.peeker.partners.Partners;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Everything every request goes through: request id, Bearer auth and rate limit on the API paths,
 * the error envelope for every failure (ours, Javalin's, unknown routes, 405, 413, 500), one log
 * line and one timer sample per request.
 */
public final class HttpEdge {
  private static final Logger requestLog = LoggerFactory.getLogger("peeker.requests");

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5)
  };

  private final Partners partners;
  private final Ids ids;
  private final MeterRegistry metrics;
  private final PageTokens pageTokens;
  private final String publicUrl;
  private final RateLimits rateLimits;
  private final RouteTemplates templates = new RouteTemplates();
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  public HttpEdge(
      Partners partners,
      Ids ids,
      MeterRegistry metrics,
      RateLimits rateLimits,
      String secret,
      String publicUrl) {
    this.partners = partners;
    this.rateLimits = rateLimits;
    this.ids = ids;
    this.metrics = metrics;
    this.pageTokens = new PageTokens(secret);
    this.publicUrl = publicUrl;
  }

  /** Configures Javalin and hands an {@link ApiRouter} to {@code features} to add their routes. */
  public void install(JavalinConfig config, Consumer<ApiRouter> features) {
    config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
    config.concurrency.useVirtualThreads = true;
    config.http.maxRequestSize = JsonBody.MAX_BYTES;
    // Javalin copies each response into Jetty through a buffer of this size, allocated per
    // request; its default, Jetty's whole output buffer (32 KB), was most of what a request
    // allocated. Jetty gathers the smaller writes into its own buffer all the same.
    config.http.responseBufferSize = 4096;
    config.http.prefer405over404 = true;
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.router.ignoreTrailingSlashes = true;

    config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(ids)));
    // Jetty keeps a cache of each keep-alive connection's repeated headers (Authorization,
    // User-Agent, …) in a trie it sizes for 1,024 entries: 96 KB of heap per connection, held
    // while the connection stays open. About 1,000 partner connections ran the demo's 128 MB heap
    // out (bench/connections/run.sh); without the cache a connection holds about 5 KB, and page 1
    // of the orders listing is as fast (the cache saves a few small objects per request).
    config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
    Auth auth = new Auth(partners, rateLimits);
    var routes = config.routes;
    routes.before(ctx -> RequestIds.assign(ctx, ids.next("req_")));
    for (String base : ApiRouter.BASE_PATHS) {
      routes.before(base + "/*", auth::authenticate);
    }
    routes.exception(ApiError.class, (e, ctx) -> ErrorEnvelope.render(ctx, e));
    routes.exception(HttpResponseException.class, (e, ctx) -> ErrorEnvelope.render(ctx, e));
    routes.exception(Exception.class, (e, ctx) -> ErrorEnvelope.renderUnexpected(ctx, e));
    // Javalin answers some failures itself (e.g. no route matched); give them our envelope too.
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      routes.error(
          status,
          "*",
          ctx -> {
            // portal pages answer errors with a page of their own
            if (!isEnvelope(ctx.result()) && !isPage(ctx)) {
              ErrorEnvelope.render(ctx, ErrorEnvelope.fromStatus(status));
            }
          });
    }

    config.requestLogger.http(
        (ctx, ms) -> {
          timer(route(ctx), ctx.method().name(), ctx.statusCode())
              .record((long) (ms * 1000), TimeUnit.MICROSECONDS);
          if (requestLog.isInfoEnabled() && !ctx.path().equals("/healthz")) {
            requestLog.info(
                "{} {} {} {} {}ms",
                RequestIds.of(ctx),
                ctx.method(),
                ctx.path(),
                ctx.statusCode(),
                tenths(ms));
          }
          MDC.remove(RequestIds.MDC_KEY);
        });

    features.accept(new ApiRouter(routes, new Paging(pageTokens, publicUrl), templates));
  }

  private record TimerKey(String route, String method, int status) {}

  /**
   * The request timer of one route, method and status, built once: building a meter's id (its tags
   * sorted and merged) on every request cost more than recording the sample.
   */
  private Timer timer(String route, String method, int status) {
    return timers.computeIfAbsent(
        new TimerKey(route, method, status),
        key ->
            Timer.builder("peeker.http.requests")
                .description("HTTP requests by route template, method and status")
                .tag("route", key.route())
                .tag("method", key.method())
                .tag("status", Integer.toString(key.status()))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(metrics));
  }

  /** {@code ms} with one decimal ({@code 12.3}), without {@link String#format}'s parsing. */
  static String tenths(double ms) {
    long tenths = Math.round(ms * 10);
    return tenths / 10 + "." + tenths % 10;
  }

  /**
   * The matched route's template ({@code /partner/v1/orders/{id}}), never the raw path, so the
   * metric has one series per route; "unmatched" for 404s and Jetty's own answers.
   */
  private String route(io.javalin.http.Context ctx) {
    String path = null;
    try {
      io.javalin.router.Endpoint endpoint = ctx.endpoint();
      path = endpoint == null ? null : endpoint.path;
    } catch (RuntimeException e) {
      // answered before any route matched
    }
    if (path == null || path.equals("*") || path.endsWith("/*")) {
      path = templates.match(ctx.method().name(), ctx.path());
    }
    return path == null ? "unmatched" : path;
  }

  private static boolean isPage(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("text/html") && ctx.result() != null;
  }

  private static boolean isEnvelope(String body) {
    return body != null && body.startsWith("{\"error\"");
  }
}
