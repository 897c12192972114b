package ai.peeker.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Api;
import ai.peeker.testing.TestServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml} describes exactly what the server routes: every operation it lists answers
 * on both base paths, and every route the server registers is either listed there or one of the
 * operator endpoints below.
 */
class OpenApiContractTest {
  /** Routes outside the partner API, described in the README's operator guide instead. */
  private static final Set<String> OPERATOR_ROUTES =
      Set.of(
          "GET /healthz",
          "GET /readyz",
          "GET /metrics",
          "GET /openapi.yaml",
          "GET /docs",
          "GET /webjars/swagger-ui/{version}/{file}");

  /** The partner portal's pages (HTML, described in the README's portal section). */
  private static final String PORTAL = "/portal";

  static TestServer server;
  static byte[] yaml;
  static OpenAPI contract;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.shared();
    try (InputStream in =
        OpenApiContractTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      yaml = in.readAllBytes();
    }
    var parsed =
        new OpenAPIV3Parser().readContents(new String(yaml, StandardCharsets.UTF_8), null, null);
    assertThat(parsed.getMessages()).as("openapi.yaml parses cleanly").isEmpty();
    contract = parsed.getOpenAPI();
  }

  /** {@code GET /users/{id}}, one per operation in openapi.yaml, relative to a server url. */
  private static Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    contract
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .keySet()
                    .forEach(method -> operations.add(method.name() + " " + path)));
    return operations;
  }

  private static List<String> basePaths() {
    return contract.getServers().stream().map(Server::getUrl).toList();
  }

  @Test
  void openapi_yaml_declares_the_base_paths_the_server_routes() {
    assertThat(basePaths()).containsExactlyInAnyOrderElementsOf(ApiRouter.BASE_PATHS);
  }

  @Test
  void every_operation_in_openapi_yaml_is_in_the_route_table_on_both_base_paths() {
    List<String> routes = server.app().routeTable();
    List<String> missing = new ArrayList<>();
    for (String base : ApiRouter.BASE_PATHS) {
      for (String operation : operations()) {
        String route = operation.replaceFirst(" ", " " + base);
        if (!routes.contains(route)) {
          missing.add(route);
        }
      }
    }
    assertThat(missing).as("operations in openapi.yaml the server does not route").isEmpty();
  }

  @Test
  void every_route_in_the_route_table_is_in_openapi_yaml_or_an_operator_endpoint() {
    Set<String> operations = operations();
    List<String> undocumented = new ArrayList<>();
    for (String route : server.app().routeTable()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      String base = ApiRouter.BASE_PATHS.stream().filter(path::startsWith).findFirst().orElse(null);
      boolean described =
          base == null
              ? OPERATOR_ROUTES.contains(route) || path.startsWith(PORTAL)
              : operations.contains(method + " " + path.substring(base.length()));
      if (!described) {
        undocumented.add(route);
      }
    }
    assertThat(undocumented).as("routes openapi.yaml does not describe").isEmpty();
    assertThat(server.app().routeTable()).containsAll(OPERATOR_ROUTES);
  }

  @Test
  void every_operation_in_openapi_yaml_answers_on_both_base_paths_without_a_routing_error() {
    // A read key: writes stop at the preset check (403) after routing, so the walk changes nothing.
    Api.As reader =
        server.api().as(server.newTenant("Route Walker").key(Environment.TEST, Preset.READ));
    String noSuchRoute = ErrorEnvelope.fromStatus(404).getMessage();
    List<String> unrouted = new ArrayList<>();
    for (String base : ApiRouter.BASE_PATHS) {
      for (String operation : operations()) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = base + operation.substring(operation.indexOf(' ') + 1);
        String url = path.replaceAll("\\{[^}]+}", "unknown");
        String body = method.equals("POST") || method.equals("PATCH") ? "{}" : null;
        Api.Response response = reader.send(method, url, body, Map.of());
        boolean routingError =
            response.status() == 405
                || (response.status() == 404
                    && response.json().path("error").path("message").asText().equals(noSuchRoute));
        if (routingError) {
          unrouted.add(method + " " + url + " → " + response.status() + " " + response.body());
        }
      }
    }
    assertThat(unrouted).as("operations in openapi.yaml answering as unknown routes").isEmpty();
  }

  @Test
  void openapi_yaml_is_served_as_utf_8_byte_for_byte() throws Exception {
    String multiplication = "×";
    assertThat(new String(yaml, StandardCharsets.UTF_8))
        .as("openapi.yaml holds a non-ASCII character to check the encoding with")
        .contains(multiplication);
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/yaml; charset=utf-8");
    // Latin-1 would send × as one byte and … as '?', so the lengths already differ
    assertThat(response.body().length).as("bytes served").isEqualTo(yaml.length);
    assertThat(Arrays.equals(response.body(), yaml)).as("served bytes equal the file's").isTrue();
  }
}
