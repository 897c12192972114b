package ai.peeker.events;

import ai.peeker.common.PublicAddresses;
import ai.peeker.partners.Environment;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Posts signed webhook requests. Live and sandbox have their own HTTP client because they may reach
 * different addresses: live only public ones; sandbox also loopback and private networks (a
 * partner's local receiver), but never link-local space or a metadata service. Redirects are never
 * followed. Started on first use, so CLI commands that send nothing start nothing.
 */
final class WebhookClient implements AutoCloseable {
  static final String USER_AGENT = "Peeker-Webhooks/1";

  private final Clock clock;
  private final Duration timeout;
  private HttpClient live;
  private HttpClient sandbox;
  private boolean closed;

  WebhookClient(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Posts {@code body} to {@code url} with the event id, timestamp and signature headers. Never
   * completes exceptionally: failures become an {@link AttemptResult} with an error.
   */
  CompletableFuture<AttemptResult> post(
      Environment environment, String url, String eventId, byte[] body, List<String> secrets) {
    var startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long started = System.nanoTime();
    long timestamp = startedAt.getEpochSecond();
    CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    Request request;
    try {
      request =
          client(environment)
              .newRequest(url)
              .method(HttpMethod.POST)
              .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .headers(
                  h ->
                      h.put("Peeker-Event-Id", eventId)
                          .put("Peeker-Timestamp", Long.toString(timestamp))
                          .put("Peeker-Signature", Signer.header(secrets, timestamp, body)))
              .body(new BytesRequestContent("application/json", body));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          new AttemptResult(startedAt, null, describe(e), elapsedMs(started)));
    }
    request.send(
        outcome -> {
          long latency = elapsedMs(started);
          if (outcome.isFailed()) {
            result.complete(
                new AttemptResult(startedAt, null, describe(outcome.getFailure()), latency));
          } else {
            result.complete(
                new AttemptResult(startedAt, outcome.getResponse().getStatus(), null, latency));
          }
        });
    return result;
  }

  private synchronized HttpClient client(Environment environment) {
    if (closed) {
      throw new IllegalStateException("webhook client is closed");
    }
    if (environment == Environment.LIVE) {
      if (live == null) {
        live =
            start(
                new GuardedResolver(
                    PublicAddresses::isPublic, "not a public address (live webhooks)"));
      }
      return live;
    }
    if (sandbox == null) {
      sandbox =
          start(
              new GuardedResolver(
                  a -> !PublicAddresses.isLinkLocalOrMetadata(a),
                  "a link-local or metadata address"));
    }
    return sandbox;
  }

  private HttpClient start(GuardedResolver resolver) {
    HttpClient client = new HttpClient();
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("webhook-http");
    threads.setDaemon(true);
    client.setExecutor(threads);
    client.setSocketAddressResolver(resolver);
    client.setFollowRedirects(false);
    client.setConnectTimeout(Math.min(timeout.toMillis(), 10_000));
    client.setIdleTimeout(60_000);
    client.setMaxConnectionsPerDestination(64);
    client.setMaxRequestsQueuedPerDestination(4096);
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
    client.addBean(resolver);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the webhook HTTP client", e);
    }
    return client;
  }

  /** A failure as the delivery log shows it: short, no stack trace, no secrets. */
  @SuppressWarnings("ReferenceEquality") // a cause that is its own cause ends the chain
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof GuardedResolver.RefusedAddress) {
        break;
      }
      cause = cause.getCause();
    }
    String text =
        switch (cause) {
          case GuardedResolver.RefusedAddress r -> "refused: " + r.getMessage();
          case TimeoutException t -> "timed out: " + t.getMessage();
          case ConnectException c -> "connection refused";
          case UnknownHostException u -> u.getMessage();
          case UnresolvedAddressException u -> "cannot resolve host";
          default ->
              cause.getClass().getSimpleName()
                  + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        };
    return text.length() > 500 ? text.substring(0, 500) : text;
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (HttpClient client : new HttpClient[] {live, sandbox}) {
      if (client != null) {
        try {
          client.stop();
        } catch (Exception e) {
          // stopping aborts requests in flight; their leases expire and another node retries
        }
      }
    }
  }
}
