package ai.peeker.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes finished attempts to the database in batches (one transaction per batch), so a node
 * delivering a thousand webhooks a second does not spend a thousand transactions on them. An
 * attempt lost here (the node dies before the write) is not lost to the partner: its delivery stays
 * claimed until the lease ends, and then it is sent again.
 */
final class SettlementWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SettlementWriter.class);
  private static final int MAX_BATCH = 500;

  private final Jdbi jdbi;
  private final LinkedBlockingQueue<Settlement> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  SettlementWriter(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.thread = Thread.ofPlatform().daemon().name("webhook-log-writer").unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  void add(Settlement settlement) {
    queue.add(settlement);
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      try {
        Settlement first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Settlement> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          write(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  void write(List<Settlement> batch) {
    try {
      jdbi.useTransaction(h -> WebhookStore.settle(h, batch));
    } catch (RuntimeException batchFailed) {
      // one bad row must not take the others down with it
      for (Settlement s : batch) {
        try {
          jdbi.useTransaction(h -> WebhookStore.settle(h, List.of(s)));
        } catch (RuntimeException e) {
          log.error(
              "cannot record attempt {} of {}; it will be retried when its lease ends",
              s.claimed().attempt(),
              s.claimed().eventId(),
              e);
        }
      }
    }
  }

  /** Writes what is queued and stops. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
