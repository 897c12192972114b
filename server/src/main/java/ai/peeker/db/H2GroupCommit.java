package ai.peeker.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;

/**
 * Every commit on an H2 file database returns only once it is written to the file.
 *
 * <p>H2 keeps committed changes in memory and writes them some time later ({@code WRITE_DELAY},
 * 500 ms), so {@code kill -9} loses writes already acknowledged. {@code WRITE_DELAY=0} writes at
 * every commit, but then each of many concurrent commits writes its own chunk, which cost most of
 * the write throughput (bench/writes). Here a commit waits for a {@code CHECKPOINT} that started
 * after it, and one checkpoint serves every commit made before it began: while one runs, the
 * commits arriving meanwhile queue, and the first of them writes them all (group commit).
 *
 * <p>A checkpoint is a {@code write()} to the operating system, not an {@code fsync}: it survives
 * the process dying, not the machine losing power (PostgreSQL covers that). H2 writes its file as
 * a sequence of consistent versions, so after a crash the database is as of some commit at or
 * after the last acknowledged one.
 */
final class H2GroupCommit {
  private final AtomicLong committed = new AtomicLong();
  private final ReentrantLock writing = new ReentrantLock();
  private long writtenThrough; // guarded by writing

  private H2GroupCommit() {}

  /** Transactions wait at commit; writes outside a transaction wait after their statement. */
  static void install(Jdbi jdbi) {
    if (Boolean.getBoolean("peeker.bench.delayedCommits")) {
      return; // bench/writes measures what waiting costs against H2 left to itself
    }
    H2GroupCommit group = new H2GroupCommit();
    jdbi.setTransactionHandler(group.new Committing(jdbi.getTransactionHandler()));
    jdbi.getConfig(SqlStatements.class)
        .addCustomizer(
            new StatementCustomizer() {
              @Override
              public void afterExecution(PreparedStatement statement, StatementContext ctx)
                  throws SQLException {
                Connection connection = ctx.getConnection();
                if (connection.getAutoCommit() && statement.getUpdateCount() >= 0) {
                  group.awaitWritten(connection);
                }
              }
            });
  }

  /** Returns once everything committed before the call is in the file. */
  void awaitWritten(Connection connection) throws SQLException {
    long mine = committed.incrementAndGet();
    writing.lock();
    try {
      if (writtenThrough >= mine) {
        return; // a checkpoint that began after this commit has ended
      }
      long through = committed.get();
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT");
      }
      writtenThrough = through;
    } finally {
      writing.unlock();
    }
  }

  private final class Committing extends DelegatingTransactionHandler {
    Committing(TransactionHandler delegate) {
      super(delegate);
    }

    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
      return new Committing(getDelegate().specialize(handle));
    }

    @Override
    public void commit(Handle handle) {
      super.commit(handle);
      try {
        awaitWritten(handle.getConnection());
      } catch (SQLException e) {
        throw new IllegalStateException("committed, but could not write the commit to the file", e);
      }
    }
  }
}
