package ai.peeker.db;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

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
 * <p>Written is not yet found. After a crash H2 finds the newest store from the file header: the
 * store the header names, the last one in the file, and the stores each of those says will follow
 * it. A store put in reused space in the middle of the file, where the one before did not expect
 * it, is reached only through the header, and H2 (2.5.252) rewrites the header for such a store
 * before it counts the store as written, so the header names the store before it. Until a later
 * store happens to rewrite the header, a {@code kill -9} takes that store and every store that
 * followed it. So once the write is in the file, the header is written again, naming it ({@link
 * #nameLastStoreInHeader}).
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
    if (store.commit() < 0) {
      // Nothing stored: another store began first and took the changes. Stores are handed to H2's
      // threads under the store lock, which this takes; once both threads have run everything
      // queued before, every store begun before is in the file. (When this thread stored, H2's
      // threads had already written everything queued before it: they run in order.)
      store.executeFilestoreOperation(() -> {});
    }
    nameLastStoreInHeader(store.getFileStore());
  }

  private static final Method WRITE_STORE_HEADER;
  private static final Field SAVE_CHUNK_LOCK;

  static {
    try {
      WRITE_STORE_HEADER = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
      WRITE_STORE_HEADER.setAccessible(true);
      SAVE_CHUNK_LOCK = FileStore.class.getDeclaredField("saveChunkLock");
      SAVE_CHUNK_LOCK.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      // the H2 version is pinned: a different one must be checked against this class first
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Writes the file header naming the last store written, unless it names it already. H2 writes
   * stores and its header under its save lock, so the store the header names is in the file.
   */
  private static void nameLastStoreInHeader(FileStore<?> files) throws SQLException {
    if (!(files instanceof RandomAccessStore)) {
      return;
    }
    try {
      ReentrantLock saving = (ReentrantLock) SAVE_CHUNK_LOCK.get(files);
      saving.lock();
      try {
        // a number once H2 wrote the header, the file's hex text when it was only read
        Object named = files.getStoreHeader().get("version");
        long headerVersion =
            named instanceof Number n
                ? n.longValue()
                : named == null ? -1 : Long.parseLong(named.toString(), 16);
        if (files.lastChunkVersion() > headerVersion) {
          WRITE_STORE_HEADER.invoke(files);
        }
      } finally {
        saving.unlock();
      }
    } catch (ReflectiveOperationException | NumberFormatException e) {
      throw new SQLException("could not write the H2 file header", e);
    }
  }
}
