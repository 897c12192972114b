package ai.peeker.db;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;

/**
 * A version number per tenant and list ({@code list_versions}), raised by every transaction that
 * changes the list, as the last thing before it commits. A node keeps pages of a list ({@link
 * Pages}) and serves one again only while the version it was read at is still the committed one: a
 * read of the version (shared by the requests waiting at the same time, {@link VersionReads})
 * instead of the listing, exact across nodes.
 *
 * <p>Why a kept page is never stale: the version is read before the page, so a page kept under
 * version V holds every change up to V (and maybe later ones). A change commits its rows and a
 * higher version together (the version only grows: it is a sum of counters, see {@link #STRIPES}),
 * so once the change is acknowledged no reader anywhere reads V again.
 *
 * <p>Raising the version at commit rather than where the rows change holds the row lock only for
 * the commit: two transactions cannot deadlock over it, whatever else they lock first.
 */
public final class ListVersions implements JdbiConfig<ListVersions> {
  /**
   * A version is the sum of this many rows, and a commit raises one of them: a tenant's commits
   * wait on each other for the row only when they pick the same one. With a single row, each of a
   * tenant's commits waited for the previous one to reach the disk.
   */
  static final int STRIPES = 16;

  private final Set<Entry> changed = new TreeSet<>();

  /** Jdbi makes one per handle (through {@link #createCopy}): the handle's pending changes. */
  public ListVersions() {}

  @Override
  public ListVersions createCopy() {
    return new ListVersions();
  }

  private record Entry(String partnerId, String environment, String list)
      implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = partnerId.compareTo(o.partnerId);
      if (c == 0) {
        c = environment.compareTo(o.environment);
      }
      return c != 0 ? c : list.compareTo(o.list);
    }
  }

  /**
   * Notes that the transaction on {@code h} changes {@code list} of a tenant; its version rises
   * when the transaction commits. Every statement that changes what the list shows calls this.
   */
  public static void changed(Handle h, String partnerId, String environment, String list) {
    if (!h.isInTransaction()) {
      throw new IllegalStateException("a change to a kept list must be made in a transaction");
    }
    h.getConfig(ListVersions.class).changed.add(new Entry(partnerId, environment, list));
  }

  /**
   * Raises the versions in key order, so two committing transactions never wait on each other in a
   * cycle.
   */
  private static void raise(Handle h) {
    Set<Entry> changed = h.getConfig(ListVersions.class).changed;
    for (Entry e : changed) {
      int stripe = java.util.concurrent.ThreadLocalRandom.current().nextInt(STRIPES);
      ListVersionStore.raise(h, e.partnerId(), e.environment(), e.list(), stripe);
    }
    changed.clear();
  }

  /** Raises the noted versions inside the transaction, just before it commits. */
  static final class Raising extends DelegatingTransactionHandler {
    Raising(TransactionHandler delegate) {
      super(delegate);
    }

    @Override
    public TransactionHandler specialize(Handle handle) throws java.sql.SQLException {
      return new Raising(getDelegate().specialize(handle));
    }

    @Override
    public void commit(Handle handle) {
      raise(handle);
      super.commit(handle);
    }

    @Override
    public void rollback(Handle handle) {
      handle.getConfig(ListVersions.class).changed.clear();
      super.rollback(handle);
    }
  }

  /**
   * Pages of one list kept on this node, each with the version it was read at. Pages weigh what
   * {@code weight} says, at most {@code maxWeight} in all; the least recently used go first.
   */
  public static final class Pages<K, P> {
    private final Jdbi jdbi;
    private final VersionReads versions;
    private final Cache<Key<K>, Kept<P>> kept;

    private record Key<K>(String partnerId, String environment, K page) {}

    private record Kept<P>(long version, P page) {}

    private record Loading<P>(long version, CompletableFuture<P> page) {}

    private final ConcurrentHashMap<Key<K>, Loading<P>> loading = new ConcurrentHashMap<>();

    public Pages(Jdbi jdbi, String list, long maxWeight, ToIntFunction<P> weight) {
      this.jdbi = jdbi;
      this.versions = new VersionReads(jdbi, list);
      this.kept =
          Caffeine.newBuilder()
              .maximumWeight(maxWeight)
              .<Key<K>, Kept<P>>weigher((key, kept) -> 1 + weight.applyAsInt(kept.page()))
              .build();
    }

    /**
     * Page {@code page} of a tenant's list: the kept one if the list has not changed since it was
     * read, else {@code query}'s (kept for next time). Pages must be immutable.
     */
    public P read(
        String partnerId, String environment, K page, HandleCallback<P, RuntimeException> query) {
      long version = versions.current(partnerId, environment);
      Key<K> key = new Key<>(partnerId, environment, page);
      Kept<P> found = kept.getIfPresent(key);
      if (found != null && found.version() >= version) { // a later version is newer still
        return found.page();
      }
      // the requests that miss together share one read of the page: a read under way for this
      // version or a later one is as new as one of their own
      Loading<P> mine = new Loading<>(version, new CompletableFuture<>());
      Loading<P> current =
          loading.compute(
              key, (k, under) -> under != null && under.version() >= version ? under : mine);
      if (current != mine) {
        try {
          return current.page().join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
      Kept<P> read;
      try {
        read = new Kept<>(version, jdbi.withHandle(query));
        mine.page().complete(read.page());
      } catch (RuntimeException | Error e) {
        mine.page().completeExceptionally(e);
        throw e;
      } finally {
        loading.remove(key, mine);
      }
      // of two readers at different versions, the later version stays
      kept.asMap().merge(key, read, (old, now) -> now.version() >= old.version() ? now : old);
      return read.page();
    }
  }
}
