package ai.peeker.testing;

import ai.peeker.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A partner's webhook receiver: a real HTTP server on localhost that records every request as it
 * arrived (raw body bytes included) and answers as the test scripts it: a status sequence, a delay,
 * or not at all ({@link #stop}, then {@link #start} again on the same port).
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as it arrived. */
  @SuppressWarnings("ArrayRecordComponent") // the raw bytes the signature covers; never compared
  public record Received(
      String eventId,
      String timestamp,
      String signature,
      String contentType,
      String userAgent,
      byte[] body,
      long arrivedNanos) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String type() {
      return json().path("type").asText();
    }
  }

  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
  private volatile int usualStatus = 200;
  private volatile Duration delay = Duration.ZERO;
  private final String path;
  private int port;
  private HttpServer server;

  private WebhookReceiver(String path) {
    this.path = path;
  }

  /** A receiver answering 200 at {@code http://localhost:<port>/<path>}. */
  public static WebhookReceiver start(String path) {
    WebhookReceiver receiver = new WebhookReceiver(path);
    receiver.start();
    return receiver;
  }

  public synchronized void start() {
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  /** Down: connections are refused until {@link #start}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  public String url() {
    return "http://localhost:" + port + "/" + path;
  }

  public int port() {
    return port;
  }

  /** The next requests get these statuses, in turn; then the usual one. */
  public void answerInTurn(int... statuses) {
    for (int s : statuses) {
      script.add(s);
    }
  }

  public void answer(int status) {
    usualStatus = status;
  }

  /** Every answer waits this long first (a slow partner). */
  public void delay(Duration value) {
    delay = value;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public List<Received> received(String eventId) {
    return received.stream().filter(r -> eventId.equals(r.eventId())).toList();
  }

  public int count() {
    return received.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    var h = exchange.getRequestHeaders();
    received.add(
        new Received(
            h.getFirst("Peeker-Event-Id"),
            h.getFirst("Peeker-Timestamp"),
            h.getFirst("Peeker-Signature"),
            h.getFirst("Content-Type"),
            h.getFirst("User-Agent"),
            body,
            System.nanoTime()));
    try {
      if (!delay.isZero()) {
        Thread.sleep(delay);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Integer scripted = script.poll();
    int status = scripted == null ? usualStatus : scripted;
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    stop();
  }
}
