package ai.peeker.events;

import ai.peeker.common.Sealer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook queue. Every node runs one; they share the work through the database:
 *
 * <ul>
 *   <li>A node takes due deliveries with {@code SELECT … FOR UPDATE SKIP LOCKED} and a conditional
 *       {@code UPDATE} in one transaction, counting the attempt and leasing the row until the
 *       request's timeout (plus a margin) has passed. Two nodes never take the same attempt; a
 *       node that dies loses its rows to the others when the lease ends.
 *   <li>At most {@code concurrencyPerEndpoint} requests per endpoint are in flight on a node, and
 *       endpoints at that limit are left out of the query, so a partner whose receiver takes 10 s
 *       per request holds four slots, not the queue.
 *   <li>Requests are asynchronous; finished attempts are written in batches by a {@link
 *       SettlementWriter}.
 * </ul>
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  /** Deliveries taken per query. */
  private static final int BATCH = 200;
  /** Requests in flight on one node, all endpoints together. */
  private static final int NODE_IN_FLIGHT = 512;

  private final Jdbi jdbi;
  private final Clock clock;
  private final WebhookSettings settings;
  private final Courier courier;
  private final Sealer sealer;
  private final SettlementWriter writer;
  private final Semaphore slots = new Semaphore(NODE_IN_FLIGHT);
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Semaphore wakeUp = new Semaphore(0);
  private final Thread thread;
  private final Counter delivered;
  private final Counter retrying;
  private final Counter failed;
  private final Timer requests;
  private volatile boolean running;
  /** The last round's query was full: more is due than it could take; go again at once. */
  private volatile boolean moreDue;

  Dispatcher(
      Jdbi jdbi,
      Clock clock,
      WebhookSettings settings,
      Courier courier,
      Sealer sealer,
      MeterRegistry metrics) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.settings = settings;
    this.courier = courier;
    this.sealer = sealer;
    this.writer = new SettlementWriter(jdbi);
    this.thread = Thread.ofPlatform().daemon().name("webhook-dispatcher").unstarted(this::run);
    this.delivered = attempts(metrics, "delivered");
    this.retrying = attempts(metrics, "retrying");
    this.failed = attempts(metrics, "failed");
    this.requests =
        Timer.builder("peeker.webhook.request")
            .description("webhook HTTP attempts, from request to answer or error")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    metrics.gauge("peeker.webhook.in_flight", slots, s -> NODE_IN_FLIGHT - s.availablePermits());
  }

  private static Counter attempts(MeterRegistry metrics, String outcome) {
    return Counter.builder("peeker.webhook.attempts")
        .description("webhook attempts by what they left the delivery as")
        .tag("outcome", outcome)
        .register(metrics);
  }

  public void start() {
    running = true;
    writer.start();
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        dispatchDue();
      } catch (RuntimeException e) {
        log.warn("webhook dispatch round failed; trying again shortly", e);
        moreDue = false;
      }
      if (!moreDue) {
        // until the poll interval passes, or a slot frees where work may be waiting for it
        try {
          wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** One round: take what is due and may be sent now, and send it. */
  private void dispatchDue() {
    int free = slots.availablePermits();
    if (free == 0) {
      moreDue = false; // a finishing request wakes the loop
      return;
    }
    int perEndpoint = settings.concurrencyPerEndpoint();
    Set<String> saturated = new HashSet<>();
    inFlight.forEach((endpoint, n) -> {
      if (n.get() >= perEndpoint) {
        saturated.add(endpoint);
      }
    });
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String token = UUID.randomUUID().toString();
    int limit = Math.min(BATCH, free);
    List<Claimed> claimed =
        jdbi.inTransaction(
            h -> {
              List<WebhookStore.Due> due = WebhookStore.lockDue(h, now, saturated, limit);
              Map<String, Integer> taking = new HashMap<>();
              List<String> chosen = new ArrayList<>();
              for (WebhookStore.Due d : due) {
                int busy = count(d.endpointId()) + taking.getOrDefault(d.endpointId(), 0);
                if (busy < perEndpoint) {
                  chosen.add(d.eventId());
                  taking.merge(d.endpointId(), 1, Integer::sum);
                }
              }
              moreDue = due.size() == limit;
              if (chosen.isEmpty()) {
                return List.of();
              }
              WebhookStore.claim(h, chosen, now, now.plus(settings.lease()), token);
              return WebhookStore.claimed(h, token);
            });
    if (claimed.isEmpty()) {
      return;
    }
    Set<String> endpoints = new HashSet<>();
    claimed.forEach(c -> endpoints.add(c.endpointId()));
    Map<String, Target> targets =
        jdbi.withHandle(h -> WebhookStore.targets(h, endpoints, now, sealer::open));
    for (Claimed c : claimed) {
      send(c, targets.get(c.endpointId()));
    }
  }

  private void send(Claimed claimed, Target target) {
    slots.acquireUninterruptibly();
    AtomicInteger endpointBusy =
        inFlight.computeIfAbsent(claimed.endpointId(), k -> new AtomicInteger());
    endpointBusy.incrementAndGet();
    courier
        .carry(claimed, target)
        .whenComplete(
            (settlement, error) -> {
              // a slot freeing at a full endpoint or a full node may unblock waiting work
              boolean wasFull =
                  endpointBusy.getAndDecrement() >= settings.concurrencyPerEndpoint()
                      || slots.availablePermits() == 0;
              slots.release();
              if (settlement != null) {
                writer.add(settlement);
                count(settlement);
              } else {
                // a bug, not a partner's failure: the lease ends and the delivery is retried
                log.error("webhook attempt for {} ended without a result", claimed.eventId(), error);
              }
              if (wasFull) {
                wakeUp.release();
              }
            });
  }

  private void count(Settlement s) {
    requests.record(s.result().latencyMs(), TimeUnit.MILLISECONDS);
    switch (s.state()) {
      case "delivered" -> delivered.increment();
      case "pending" -> retrying.increment();
      default -> {
        failed.increment();
        log.warn(
            "webhook {} failed after {} attempts: {}",
            s.claimed().eventId(),
            s.claimed().attempt(),
            s.result().failure());
      }
    }
  }

  private int count(String endpointId) {
    AtomicInteger n = inFlight.get(endpointId);
    return n == null ? 0 : n.get();
  }

  /**
   * Stops taking work and writes the attempts that finished. Requests still in flight are
   * abandoned when the HTTP client stops; their leases end and another node (or this one, after a
   * restart) sends them again.
   */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    wakeUp.release(); // not interrupt(): an interrupted H2 file channel closes the database
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (slots.availablePermits() < NODE_IN_FLIGHT && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    writer.close();
  }
}
