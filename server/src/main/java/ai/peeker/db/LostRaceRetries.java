package ai.peeker.db;

import java.sql.SQLException;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.SerializableTransactionRunner;
import org.jdbi.v3.core.transaction.TransactionHandler;

/**
 * Runs a transaction that lost a race again, whole (up to 5 more times): Jdbi's {@link
 * SerializableTransactionRunner}, widened from serialization failures to each way the two databases
 * report a lost race. A nested transaction is the outer one's to run again.
 */
final class LostRaceRetries extends SerializableTransactionRunner {
  /** Unique violation, serialization failure, deadlock, H2 lock timeout and concurrent update. */
  private static final Set<String> LOST_RACE = Set.of("23505", "40001", "40P01", "HYT00", "90131");

  LostRaceRetries(TransactionHandler delegate) {
    super(delegate);
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    return handle.isInTransaction()
        ? getDelegate().inTransaction(handle, callback)
        : super.inTransaction(handle, callback);
  }

  @Override
  public TransactionHandler specialize(Handle handle) throws SQLException {
    return new LostRaceRetries(getDelegate().specialize(handle));
  }

  @Override
  protected boolean isSqlState(String serializationFailure, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // a pool timeout has no SQL state (and Set.of refuses to look up null)
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && LOST_RACE.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
