package ai.peeker.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Writes every change committed so far to the H2 file, and returns only once it is there.
 *
 * <p>{@code CHECKPOINT} is not enough. H2 also stores on its own (a background writer, and when
 * unsaved changes grow), and such a store is serialized and written by H2's own executor threads
 * after it returns. When {@code CHECKPOINT} finds one of those stores under way, or finds nothing
 * left to store because one took it all, it returns at once, and the commits that store carries may
 * not be in the file yet: a {@code kill -9} then loses them. So after the commit, this waits for
 * H2's executors to finish every store begun before it.
 *
 * <p>It must run where the file is open: the CLI beside a server reaches the file through that
 * server. So it is an H2 function, {@code peeker_write_through()}, which H2 runs in the process
 * holding the file, whichever process calls it.
 */
public final class H2WriteThrough {
  private static final String FUNCTION = "peeker_write_through";

  private H2WriteThrough() {}

  /** Declares the function (once per database; the declaration is kept in the file). */
  static void declare(Statement statement) throws SQLException {
    statement.execute(
        "CREATE ALIAS IF NOT EXISTS "
            + FUNCTION
            + " FOR '"
            + H2WriteThrough.class.getName()
            + ".writeThrough'");
  }

  static void call(Statement statement) throws SQLException {
    statement.execute("CALL " + FUNCTION + "()");
  }

  /** Run by H2 for {@code CALL peeker_write_through()}; {@code connection} is the caller's. */
  public static void writeThrough(Connection connection) throws SQLException {
    var session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    MVStore store = session.getDatabase().getStore().getMvStore();
    if (store.commit() >= 0) {
      return; // stored and written here, after every store queued before it (H2's threads are FIFO)
    }
    // Nothing stored: another store began first and took the changes. Stores are handed to H2's
    // threads under the store lock, which this takes; once both threads have run everything queued
    // before, every store begun before is in the file.
    store.executeFilestoreOperation(() -> {});
  }
}
