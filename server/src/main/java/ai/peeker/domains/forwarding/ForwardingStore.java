package ai.peeker.domains.forwarding;

import ai.peeker.common.WireValue;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of forwarding jobs: tables {@code forwarding_jobs} and {@code forwarding_job_rows}. */
final class ForwardingStore {
  private ForwardingStore() {}

  record Head(
      String id,
      Scope scope,
      ForwardingStatus status,
      String url,
      Instant createdAt,
      Instant completedAt) {}

  static void insert(Handle h, Scope scope, ForwardingJob job) {
    h.createUpdate(
            "INSERT INTO forwarding_jobs (id, partner_id, environment, status, forwarding_url,"
                + " created_at) VALUES (:id, :partner, :env, :status, :url, :at)")
        .bind("id", job.id())
        .bindMap(scope.sqlArguments())
        .bind("status", job.status())
        .bind("url", job.forwardingUrl())
        .bind("at", job.createdAt())
        .execute();
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO forwarding_job_rows (job_id, seq, partner_id, environment, domain_id,"
                + " domain, status) VALUES (:job, :seq, :partner, :env, :domainId, :domain,"
                + " :status)");
    for (ForwardingJob.Row row : job.rows()) {
      batch
          .bind("job", job.id())
          .bind("seq", row.seq())
          .bindMap(scope.sqlArguments())
          .bind("domainId", row.domainId())
          .bind("domain", row.domain())
          .bind("status", row.status())
          .add();
    }
    batch.execute();
  }

  static Optional<Head> head(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT id, partner_id, environment, status, forwarding_url, created_at, completed_at"
                + " FROM forwarding_jobs WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(ForwardingStore::readHead)
        .findOne();
  }

  /** The job found by id alone, for its own background job. */
  static Optional<Head> headForJob(Handle h, String id) {
    return h.createQuery(
            "SELECT id, partner_id, environment, status, forwarding_url, created_at, completed_at"
                + " FROM forwarding_jobs WHERE id = :id")
        .bind("id", id)
        .map(ForwardingStore::readHead)
        .findOne();
  }

  static ForwardingStatus lock(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT status FROM forwarding_jobs WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env FOR UPDATE")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map((rs, ctx) -> WireValue.of(ForwardingStatus.class, rs.getString("status")))
        .one();
  }

  static List<ForwardingJob.Row> rows(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT seq, domain_id, domain, status, reason FROM forwarding_job_rows"
                + " WHERE job_id = :id AND partner_id = :partner AND environment = :env"
                + " ORDER BY seq")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(
            (rs, ctx) ->
                new ForwardingJob.Row(
                    rs.getInt("seq"),
                    rs.getString("domain_id"),
                    rs.getString("domain"),
                    WireValue.of(ForwardingRowStatus.class, rs.getString("status")),
                    WireValue.of(ForwardingFailure.class, rs.getString("reason"))))
        .list();
  }

  /** Settles a pending row; false when it was settled already (a rerun). */
  static boolean settleRow(
      Handle h,
      Scope scope,
      String id,
      int seq,
      ForwardingRowStatus status,
      ForwardingFailure reason) {
    return h.createUpdate(
                "UPDATE forwarding_job_rows SET status = :status, reason = :reason"
                    + " WHERE job_id = :id AND seq = :seq AND partner_id = :partner"
                    + " AND environment = :env AND status = :pending")
            .bind("status", status)
            .bind("reason", reason)
            .bind("id", id)
            .bind("seq", seq)
            .bindMap(scope.sqlArguments())
            .bind("pending", ForwardingRowStatus.PENDING)
            .execute()
        == 1;
  }

  static void finish(Handle h, Scope scope, String id, ForwardingStatus status, Instant at) {
    h.createUpdate(
            "UPDATE forwarding_jobs SET status = :status, completed_at = :at WHERE id = :id"
                + " AND partner_id = :partner AND environment = :env")
        .bind("status", status)
        .bind("at", at)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  private static Head readHead(ResultSet rs, StatementContext ctx) throws SQLException {
    var instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
    return new Head(
        rs.getString("id"),
        new Scope(
            rs.getString("partner_id"),
            WireValue.of(Environment.class, rs.getString("environment"))),
        WireValue.of(ForwardingStatus.class, rs.getString("status")),
        rs.getString("forwarding_url"),
        instants.map(rs, "created_at", ctx),
        instants.map(rs, "completed_at", ctx));
  }
}
