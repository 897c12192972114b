package ai.peeker.provisioning;

import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcTaskRepositoryContext;
import com.github.kagkarlsson.scheduler.task.Execution;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * db-scheduler's database dialect, with two changes; everything else is the detected dialect's.
 *
 * <p>Instants are written and read as UTC {@link OffsetDateTime}s. Its default passes {@code
 * java.sql.Timestamp}s, which H2 files under the JVM's time zone: two processes in different zones
 * then disagree about when a job is due (a job scheduled by one looked hours away to the other).
 *
 * <p>A look for due jobs on H2 (fetch, then claim when a thread takes the job) asks for no more
 * than this node has room for. db-scheduler fetches a thread-full at every poll whatever is still
 * waiting and queues it behind the earlier batches, which are skipped once a thread reaches them:
 * while every thread was busy, each poll (four a second) read 128 jobs and queued them, and the
 * queue held thousands of them, live until a thread came free. PostgreSQL claims only what fits
 * already (lock and fetch), and does not use this query.
 */
final class JobDialect implements JdbcCustomization {
  private final JdbcCustomization dialect;
  private final IntSupplier room;

  /**
   * @param room how many more jobs this node takes now; a look for due jobs fetches at most that
   *     many
   */
  JobDialect(JdbcCustomization dialect, IntSupplier room) {
    this.dialect = dialect;
    this.room = room;
  }

  @Override
  public void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
    if (value == null) {
      p.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      p.setObject(index, value.atOffset(ZoneOffset.UTC));
    }
  }

  @Override
  public Instant getInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  @Override
  public String getName() {
    return dialect.getName();
  }

  @Override
  public void setTaskData(PreparedStatement p, int index, byte[] value) throws SQLException {
    dialect.setTaskData(p, index, value);
  }

  @Override
  public byte[] getTaskData(ResultSet rs, String column) throws SQLException {
    return dialect.getTaskData(rs, column);
  }

  @Override
  public boolean supportsExplicitQueryLimitPart() {
    return dialect.supportsExplicitQueryLimitPart();
  }

  @Override
  public String getQueryLimitPart(int limit) {
    return dialect.getQueryLimitPart(limit);
  }

  @Override
  public boolean supportsSingleStatementLockAndFetch() {
    return dialect.supportsSingleStatementLockAndFetch();
  }

  @Override
  public List<Execution> lockAndFetchSingleStatement(
      JdbcTaskRepositoryContext ctx, Instant now, int limit, boolean orderByPriority) {
    return dialect.lockAndFetchSingleStatement(ctx, now, limit, orderByPriority);
  }

  @Override
  public boolean supportsGenericLockAndFetch() {
    return dialect.supportsGenericLockAndFetch();
  }

  @Override
  public String createGenericSelectForUpdateQuery(
      String tableName, int limit, String requiredAndCondition, boolean orderByPriority) {
    return dialect.createGenericSelectForUpdateQuery(
        tableName, limit, requiredAndCondition, orderByPriority);
  }

  @Override
  public String createSelectDueQuery(
      String tableName, int limit, String andCondition, boolean orderByPriority) {
    int fits = Math.clamp(room.getAsInt(), 0, limit);
    if (fits > 0 && dialect.supportsExplicitQueryLimitPart()) {
      return dialect.createSelectDueQuery(tableName, fits, andCondition, orderByPriority);
    }
    // no room: a query that finds nothing, cheaply (the next poll or wake-up looks again)
    String none = fits > 0 ? andCondition : andCondition + " and 1 = 0";
    return dialect.createSelectDueQuery(tableName, limit, none, orderByPriority);
  }
}
