package ai.peeker.domains;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of reading domains; every method is scoped to one partner and environment. */
final class DomainStore {
  private static final String COLUMNS =
      "d.id, d.domain, d.category, d.status, d.source, d.provider, d.user_id, d.order_id,"
          + " d.usable_google, d.usable_microsoft, d.forwarding_url, d.created_at";

  private DomainStore() {}

  /** Filters of the domains listing; null means any. */
  record Filter(
      DomainCategory category,
      String userId,
      String userEmailKey,
      MailProviderKind usableFor,
      DomainStatus status) {
    /** The filtered column whose (tenant, column, created_at, id) index serves alone, if any. */
    String indexedColumn() {
      boolean others = userEmailKey != null || usableFor != null || status != null;
      if (others || (category != null && userId != null)) {
        return null;
      }
      return category != null ? "category" : userId != null ? "user_id" : null;
    }
  }

  static Optional<Domain> find(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM domains d WHERE d.id = :id AND d.partner_id = :partner"
                + " AND d.environment = :env")
        .bind("id", id)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .map(DomainStore::domain)
        .findOne();
  }

  /** The rows of this tenant holding any of {@code names} (normalised). */
  static List<Domain> byName(Handle h, Scope scope, List<String> names) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM domains d WHERE d.partner_id = :partner"
                + " AND d.environment = :env AND d.domain IN (<names>)")
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bindList("names", names)
        .map(DomainStore::domain)
        .list();
  }

  static List<Domain> list(Handle h, Scope scope, Filter filter, Cursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM domains d");
    if (filter.userEmailKey() != null) {
      sql.append(" JOIN users u ON u.id = d.user_id AND u.email_key = :emailKey");
    }
    sql.append(" WHERE d.partner_id = :partner AND d.environment = :env");
    if (filter.category() != null) {
      sql.append(" AND d.category = :category");
    }
    if (filter.userId() != null) {
      sql.append(" AND d.user_id = :userId");
    }
    if (filter.usableFor() != null) {
      sql.append(
          switch (filter.usableFor()) {
            case GOOGLE -> " AND d.usable_google = TRUE";
            case MICROSOFT -> " AND d.usable_microsoft = TRUE";
          });
    }
    if (filter.status() != null) {
      sql.append(" AND d.status = :status");
    }
    if (after != null) {
      sql.append(Cursor.after("d."));
    }
    sql.append(Cursor.newestFirst("d.", filter.indexedColumn())).append(" LIMIT :limit");
    var query =
        h.createQuery(sql.toString())
            .bind("partner", scope.partnerId())
            .bind("env", scope.env())
            .bind("limit", limit);
    if (filter.userEmailKey() != null) {
      query.bind("emailKey", filter.userEmailKey());
    }
    if (filter.category() != null) {
      query.bind("category", filter.category());
    }
    if (filter.userId() != null) {
      query.bind("userId", filter.userId());
    }
    if (filter.status() != null) {
      query.bind("status", filter.status());
    }
    if (after != null) {
      query.bind("afterAt", after.createdAt()).bind("afterId", after.id());
    }
    return query.map(DomainStore::domain).list();
  }

  static Domain domain(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Domain(
        rs.getString("id"),
        rs.getString("domain"),
        WireValue.of(DomainCategory.class, rs.getString("category")),
        WireValue.of(DomainStatus.class, rs.getString("status")),
        WireValue.of(DomainSource.class, rs.getString("source")),
        WireValue.of(MailProviderKind.class, rs.getString("provider")),
        rs.getString("user_id"),
        rs.getString("order_id"),
        rs.getBoolean("usable_google"),
        rs.getBoolean("usable_microsoft"),
        rs.getString("forwarding_url"),
        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx));
  }
}
