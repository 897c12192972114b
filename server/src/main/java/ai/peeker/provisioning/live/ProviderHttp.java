package ai.peeker.provisioning.live;

import ai.peeker.common.Json;
import ai.peeker.domains.LiveProvider;
import ai.peeker.provisioning.ProviderFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's HTTP calls: JSON over {@code java.net.http} with a timeout on every call, a
 * per-provider rate limit (Bucket4j), metrics per operation ({@code peeker_provider_calls_seconds
 * {provider,operation,outcome}}), and the provider's trouble turned into {@link ProviderFailure}s:
 * a 429 waits at least its {@code Retry-After}, 5xx and timeouts are transient (the workflow's
 * retry policy runs the step again). Other answers go back to the adapter, which knows which 4xx
 * mean "already there". Bodies are logged at debug level only, with secrets masked.
 */
public final class ProviderHttp {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(pass|secret|token|api_?key|authorization|private).*");

  private final String provider;
  private final HttpClient client;
  private final Duration timeout;
  private final Bucket bucket;
  private final MeterRegistry metrics;
  private final Function<JsonNode, String> errorMessage;

  /**
   * @param perSecond calls allowed per second to this provider from this node
   * @param errorMessage reads the provider's error text from an error body (null when absent)
   */
  public ProviderHttp(
      LiveProvider provider,
      Duration timeout,
      int perSecond,
      MeterRegistry metrics,
      Function<JsonNode, String> errorMessage) {
    this.provider = provider.wire();
    this.timeout = timeout;
    this.metrics = metrics;
    this.errorMessage = errorMessage;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.bucket =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(perSecond)
                    .refillGreedy(perSecond, Duration.ofSeconds(1))
                    .build())
            .build();
  }

  /** A provider's answer that was neither a 429 nor a 5xx. */
  public record Reply(String provider, String operation, int status, JsonNode json, String error) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** This answer as a permanent failure carrying the provider's own message. */
    public ProviderFailure refused() {
      return ProviderFailure.permanent(
          provider + " refused " + operation + " (" + status + "): " + error);
    }

    /** The answer when it is a success, else the failure. */
    public JsonNode orFail() {
      if (!ok()) {
        throw refused();
      }
      return json;
    }
  }

  public Reply get(String operation, URI uri, Map<String, String> headers) {
    return send(operation, "GET", uri, headers, null);
  }

  public Reply delete(String operation, URI uri, Map<String, String> headers) {
    return send(operation, "DELETE", uri, headers, null);
  }

  public Reply send(
      String operation, String method, URI uri, Map<String, String> headers, JsonNode body) {
    String text = body == null ? null : body.toString();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .method(
                method,
                text == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    if (text != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return exchange(operation, method, uri, request.build(), body);
  }

  /** A form post (OAuth token endpoints); the form is never logged. */
  public Reply postForm(String operation, URI uri, String form) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
    return exchange(operation, "POST", uri, request, null);
  }

  private Reply exchange(
      String operation, String method, URI uri, HttpRequest request, JsonNode body) {
    acquire(operation);
    Timer.Sample sample = Timer.start(metrics);
    String outcome = "error";
    try {
      if (log.isDebugEnabled()) {
        log.debug("{} {} {} {}", provider, method, path(uri), body == null ? "" : masked(body));
      }
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      int status = response.statusCode();
      outcome = Integer.toString(status);
      JsonNode json = parse(response.body());
      if (log.isDebugEnabled()) {
        log.debug("{} {} {} -> {} {}", provider, method, path(uri), status, masked(json));
      }
      String error = status >= 300 ? describe(json, status) : null;
      if (status == 429) {
        Duration wait = retryAfter(response).orElse(Duration.ZERO);
        throw ProviderFailure.rateLimited(
            provider + " rate-limited " + operation + " (429): " + error, wait);
      }
      if (status >= 500) {
        throw ProviderFailure.transientFailure(
            provider + " failed " + operation + " (" + status + "): " + error);
      }
      return new Reply(provider, operation, status, json, error);
    } catch (HttpTimeoutException e) {
      outcome = "timeout";
      throw ProviderFailure.transientFailure(
          provider + " did not answer " + operation + " within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      outcome = "unreachable";
      throw ProviderFailure.transientFailure(
          provider
              + " could not be reached for "
              + operation
              + ": "
              + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "interrupted";
      throw ProviderFailure.transientFailure(provider + " " + operation + " was interrupted");
    } finally {
      sample.stop(
          metrics.timer(
              "peeker.provider.calls",
              "provider",
              provider,
              "operation",
              operation,
              "outcome",
              outcome));
    }
  }

  /** Waits (briefly) for this provider's rate limit; a long queue is a transient failure. */
  private void acquire(String operation) {
    try {
      if (!bucket.asBlocking().tryConsume(1, timeout)) {
        metrics.counter("peeker.provider.throttled", "provider", provider).increment();
        throw ProviderFailure.transientFailure(
            provider + " " + operation + " waited too long for the provider's rate limit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderFailure.transientFailure(provider + " " + operation + " was interrupted");
    }
  }

  private String describe(JsonNode json, int status) {
    String message = json == null ? null : errorMessage.apply(json);
    return message == null || message.isBlank() ? "HTTP " + status : message;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode().put("unparsed", body.length() + " characters");
    }
  }

  /** Seconds, or an HTTP date; absent or unreadable: none. */
  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
              } catch (NumberFormatException e) {
                try {
                  var at =
                      java.time.ZonedDateTime.parse(
                          value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                  return Optional.of(
                      Duration.between(java.time.Instant.now(), at.toInstant()).abs());
                } catch (java.time.format.DateTimeParseException ignored) {
                  return Optional.empty();
                }
              }
            });
  }

  /** The path alone: query strings may carry keys (Smartlead's {@code api_key}). */
  private static String path(URI uri) {
    return uri.getRawPath();
  }

  /** A copy of {@code json} with the value of every secret-looking key replaced. */
  static String masked(JsonNode json) {
    if (json == null) {
      return "";
    }
    JsonNode copy = json.deepCopy();
    mask(copy);
    return copy.toString();
  }

  private static void mask(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (SECRET_KEY.matcher(field.getKey()).matches() && field.getValue().isValueNode()) {
          field.setValue(Json.MAPPER.getNodeFactory().textNode("********"));
        } else {
          mask(field.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(ProviderHttp::mask);
    }
  }
}
