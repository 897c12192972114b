package ai.peeker.app;

import ai.peeker.db.Database;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Operator endpoints outside the API: {@code /healthz} (process up), {@code /readyz} (database
 * answers), {@code /metrics} (Prometheus), {@code /openapi.yaml} and {@code /docs} (Swagger UI).
 */
final class Operations {
  private Operations() {}

  static void install(JavalinConfig config, Database database, PrometheusMeterRegistry metrics) {
    String openapi = resource("openapi.yaml");
    String docs = resource("docs.html");
    config.staticFiles.enableWebjars();
    var routes = config.routes;
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get(
        "/readyz",
        ctx -> {
          boolean ready;
          try {
            ready = database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
          } catch (RuntimeException e) {
            ready = false;
          }
          ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "database unavailable"));
        });
    routes.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    // without a charset Jetty encodes the text as ISO-8859-1 and the file's × and … are lost
    routes.get(
        "/openapi.yaml",
        ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openapi));
    routes.get("/docs", ctx -> ctx.contentType(ContentType.TEXT_HTML).result(docs));
  }

  private static String resource(String name) {
    try (InputStream in = Operations.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
