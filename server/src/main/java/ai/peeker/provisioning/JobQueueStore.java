package ai.peeker.provisioning;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Reads db-scheduler's queue (its table is db-scheduler's to write) for the operator's metrics. */
final class JobQueueStore {
  private JobQueueStore() {}

  /**
   * Per task: jobs due and waiting for a runner, jobs running, and the oldest waiting one. A job is
   * picked only once due, so running jobs are among those due by {@code now} too: the read stays on
   * the {@code execution_time} index, and never reads the jobs scheduled for later (renewals a
   * month out, one per order).
   */
  record Depth(String task, long due, long running, Instant oldestDue) {}

  static List<Depth> depths(Handle h, Instant now, int timeoutSeconds) {
    return h.createQuery(
            """
            SELECT task_name,
                   SUM(CASE WHEN picked THEN 0 ELSE 1 END) AS due,
                   SUM(CASE WHEN picked THEN 1 ELSE 0 END) AS running,
                   MIN(CASE WHEN picked THEN NULL ELSE execution_time END) AS oldest_due
              FROM scheduled_tasks
             WHERE execution_time <= :now
             GROUP BY task_name
            """)
        .setQueryTimeout(timeoutSeconds)
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .map(
            (rs, ctx) -> {
              OffsetDateTime oldest = rs.getObject("oldest_due", OffsetDateTime.class);
              return new Depth(
                  rs.getString("task_name"),
                  rs.getLong("due"),
                  rs.getLong("running"),
                  oldest == null ? null : oldest.toInstant());
            })
        .list();
  }
}
