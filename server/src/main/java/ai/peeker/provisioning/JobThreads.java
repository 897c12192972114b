package ai.peeker.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads jobs run on: platform threads below the HTTP requests' priority, so that the
 * operating system runs the requests' threads first whenever both want a core.
 *
 * <p>Not virtual threads: those share a few carrier threads with every HTTP request, in the order
 * they became runnable, and a sandbox step is CPU work that does not block (its providers are
 * tables; on H2 the database too). A burst of provisioning then put each request behind the steps
 * queued before it: page 1 of the orders listing kept 0.38–0.40 of its idle throughput and 8.7–14×
 * its idle p99 beside 300 orders × 10 domains on H2, and 0.53–0.70 and 4.3–7.3× on these threads at
 * nice 19 (bench/orders-listing/burst.sh).
 *
 * <p>How far below depends on where a job's work runs. On H2 all of it runs in this JVM: nice 19.
 * Against PostgreSQL most of it runs in the database's processes, at their normal priority whatever
 * this JVM does; at nice 19 a job thread's own part, between its round trips, waited behind every
 * request and behind those processes serving the other jobs, and 20 orders/s × 10 domains fell 13 s
 * behind in one run (bench/order-intake/run.sh postgres). Nice 10 gives it a share of a busy core
 * (about a tenth against one thread at nice 0) instead of what is left over.
 *
 * <p>The JVM passes Java priorities on to Linux only when started with {@link #JVM_FLAGS}, which
 * {@code ./peeker} does: priority 1 becomes nice 19 and priority 2 nice 10. Lowering a thread's
 * priority needs no privilege; as a user other than root the JVM still warns that the flag "may
 * require system level permission". {@link #niceness} tells whether it took effect.
 */
public final class JobThreads {
  /** Makes Java priority 1 the Linux nice value 19 and priority 2 nice 10. */
  public static final String JVM_FLAGS =
      "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19"
          + " -XX:JavaPriority2_To_OSPriority=10";

  /** Java priority of job threads on an embedded database: nice 19 with {@link #JVM_FLAGS}. */
  static final int EMBEDDED = Thread.MIN_PRIORITY;

  /** Java priority of job threads against PostgreSQL: nice 10 with {@link #JVM_FLAGS}. */
  static final int REMOTE = Thread.MIN_PRIORITY + 1;

  private JobThreads() {}

  /**
   * At most {@code threads} jobs at once; the rest wait in the pool's queue. Idle threads leave
   * after a minute.
   *
   * <p>The queue is what bounds the work. On H2 the job runner fetches a batch of due jobs at every
   * poll whatever is still running, and relies on the pool to queue them: a batch still queued when
   * the next one arrives is skipped unclaimed. A pool that started a thread for every job it was
   * given (as a cached pool does) ran each batch at once: a backlog of 50 orders/s × 10 domains
   * grew to 10,000 threads in a minute, each holding a claimed job and writing its heartbeat, until
   * the machine had no process ids left (bench/order-intake/run.sh h2 with RATE=50).
   */
  static ThreadPoolExecutor pool(String namePrefix, int priority, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().daemon().name(namePrefix, 0).priority(priority).factory());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * The nice value a job thread at {@code priority} gets on this JVM (Linux), e.g. 19 for {@link
   * #EMBEDDED} with {@link #JVM_FLAGS} and 0 without; empty where there is no {@code /proc} to ask.
   */
  public static OptionalInt niceness(int priority) {
    AtomicReference<OptionalInt> seen = new AtomicReference<>(OptionalInt.empty());
    Thread probe =
        Thread.ofPlatform()
            .daemon()
            .name("peeker-job-priority-probe")
            .priority(priority)
            .start(() -> seen.set(currentNiceness()));
    try {
      probe.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return seen.get();
  }

  /** Field 19 of {@code /proc/thread-self/stat}: the calling platform thread's nice value. */
  static OptionalInt currentNiceness() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      // the command name (field 2) may hold spaces and parentheses: count from the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
