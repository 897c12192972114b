package ai.peeker.events;

import ai.peeker.common.Sealer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
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
import java.util.concurrent.ConcurrentLinkedQueue;
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
 *   <li>A node takes due deliveries with {@code SELECT … FOR UPDATE SKIP LOCKED} (PostgreSQL; a
 *       plain {@code SELECT} on H2) and a conditional {@code UPDATE} in one transaction, counting
 *       the attempt and leasing the row for {@link WebhookSettings#lease}. Two nodes never take the
 *       same attempt; a node that dies loses its rows to the others when the lease ends.
 *   <li>Each endpoint has a {@link Lane}: at most {@code concurrencyPerEndpoint} requests in
 *       flight, and a few claims ahead while it answers fast. Endpoints without room are left out
 *       of the query, so a partner whose receiver takes 10 s per request holds four slots, not the
 *       queue.
 *   <li>Requests are asynchronous; a finished request starts the lane's next one at once, and
 *       attempts are written in batches by a {@link SettlementWriter}.
 * </ul>
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** Deliveries taken per query. */
  private static final int BATCH = 200;

  /** Deliveries a node holds at once (in flight and waiting), all endpoints together. */
  private static final int NODE_CAPACITY = 2_000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final WebhookSettings settings;
  private final Courier courier;
  private final Sealer sealer;
  private final SettlementWriter writer;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();
  private final ConcurrentLinkedQueue<Claimed> unsent = new ConcurrentLinkedQueue<>();
  private final Semaphore wakeUp = new Semaphore(0);
  private final Thread thread;
  private final Counter delivered;
  private final Counter retrying;
  private final Counter failed;
  private final Counter handedBack;
  private final Timer requests;
  private volatile boolean running;

  /** The last round's query was full: more is due than it could take; go again at once. */
  private volatile boolean moreDue;

  private boolean skipLocked;

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
    this.delivered = attempts(metrics, DeliveryState.DELIVERED.wire());
    this.retrying = attempts(metrics, "retrying");
    this.failed = attempts(metrics, DeliveryState.FAILED.wire());
    this.handedBack =
        Counter.builder("peeker.webhook.handed_back")
            .description("claimed deliveries that waited too long for a slot and went back unsent")
            .register(metrics);
    this.requests =
        Timer.builder("peeker.webhook.request")
            .description("webhook HTTP attempts, from request to answer or error")
            .publishPercentiles(0.5, 0.99)
            .serviceLevelObjectives(
                java.time.Duration.ofMillis(10),
                java.time.Duration.ofMillis(50),
                java.time.Duration.ofMillis(250),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(15))
            .register(metrics);
    metrics.gauge(
        "peeker.webhook.in_flight",
        lanes,
        all -> all.values().stream().mapToInt(Lane::inFlight).sum());
  }

  private static Counter attempts(MeterRegistry metrics, String outcome) {
    return Counter.builder("peeker.webhook.attempts")
        .description("webhook attempts by what they left the delivery as")
        .tag("outcome", outcome)
        .register(metrics);
  }

  public void start() {
    try {
      skipLocked =
          jdbi.withHandle(
              h -> h.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL"));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell which database this is", e);
    }
    running = true;
    writer.start();
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        handBackUnsent();
        takeDue();
      } catch (RuntimeException e) {
        log.warn("webhook dispatch round failed; trying again shortly", e);
        moreDue = false;
      }
      if (!moreDue) {
        // until the poll interval passes, or a lane with work left in the queue has room again
        try {
          wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** One round: claim what is due and fits in its lane, and start sending it. */
  private void takeDue() {
    int capacity = NODE_CAPACITY - held.get();
    if (capacity <= 0) {
      moreDue = false; // a finishing request wakes the loop
      return;
    }
    Set<String> full = new HashSet<>();
    lanes.forEach(
        (endpoint, lane) -> {
          if (lane.room() <= 0) {
            full.add(endpoint);
            lane.backlogged = true; // maybe: it is left out of the query
          }
        });
    Instant now = now();
    Instant leaseUntil = now.plus(settings.lease());
    String token = UUID.randomUUID().toString();
    int limit = Math.min(BATCH, capacity);
    record Round(List<Claimed> claimed, Map<String, Target> targets) {}
    Round round =
        jdbi.inTransaction(
            h -> {
              List<WebhookStore.Due> due =
                  WebhookStore.dueDeliveries(h, now, full, limit, skipLocked);
              Map<String, Integer> taking = new HashMap<>();
              List<String> chosen = new ArrayList<>();
              for (WebhookStore.Due d : due) {
                Lane lane = lane(d.endpointId());
                int taken = taking.getOrDefault(d.endpointId(), 0);
                if (taken < lane.room()) {
                  chosen.add(d.eventId());
                  taking.put(d.endpointId(), taken + 1);
                } else {
                  lane.backlogged = true;
                }
              }
              moreDue = due.size() == limit;
              if (chosen.isEmpty()) {
                return new Round(List.of(), Map.of());
              }
              // read (and open) the secrets before claiming: if that fails, nothing is claimed
              Map<String, Target> targets =
                  WebhookStore.targets(h, taking.keySet(), now, sealer::open);
              WebhookStore.claim(h, chosen, now, leaseUntil, token);
              return new Round(WebhookStore.claimed(h, chosen, token), targets);
            });
    held.addAndGet(round.claimed().size());
    Set<String> endpoints = new HashSet<>();
    for (Claimed c : round.claimed()) {
      endpoints.add(c.endpointId());
      Target target = round.targets().get(c.endpointId());
      lane(c.endpointId()).add(new Lane.Waiting(c, target, leaseUntil));
    }
    endpoints.forEach(endpoint -> pump(lane(endpoint)));
  }

  /** Sends the lane's waiting deliveries while it has free slots. */
  private void pump(Lane lane) {
    Lane.Waiting next;
    while ((next = lane.reserveNext()) != null) {
      // a delivery that waited too long might outlive its lease mid-request: hand it back instead
      if (now()
          .plus(settings.timeout())
          .plus(WebhookSettings.CLOCK_MARGIN)
          .isAfter(next.leaseUntil())) {
        lane.finished(null);
        unsent.add(next.claimed());
        wakeUp.release();
        continue;
      }
      send(lane, next);
    }
  }

  // the callback settles every outcome itself; nothing waits on the future it returns
  @SuppressWarnings("FutureReturnValueIgnored")
  private void send(Lane lane, Lane.Waiting waiting) {
    courier
        .carry(waiting.claimed(), waiting.target())
        .whenComplete(
            (settlement, error) -> {
              lane.finished(settlement == null ? null : settlement.result().latencyMs());
              held.decrementAndGet();
              if (settlement != null) {
                writer.add(settlement);
                count(settlement);
              } else {
                // a bug, not a partner's failure: the lease ends and the delivery is retried
                log.error(
                    "webhook attempt for {} ended without a result",
                    waiting.claimed().eventId(),
                    error);
              }
              if (running) {
                pump(lane);
              }
              if (lane.backlogged && lane.room() > 0) {
                wakeUp.release();
              }
            });
  }

  /** Deliveries claimed but never sent go back to the queue, due now. */
  private void handBackUnsent() {
    List<Claimed> back = new ArrayList<>();
    Claimed c;
    while ((c = unsent.poll()) != null) {
      back.add(c);
    }
    if (!back.isEmpty()) {
      jdbi.useTransaction(h -> WebhookStore.release(h, back, now()));
      held.addAndGet(-back.size());
      handedBack.increment(back.size());
    }
  }

  private Lane lane(String endpointId) {
    return lanes.computeIfAbsent(endpointId, k -> new Lane(settings.concurrencyPerEndpoint()));
  }

  private void count(Settlement s) {
    requests.record(s.result().latencyMs(), TimeUnit.MILLISECONDS);
    switch (s.state()) {
      case DELIVERED -> delivered.increment();
      case PENDING -> retrying.increment();
      case FAILED -> {
        failed.increment();
        log.warn(
            "webhook {} failed after {} attempts: {}",
            s.claimed().eventId(),
            s.claimed().attempt(),
            s.result().failure());
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Stops taking work, hands back what was claimed but not sent, and writes the attempts that
   * finished. Requests still in flight after a short wait are abandoned when the HTTP client stops;
   * their leases end and another node (or this one, after a restart) sends them again.
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
    lanes.values().forEach(lane -> lane.drain().forEach(w -> unsent.add(w.claimed())));
    try {
      handBackUnsent();
    } catch (RuntimeException e) {
      log.warn("could not hand back unsent webhooks; their leases will end", e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (held.get() > 0 && System.nanoTime() < deadline) {
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
