package ai.peeker.db;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads of one list's committed versions, shared by the requests that wait at the same time: a
 * request waits for a read that starts after it asked, and one read answers every tenant asked for
 * meanwhile (as a group commit serves every commit made before it began). Each answer is as new as
 * a read of its own would have been, so a page kept under it is exact; under load, one round trip
 * serves many requests.
 */
final class VersionReads {
  /** At most this many tenants in one read; the rest wait for the next. */
  static final int MOST_PER_READ = 100;

  private final Jdbi jdbi;
  private final String list;
  private Map<ListVersionStore.Tenant, CompletableFuture<Long>> waiting = new HashMap<>();
  private boolean reading; // guarded by this

  VersionReads(Jdbi jdbi, String list) {
    this.jdbi = jdbi;
    this.list = list;
  }

  /** The tenant's committed version, read after this call began. */
  long current(String partnerId, String environment) {
    var tenant = new ListVersionStore.Tenant(partnerId, environment);
    CompletableFuture<Long> answer;
    synchronized (this) {
      answer = waiting.computeIfAbsent(tenant, t -> new CompletableFuture<>());
      if (!reading) {
        reading = true;
        Thread.ofVirtual().name("peeker-version-reads").start(this::readWhileAsked);
      }
    }
    try {
      return answer.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Reads until nobody waits; its own thread, so no request serves others' reads. */
  private void readWhileAsked() {
    while (true) {
      Map<ListVersionStore.Tenant, CompletableFuture<Long>> batch;
      synchronized (this) {
        if (waiting.isEmpty()) {
          reading = false;
          return;
        }
        if (waiting.size() <= MOST_PER_READ) {
          batch = waiting;
          waiting = new HashMap<>();
        } else {
          batch = new HashMap<>();
          var it = waiting.entrySet().iterator();
          while (batch.size() < MOST_PER_READ) {
            var e = it.next();
            batch.put(e.getKey(), e.getValue());
            it.remove();
          }
        }
      }
      try {
        Map<ListVersionStore.Tenant, Long> versions =
            jdbi.withHandle(h -> ListVersionStore.current(h, list, List.copyOf(batch.keySet())));
        batch.forEach((tenant, answer) -> answer.complete(versions.getOrDefault(tenant, 0L)));
      } catch (RuntimeException | Error e) {
        batch.values().forEach(answer -> answer.completeExceptionally(e));
      }
    }
  }
}
