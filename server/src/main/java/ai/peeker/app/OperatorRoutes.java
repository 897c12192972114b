package ai.peeker.app;

import ai.peeker.db.Database;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Operator endpoints outside the API: {@code /healthz} (process up), {@code /readyz} (database
 * reachable; a busy pool is still ready), {@code /metrics} (Prometheus), {@code /openapi.yaml} and
 * {@code /docs} (Swagger UI).
 */
final class OperatorRoutes {
  private static final Map<String, String> SWAGGER_UI_FILES =
      Map.of(
          "swagger-ui.css", "text/css; charset=utf-8",
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "swagger-ui.css.map", "application/json",
          "swagger-ui-bundle.js.map", "application/json");

  private OperatorRoutes() {}

  static void install(
      JavalinConfig config,
      Database database,
      PrometheusMeterRegistry metrics,
      Supplier<Map<String, String>> node) {
    String openapi = resource("openapi.yaml");
    String docs = resource("docs.html");
    var routes = config.routes;
    // Swagger UI's files straight from its webjar: Javalin's webjar handler mounts the whole jar
    // at start, which took a third of the start-up time.
    routes.get(
        "/webjars/swagger-ui/{version}/{file}",
        ctx -> {
          String type = SWAGGER_UI_FILES.get(ctx.pathParam("file"));
          String version = ctx.pathParam("version");
          InputStream in =
              type == null || !version.matches("[0-9][0-9.]*")
                  ? null
                  : OperatorRoutes.class
                      .getClassLoader()
                      .getResourceAsStream(
                          "META-INF/resources/webjars/swagger-ui/"
                              + version
                              + "/"
                              + ctx.pathParam("file"));
          if (in == null) {
            throw new io.javalin.http.NotFoundResponse();
          }
          ctx.contentType(type).header("Cache-Control", "public, max-age=86400").result(in);
        });
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get(
        "/readyz",
        ctx -> {
          String state = databaseState(database);
          Map<String, String> body = new java.util.LinkedHashMap<>(node.get());
          boolean down =
              state.equals("down")
                  || !body.get("node").equals("serving")
                  || !body.get("scheduler").equals("up");
          body.put("status", down ? "unavailable" : "ready");
          body.put("database", state);
          ctx.status(down ? 503 : 200).json(body);
        });
    routes.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    // without a charset Jetty encodes the text as ISO-8859-1 and the file's × and … are lost
    routes.get(
        "/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openapi));
    routes.get("/docs", ctx -> ctx.contentType(ContentType.TEXT_HTML).result(docs));
  }

  /**
   * "up", "busy" or "down". A pool whose connections are all in use with callers waiting is busy,
   * not down: the database answers them, and a load balancer that dropped every busy node would
   * take the whole cluster out at once. Only a database that cannot be reached is down.
   */
  static String databaseState(Database database) {
    if (database.requestPoolState().exhausted()) {
      return "busy";
    }
    try {
      database.jdbi().useHandle(ServerStore::ping);
      return "up";
    } catch (RuntimeException e) {
      // the pool's own timeout, with no connection failure behind it, while others hold them all
      boolean poolTimeout = false;
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLTransientConnectionException) {
          poolTimeout = t.getCause() == null;
          break;
        }
      }
      return poolTimeout && database.requestPoolState().active() > 0 ? "busy" : "down";
    }
  }

  private static String resource(String name) {
    try (InputStream in = OperatorRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
