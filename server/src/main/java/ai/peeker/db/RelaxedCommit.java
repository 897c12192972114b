package ai.peeker.db;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Transactions whose loss in a database crash costs nothing but a repeat, because they record
 * idempotent progress: a provisioning step done, what a sandbox provider did. On PostgreSQL they
 * commit without waiting for the WAL to reach the disk ({@code synchronous_commit} off for that
 * transaction only), which turns a disk flush per step into none; the next ordinary commit flushes
 * them too, so recorded progress is never behind a durable event. Orders, events and every state
 * a partner can see are committed the ordinary way. H2 commits as always.
 */
public final class RelaxedCommit {
  private RelaxedCommit() {}

  public static <T> T inTransaction(Jdbi jdbi, HandleCallback<T, RuntimeException> work) {
    return jdbi.inTransaction(
        h -> {
          relax(h);
          return work.withHandle(h);
        });
  }

  public static void useTransaction(Jdbi jdbi, HandleConsumer<RuntimeException> work) {
    jdbi.useTransaction(
        h -> {
          relax(h);
          work.useHandle(h);
        });
  }

  private static void relax(Handle h) {
    try {
      if ("PostgreSQL".equals(h.getConnection().getMetaData().getDatabaseProductName())) {
        h.execute("SET LOCAL synchronous_commit TO OFF");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's name", e);
    }
  }
}
