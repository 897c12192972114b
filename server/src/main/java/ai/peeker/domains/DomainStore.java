package ai.peeker.domains;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.db.Database;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * All SQL of the {@code domains} table, the only writer of it; every method is scoped to one
 * partner and environment and joins the caller's transaction.
 */
final class DomainStore {
  private static final String COLUMNS =
      "d.id, d.domain, d.category, d.status, d.source, d.provider, d.user_id, d.order_id,"
          + " d.usable_google, d.usable_microsoft, d.forwarding_url, d.created_at, d.environment";

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
            "SELECT "
                + COLUMNS
                + " FROM domains d WHERE d.id = :id AND d.partner_id = :partner"
                + " AND d.environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(DomainStore::domain)
        .findOne();
  }

  /** The rows of this tenant holding any of {@code names} (normalised). */
  static List<Domain> byName(Handle h, Scope scope, List<String> names) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM domains d WHERE d.partner_id = :partner"
                + " AND d.environment = :env AND d.domain IN (<names>)")
        .bindMap(scope.sqlArguments())
        .bindList("names", names)
        .map(DomainStore::domain)
        .list();
  }

  static List<Domain> byId(Handle h, Scope scope, List<String> ids) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM domains d WHERE d.partner_id = :partner"
                + " AND d.environment = :env AND d.id IN (<ids>)")
        .bindMap(scope.sqlArguments())
        .bindList("ids", ids)
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
    sql.append(Cursor.newestFirst("d.", filter.indexedColumn())).append(Cursor.limit(limit));
    var query = h.createQuery(sql.toString()).bindMap(scope.sqlArguments());
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

  /** New rows for names bought for an order: connected and provisioning from the start. */
  static void insertBought(Handle h, Scope scope, List<DomainLifecycle.Bought> rows) {
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO domains (id, partner_id, environment, domain, category, status, source,"
                + " provider, user_id, order_id, usable_google, usable_microsoft, forwarding_url,"
                + " price_cents, created_at) VALUES (:id, :partner, :env, :domain, :category,"
                + " :status, :source, :provider, :userId, :orderId, :google, :microsoft, :url,"
                + " :price, :createdAt)");
    for (DomainLifecycle.Bought row : rows) {
      DomainLifecycle.Connection c = row.connection();
      batch
          .bind("id", row.id())
          .bindMap(scope.sqlArguments())
          .bind("domain", row.domain())
          .bind("category", DomainCategory.CONNECTED)
          .bind("status", DomainStatus.PROVISIONING)
          .bind("source", DomainSource.REGISTERED)
          .bind("provider", c.provider())
          .bind("userId", c.userId())
          .bind("orderId", c.orderId())
          .bind("google", row.usableForGoogle())
          .bind("microsoft", row.usableForMicrosoft())
          .bind("url", c.forwardingUrl())
          .bind("price", row.priceCents())
          .bind("createdAt", row.createdAt())
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /** New inventory rows for imported names, waiting for their nameservers. */
  static void insertImported(Handle h, Scope scope, List<DomainLifecycle.Imported> rows) {
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO domains (id, partner_id, environment, domain, category, status, source,"
                + " usable_google, usable_microsoft, created_at) VALUES (:id, :partner, :env,"
                + " :domain, :category, :status, :source, TRUE, TRUE, :createdAt)");
    for (DomainLifecycle.Imported row : rows) {
      batch
          .bind("id", row.id())
          .bindMap(scope.sqlArguments())
          .bind("domain", row.domain())
          .bind("category", DomainCategory.INVENTORY)
          .bind("status", DomainStatus.PENDING_NAMESERVERS)
          .bind("source", DomainSource.IMPORTED)
          .bind("createdAt", row.createdAt())
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /**
   * Moves an imported inventory row from {@code from} to {@code to}; false when it is not there.
   */
  static boolean moveInventory(
      Handle h, Scope scope, String id, DomainStatus from, DomainStatus to) {
    return h.createUpdate(
                "UPDATE domains SET status = :to WHERE id = :id AND partner_id = :partner"
                    + " AND environment = :env AND category = :inventory AND source = :imported"
                    + " AND status = :from")
            .bind("to", to)
            .bind("from", from)
            .bind("inventory", DomainCategory.INVENTORY)
            .bind("imported", DomainSource.IMPORTED)
            .bind("id", id)
            .bindMap(scope.sqlArguments())
            .execute()
        == 1;
  }

  /** {@link #moveInventory} for many rows in one statement. */
  static void moveInventory(
      Handle h, Scope scope, List<String> ids, DomainStatus from, DomainStatus to) {
    if (ids.isEmpty()) {
      return;
    }
    h.createUpdate(
            "UPDATE domains SET status = :to WHERE partner_id = :partner AND environment = :env"
                + " AND category = :inventory AND source = :imported AND status = :from"
                + " AND id IN (<ids>)")
        .bind("to", to)
        .bind("from", from)
        .bind("inventory", DomainCategory.INVENTORY)
        .bind("imported", DomainSource.IMPORTED)
        .bindMap(scope.sqlArguments())
        .bindList("ids", ids)
        .execute();
  }

  static void setForwardingUrl(Handle h, Scope scope, String id, String url) {
    h.createUpdate(
            "UPDATE domains SET forwarding_url = :url WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env")
        .bind("url", url)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  /**
   * Connects an inventory row in one of the {@code orderable} states. False when it is not such a
   * row any more: the condition re-checks under the row lock, so two orders never share a domain.
   */
  static boolean claim(
      Handle h,
      Scope scope,
      String id,
      DomainLifecycle.Connection c,
      Collection<DomainStatus> orderable) {
    return h.createUpdate(
                "UPDATE domains SET category = :connected, status = :provisioning,"
                    + " provider = :provider, user_id = :userId, order_id = :orderId,"
                    + " forwarding_url = :url WHERE id = :id AND partner_id = :partner"
                    + " AND environment = :env AND category = :inventory"
                    + " AND status IN (<orderable>)")
            .bind("connected", DomainCategory.CONNECTED)
            .bind("provisioning", DomainStatus.PROVISIONING)
            .bind("inventory", DomainCategory.INVENTORY)
            .bind("provider", c.provider())
            .bind("userId", c.userId())
            .bind("orderId", c.orderId())
            .bind("url", c.forwardingUrl())
            .bind("id", id)
            .bindMap(scope.sqlArguments())
            .bindList("orderable", List.copyOf(orderable))
            .execute()
        == 1;
  }

  static void assignProvider(
      Handle h, Scope scope, Collection<String> ids, MailProviderKind provider) {
    if (ids.isEmpty()) {
      return;
    }
    h.createUpdate(
            "UPDATE domains SET provider = :provider WHERE id IN (<ids>) AND partner_id = :partner"
                + " AND environment = :env")
        .bind("provider", provider)
        .bindList("ids", List.copyOf(ids))
        .bindMap(scope.sqlArguments())
        .execute();
  }

  static void setStatus(Handle h, Scope scope, String id, DomainStatus status) {
    h.createUpdate(
            "UPDATE domains SET status = :status WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env")
        .bind("status", status)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  /** Back to inventory, available, with no customer or order; only while on {@code orderId}. */
  static void returnToInventory(Handle h, Scope scope, String id, String orderId) {
    h.createUpdate(
            "UPDATE domains SET category = :inventory, status = :available, order_id = NULL,"
                + " user_id = NULL, provider = NULL, forwarding_url = NULL WHERE id = :id"
                + " AND partner_id = :partner AND environment = :env AND order_id = :orderId")
        .bind("inventory", DomainCategory.INVENTORY)
        .bind("available", DomainStatus.AVAILABLE)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .bind("orderId", orderId)
        .execute();
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
        Database.instant(rs, "created_at", ctx),
        WireValue.of(Environment.class, rs.getString("environment")) == Environment.LIVE);
  }
}
