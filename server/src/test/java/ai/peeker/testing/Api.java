package ai.peeker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Json;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain HTTP client for the tests. Every API response it receives is validated against {@code
 * openapi.yaml}; a response the contract does not describe fails the test.
 */
public final class Api {
  public static final String PREFIX = "/partner/v1";
  private static final OpenApiInteractionValidator CONTRACT = loadContract();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Api(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public As as(String key) {
    return new As(key);
  }

  /** Requests without credentials (or with any header the test wants). */
  public As anonymous() {
    return new As(null);
  }

  public String baseUrl() {
    return baseUrl;
  }

  private static final List<String> SERVER_PATHS =
      List.of(
          "/partner/",
          "/api/",
          "/healthz",
          "/readyz",
          "/metrics",
          "/docs",
          "/openapi.yaml",
          "/webjars/");

  /** {@code /orders} means {@code /partner/v1/orders}; server paths and full URLs stay as given. */
  String url(String path) {
    if (path.startsWith("http")) {
      return path;
    }
    boolean serverPath = SERVER_PATHS.stream().anyMatch(path::startsWith);
    return baseUrl + (serverPath ? "" : PREFIX) + path;
  }

  /** Calls made with one API key. Paths are relative to {@code /partner/v1} unless absolute. */
  public final class As {
    private final String key;

    As(String key) {
      this.key = key;
    }

    public Response get(String path) {
      return send("GET", path, null, Map.of());
    }

    public Response post(String path, Object body) {
      return send("POST", path, body == null ? null : Json.write(body), Map.of());
    }

    /** POSTs a body of unknown length, so it travels chunked. */
    public Response postChunked(String path, byte[] body) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url(path)))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofInputStream(
                      () -> new java.io.ByteArrayInputStream(body)))
              .build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Response r = new Response("POST", request.uri(), response);
        r.checkContract();
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public Response postRaw(String path, String rawBody) {
      return send("POST", path, rawBody, Map.of());
    }

    public Response patch(String path, Object body) {
      return send("PATCH", path, Json.write(body), Map.of());
    }

    public Response patchRaw(String path, String rawBody) {
      return send("PATCH", path, rawBody, Map.of());
    }

    public Response delete(String path) {
      return send("DELETE", path, null, Map.of());
    }

    /**
     * Sends {@code body} byte for byte with exactly {@code headers} (plus this key): no
     * Content-Type unless the test names one, so odd media types and encodings can be sent.
     */
    public Response sendBytes(
        String method, String path, byte[] body, Map<String, String> headers) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url(path)))
              .timeout(Duration.ofSeconds(30))
              .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      headers.forEach(request::header);
      return exchange(method, request.build());
    }

    private Response exchange(String method, HttpRequest request) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Response r = new Response(method, request.uri(), response);
        r.checkContract();
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
      String full = url(path);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(full))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      headers.forEach(request::header);
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Response r = new Response(method, URI.create(full), response);
        r.checkContract();
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** One response: its status, headers and JSON body. */
  public static final class Response {
    private final String method;
    private final URI uri;
    private final HttpResponse<String> raw;
    private JsonNode json;

    Response(String method, URI uri, HttpResponse<String> raw) {
      this.method = method;
      this.uri = uri;
      this.raw = raw;
    }

    public int status() {
      return raw.statusCode();
    }

    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public JsonNode json() {
      if (json == null) {
        try {
          json = Json.MAPPER.readTree(raw.body());
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + raw.body(), e);
        }
      }
      return json;
    }

    public JsonNode data() {
      return json().get("data");
    }

    /** Asserts the status, showing the body when it differs. */
    public Response expect(int status) {
      assertThat(status()).as("%s %s answered %s", method, uri, body()).isEqualTo(status);
      return this;
    }

    /** Asserts an error envelope with this status, code and field. */
    public Response expectError(int status, String code, String field) {
      expect(status);
      JsonNode error = json().get("error");
      assertThat(error).as("error envelope in %s", body()).isNotNull();
      assertThat(error.path("code").asText()).as(body()).isEqualTo(code);
      if (field == null) {
        assertThat(error.has("field")).as("no field expected in %s", body()).isFalse();
      } else {
        assertThat(error.path("field").asText()).as(body()).isEqualTo(field);
      }
      assertThat(header("Peeker-Request-Id")).startsWith("req_");
      return this;
    }

    void checkContract() {
      String path = uri.getPath();
      if (!path.startsWith("/partner/v1") && !path.startsWith("/api/partner/v1")) {
        return;
      }
      // both base paths are one API; the contract is checked against /partner/v1
      if (path.startsWith("/api/")) {
        path = path.substring("/api".length());
      }
      SimpleResponse.Builder response =
          SimpleResponse.Builder.status(raw.statusCode()).withBody(raw.body());
      raw.headers().map().forEach((name, values) -> response.withHeader(name, values));
      ValidationReport report =
          CONTRACT.validateResponse(path, Request.Method.valueOf(method), response.build());
      boolean unknownRoute =
          report.getMessages().stream()
              .anyMatch(
                  m ->
                      m.getKey().equals("validation.request.path.missing")
                          || m.getKey().equals("validation.request.operation.notAllowed"));
      if (unknownRoute) {
        // no contract path to check against: the envelope and request id are checked by hand
        assertThat(raw.statusCode()).as("unknown route %s", path).isIn(404, 405);
        assertThat(json().path("error").path("code").asText())
            .isIn("not_found", "method_not_allowed");
        assertThat(header("Peeker-Request-Id")).startsWith("req_");
        return;
      }
      List<String> problems =
          report.getMessages().stream()
              .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
              .map(m -> m.getKey() + ": " + m.getMessage())
              .collect(Collectors.toList());
      assertThat(problems)
          .as("%s %s → %s %s breaks openapi.yaml", method, path, raw.statusCode(), raw.body())
          .isEmpty();
    }
  }

  private static OpenApiInteractionValidator loadContract() {
    try (InputStream in = Api.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return OpenApiInteractionValidator.createForInlineApiSpecification(yaml).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
