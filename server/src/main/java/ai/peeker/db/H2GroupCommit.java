package ai.peeker.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleListener;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;

/**
 * Every commit made through the request Jdbi on an H2 file database returns only once it is written
 * to the file.
 *
 * <p>H2 keeps committed changes in memory and writes them some time later ({@code WRITE_DELAY}, 500
 * ms), so {@code kill -9} loses writes already acknowledged. {@code WRITE_DELAY=0} stores at every
 * commit of every connection, the background work's too, and a provisioning backlog then drained
 * several times slower (bench/order-intake, bench/writes). Here a commit waits for a write to the
 * file ({@link H2WriteThrough}) that started after it, and one write serves every commit made
 * before it began: while one runs, the commits arriving meanwhile queue, and the first of them
 * writes them all (group commit). The wait happens when the Jdbi handle closes, before any answer
 * goes out.
 *
 * <p>The write is a {@code write()} to the operating system, not an {@code fsync}: it survives the
 * process dying, not the machine losing power (PostgreSQL covers that). H2 writes its file as a
 * sequence of consistent versions, so after a crash the database is as of some commit at or after
 * the last acknowledged one.
 */
final class H2GroupCommit {
  private final DataSource dataSource;
  private final AtomicLong commits = new AtomicLong();

  /** The latest commit of each connection in use, written or not. */
  private final Map<Connection, Long> pending = new ConcurrentHashMap<>();

  private final ReentrantLock writing = new ReentrantLock();
  private long writtenThrough; // guarded by writing
  private boolean declared; // guarded by writing

  private H2GroupCommit(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Commits (and writes outside a transaction) are counted; closing the handle waits until they are
   * written. The wait comes after the connection went back to the pool, so the commits waiting for
   * one write do not hold every connection.
   */
  static void install(Jdbi jdbi, DataSource dataSource) {
    if (Boolean.getBoolean("peeker.bench.delayedCommits")) {
      return; // bench/writes measures what waiting costs against H2 left to itself
    }
    H2GroupCommit group = new H2GroupCommit(dataSource);
    jdbi.setTransactionHandler(group.new Counting(jdbi.getTransactionHandler()));
    jdbi.getConfig(SqlStatements.class)
        .addCustomizer(
            new StatementCustomizer() {
              @Override
              public void afterExecution(PreparedStatement statement, StatementContext ctx)
                  throws SQLException {
                Connection connection = ctx.getConnection();
                if (connection.getAutoCommit() && statement.getUpdateCount() >= 0) {
                  group.committed(connection);
                }
              }
            });
    jdbi.getConfig(Handles.class)
        .addListener(
            new HandleListener() {
              @Override
              public void handleClosed(Handle handle) {
                Long commit = group.pending.remove(handle.getConnection());
                if (commit != null) {
                  group.awaitWritten(commit);
                }
              }
            });
  }

  private void committed(Connection connection) {
    pending.put(connection, commits.incrementAndGet());
  }

  /** Returns once {@code commit} and every commit before it are in the file. */
  private void awaitWritten(long commit) {
    writing.lock();
    try {
      if (writtenThrough >= commit) {
        return; // a write that began after this commit has ended
      }
      long through = commits.get();
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        if (!declared) {
          H2WriteThrough.declare(statement);
          declared = true;
        }
        H2WriteThrough.call(statement);
      }
      writtenThrough = through;
    } catch (SQLException e) {
      throw new IllegalStateException("committed, but could not write the commit to the file", e);
    } finally {
      writing.unlock();
    }
  }

  private final class Counting extends DelegatingTransactionHandler {
    Counting(TransactionHandler delegate) {
      super(delegate);
    }

    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
      return new Counting(getDelegate().specialize(handle));
    }

    @Override
    public void commit(Handle handle) {
      super.commit(handle);
      committed(handle.getConnection());
    }
  }
}
