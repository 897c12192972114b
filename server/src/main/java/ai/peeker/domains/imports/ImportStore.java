package ai.peeker.domains.imports;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of imports: tables {@code domain_imports} and {@code domain_import_rows}. */
final class ImportStore {
  private static final String ROW_COLUMNS = "seq, domain, status, reason, domain_id, nameservers";

  private ImportStore() {}

  /** The job row without its names. */
  record Head(
      String id,
      Scope scope,
      ImportKind kind,
      ImportStatus status,
      Instant createdAt,
      Instant completedAt) {}

  static void insertJob(
      Handle h,
      Scope scope,
      String id,
      ImportKind kind,
      ImportStatus status,
      String setHash,
      int count,
      Instant createdAt) {
    h.createUpdate(
            "INSERT INTO domain_imports (id, partner_id, environment, kind, status, set_hash,"
                + " domain_count, created_at) VALUES (:id, :partner, :env, :kind, :status,"
                + " :hash, :count, :at)")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .bind("kind", kind)
        .bind("status", status)
        .bind("hash", setHash)
        .bind("count", count)
        .bind("at", createdAt)
        .execute();
  }

  static void insertRows(Handle h, Scope scope, String importId, List<ImportRow> rows) {
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO domain_import_rows (import_id, seq, partner_id, environment, domain,"
                + " status, reason, domain_id, nameservers, checks) VALUES (:import, :seq,"
                + " :partner, :env, :domain, :status, :reason, :domainId, :ns, 0)");
    for (ImportRow row : rows) {
      batch
          .bind("import", importId)
          .bind("seq", row.seq())
          .bindMap(scope.sqlArguments())
          .bind("domain", row.domain())
          .bind("status", row.status())
          .bind("reason", row.reason())
          .bind("domainId", row.domainId())
          .bind("ns", joined(row.nameservers()))
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  static Optional<Head> head(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT id, partner_id, environment, kind, status, created_at, completed_at"
                + " FROM domain_imports WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(ImportStore::readHead)
        .findOne();
  }

  /** The job's head found by id alone, for its own background job (which has no key). */
  static Optional<Head> headForJob(Handle h, String id) {
    return h.createQuery(
            "SELECT id, partner_id, environment, kind, status, created_at, completed_at"
                + " FROM domain_imports WHERE id = :id")
        .bind("id", id)
        .map(ImportStore::readHead)
        .findOne();
  }

  /** Locks the job's row for a transaction that settles it; answers its current status. */
  static ImportStatus lock(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT status FROM domain_imports WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env FOR UPDATE")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map((rs, ctx) -> WireValue.of(ImportStatus.class, rs.getString("status")))
        .one();
  }

  static Optional<String> byHash(Handle h, Scope scope, String setHash) {
    return h.createQuery(
            "SELECT id FROM domain_imports WHERE partner_id = :partner AND environment = :env"
                + " AND set_hash = :hash")
        .bindMap(scope.sqlArguments())
        .bind("hash", setHash)
        .mapTo(String.class)
        .findOne();
  }

  static List<ImportRow> rows(Handle h, Scope scope, String importId) {
    return h.createQuery(
            "SELECT "
                + ROW_COLUMNS
                + " FROM domain_import_rows WHERE import_id = :import AND partner_id = :partner"
                + " AND environment = :env ORDER BY seq")
        .bind("import", importId)
        .bindMap(scope.sqlArguments())
        .map(ImportStore::row)
        .list();
  }

  static List<ImportRow> rowsIn(
      Handle h, Scope scope, String importId, ImportRowStatus status, int limit) {
    return h.createQuery(
            "SELECT "
                + ROW_COLUMNS
                + " FROM domain_import_rows WHERE import_id = :import AND partner_id = :partner"
                + " AND environment = :env AND status = :status ORDER BY seq"
                + Cursor.limit(limit))
        .bind("import", importId)
        .bindMap(scope.sqlArguments())
        .bind("status", status)
        .map(ImportStore::row)
        .list();
  }

  /** Names of this tenant that some import holds queued (not yet a domain row). */
  static Set<String> queuedNames(Handle h, Scope scope, Collection<String> names) {
    if (names.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        h.createQuery(
                "SELECT domain FROM domain_import_rows WHERE partner_id = :partner"
                    + " AND environment = :env AND status = :queued AND domain IN (<names>)")
            .bindMap(scope.sqlArguments())
            .bind("queued", ImportRowStatus.QUEUED)
            .bindList("names", List.copyOf(names))
            .mapTo(String.class)
            .list());
  }

  /** Ids of this tenant's imports holding any of {@code names}, newest first. */
  static List<String> holding(Handle h, Scope scope, Collection<String> names) {
    return h.createQuery(
            "SELECT DISTINCT i.id, i.created_at FROM domain_imports i JOIN domain_import_rows r"
                + " ON r.import_id = i.id WHERE r.partner_id = :partner AND r.environment = :env"
                + " AND r.domain IN (<names>) ORDER BY i.created_at DESC, i.id DESC")
        .bindMap(scope.sqlArguments())
        .bindList("names", List.copyOf(names))
        .map((rs, ctx) -> rs.getString("id"))
        .list();
  }

  /** Writes rows' new states; each only while it is in {@code from} (a rerun changes nothing). */
  static void updateRows(
      Handle h, Scope scope, String importId, List<ImportRow> rows, ImportRowStatus from) {
    PreparedBatch batch =
        h.prepareBatch(
            "UPDATE domain_import_rows SET status = :status, reason = :reason,"
                + " domain_id = :domainId, nameservers = :ns, checks = checks + 1"
                + " WHERE import_id = :import AND seq = :seq AND partner_id = :partner"
                + " AND environment = :env AND status = :from");
    for (ImportRow row : rows) {
      batch
          .bind("status", row.status())
          .bind("reason", row.reason())
          .bind("domainId", row.domainId())
          .bind("ns", joined(row.nameservers()))
          .bind("import", importId)
          .bind("seq", row.seq())
          .bindMap(scope.sqlArguments())
          .bind("from", from)
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /**
   * Moves the rows {@code seqs} that are still in {@code from} to {@code status} (with {@code
   * reason}) in one statement.
   */
  static void moveRows(
      Handle h,
      Scope scope,
      String importId,
      List<Integer> seqs,
      ImportRowStatus from,
      ImportRowStatus status,
      ImportRowReason reason) {
    if (seqs.isEmpty()) {
      return;
    }
    h.createUpdate(
            "UPDATE domain_import_rows SET status = :status, reason = :reason,"
                + " checks = checks + 1 WHERE import_id = :import AND partner_id = :partner"
                + " AND environment = :env AND status = :from AND seq IN (<seqs>)")
        .bind("status", status)
        .bind("reason", reason)
        .bind("import", importId)
        .bindMap(scope.sqlArguments())
        .bind("from", from)
        .bindList("seqs", seqs)
        .execute();
  }

  static void setStatus(
      Handle h, Scope scope, String id, ImportStatus status, Instant completedAt) {
    h.createUpdate(
            "UPDATE domain_imports SET status = :status, completed_at = :at WHERE id = :id"
                + " AND partner_id = :partner AND environment = :env")
        .bind("status", status)
        .bind("at", completedAt)
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
        WireValue.of(ImportKind.class, rs.getString("kind")),
        WireValue.of(ImportStatus.class, rs.getString("status")),
        instants.map(rs, "created_at", ctx),
        instants.map(rs, "completed_at", ctx));
  }

  private static ImportRow row(ResultSet rs, StatementContext ctx) throws SQLException {
    String ns = rs.getString("nameservers");
    return new ImportRow(
        rs.getInt("seq"),
        rs.getString("domain"),
        WireValue.of(ImportRowStatus.class, rs.getString("status")),
        WireValue.of(ImportRowReason.class, rs.getString("reason")),
        rs.getString("domain_id"),
        ns == null ? null : Arrays.asList(ns.split(",")));
  }

  private static String joined(List<String> nameservers) {
    return nameservers == null ? null : String.join(",", nameservers);
  }
}
