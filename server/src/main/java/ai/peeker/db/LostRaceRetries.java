package ai.peeker.db;

import java.sql.SQLException;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.SerializableTransactionRunner;
import org.jdbi.v3.core.transaction.TransactionHandler;

/**
 * Runs a transaction again, whole, when it lost a race to a concurrent one: Jdbi's {@link
 * SerializableTransactionRunner} (up to 5 more runs, no pause), widened from serialization failures
 * to every way the two databases report a lost race. A run that loses on a unique index finds the
 * winner's row when it runs again (PostgreSQL holds the loser until the winner commits). A
 * transaction nested in another is the outer one's to run again.
 */
final class LostRaceRetries extends SerializableTransactionRunner {
  /**
   * Unique violation; serialization failure (H2: deadlock); PostgreSQL deadlock; H2 lock timeout
   * and concurrent update.
   */
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
