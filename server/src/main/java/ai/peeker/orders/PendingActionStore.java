package ai.peeker.orders;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of pending actions; scoped, except the operator's lookup by id. */
final class PendingActionStore {
  private static final String COLUMNS =
      "a.id, a.partner_id, a.environment, a.type, a.reason, a.status, a.order_id, a.domain_id,"
          + " a.domain, a.first_name, a.last_name, a.profile_picture_url, a.message, a.created_at,"
          + " a.resolved_at";

  private PendingActionStore() {}

  /** Filters of the listing; null means any. */
  record Filter(
      String orderId,
      String userId,
      String userEmailKey,
      String domainId,
      PendingActionStatus status) {}

  /** Inserts the action unless one exists for the same cause; true when it was new. */
  static boolean insertIfAbsent(Handle h, Scope scope, PendingAction a, int personaIndex) {
    return h.createUpdate(
                "INSERT INTO pending_actions (id, partner_id, environment, order_id, domain_id,"
                    + " domain, type, reason, status, persona_index, first_name, last_name,"
                    + " profile_picture_url, message, created_at) SELECT :id, :partner, :env,"
                    + " :orderId, :domainId, :domain, :type, :reason, :status, :persona, :first,"
                    + " :last, :picture, :message, :createdAt WHERE NOT EXISTS (SELECT 1 FROM"
                    + " pending_actions WHERE order_id = :orderId AND domain_id = :domainId"
                    + " AND type = :type AND persona_index = :persona)")
            .bind("id", a.id())
            .bindMap(scope.sqlArguments())
            .bind("orderId", a.orderId())
            .bind("domainId", a.domainId())
            .bind("domain", a.domain())
            .bind("type", a.type())
            .bind("reason", a.reason())
            .bind("status", a.status())
            .bind("persona", personaIndex)
            .bind("first", a.user().firstName())
            .bind("last", a.user().lastName())
            .bind("picture", a.user().profilePictureUrl())
            .bind("message", a.message())
            .bind("createdAt", a.createdAt())
            .execute()
        == 1;
  }

  /** Open actions of an order, or of one of its domains when {@code domainId} is set. */
  static long openCount(Handle h, Scope scope, String orderId, String domainId) {
    var query =
        h.createQuery(
                "SELECT COUNT(*) FROM pending_actions WHERE partner_id = :partner"
                    + " AND environment = :env AND order_id = :orderId AND status = :open"
                    + (domainId == null ? "" : " AND domain_id = :domainId"))
            .bind("open", PendingActionStatus.OPEN)
            .bindMap(scope.sqlArguments())
            .bind("orderId", orderId);
    if (domainId != null) {
      query.bind("domainId", domainId);
    }
    return query.mapTo(Long.class).one();
  }

  /** Cross-tenant: the operator names an action by id alone. */
  static Optional<Located> findAnyTenant(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM pending_actions a WHERE a.id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Located(
                    new Scope(
                        rs.getString("partner_id"), Environment.parse(rs.getString("environment"))),
                    action(rs, ctx)))
        .findOne();
  }

  static int resolve(Handle h, Scope scope, String id, Instant at) {
    return h.createUpdate(
            "UPDATE pending_actions SET status = :resolved, resolved_at = :at WHERE id = :id"
                + " AND partner_id = :partner AND environment = :env AND status = :open")
        .bind("resolved", PendingActionStatus.RESOLVED)
        .bind("open", PendingActionStatus.OPEN)
        .bind("at", at)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  static void resolveOpen(Handle h, Scope scope, String orderId, String domainId, Instant at) {
    h.createUpdate(
            "UPDATE pending_actions SET status = :resolved, resolved_at = :at"
                + " WHERE partner_id = :partner AND environment = :env AND order_id = :orderId"
                + " AND domain_id = :domainId AND status = :open")
        .bind("resolved", PendingActionStatus.RESOLVED)
        .bind("open", PendingActionStatus.OPEN)
        .bind("at", at)
        .bindMap(scope.sqlArguments())
        .bind("orderId", orderId)
        .bind("domainId", domainId)
        .execute();
  }

  static List<PendingAction> list(Handle h, Scope scope, Filter f, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM pending_actions a")
            .append(
                f.userId() != null || f.userEmailKey() != null
                    ? " JOIN orders o ON o.id = a.order_id JOIN users u ON u.id = o.user_id"
                    : "")
            .append(
                " WHERE a.partner_id = :partner AND a.environment = :env AND a.status = :status");
    if (f.orderId() != null) {
      sql.append(" AND a.order_id = :orderId");
    }
    if (f.domainId() != null) {
      sql.append(" AND a.domain_id = :domainId");
    }
    if (f.userId() != null) {
      sql.append(" AND o.user_id = :userId");
    }
    if (f.userEmailKey() != null) {
      sql.append(" AND u.email_key = :emailKey");
    }
    if (after != null) {
      sql.append(" AND (a.created_at < :afterAt OR (a.created_at = :afterAt AND a.id < :afterId))");
    }
    sql.append(" ORDER BY a.created_at DESC, a.id DESC" + Cursor.limit(limit));
    var query =
        h.createQuery(sql.toString()).bindMap(scope.sqlArguments()).bind("status", f.status());
    bindIfSet(query, "orderId", f.orderId());
    bindIfSet(query, "domainId", f.domainId());
    bindIfSet(query, "userId", f.userId());
    bindIfSet(query, "emailKey", f.userEmailKey());
    if (after != null) {
      query.bind("afterAt", after.createdAt()).bind("afterId", after.id());
    }
    return query.map(PendingActionStore::action).list();
  }

  private static void bindIfSet(org.jdbi.v3.core.statement.Query query, String name, String value) {
    if (value != null) {
      query.bind(name, value);
    }
  }

  private static PendingAction action(ResultSet rs, StatementContext ctx) throws SQLException {
    ColumnMapper<Instant> instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
    return new PendingAction(
        rs.getString("id"),
        WireValue.of(PendingActionType.class, rs.getString("type")),
        WireValue.of(PendingActionReason.class, rs.getString("reason")),
        WireValue.of(PendingActionStatus.class, rs.getString("status")),
        rs.getString("order_id"),
        rs.getString("domain_id"),
        rs.getString("domain"),
        new Order.Persona(
            rs.getString("first_name"),
            rs.getString("last_name"),
            rs.getString("profile_picture_url")),
        rs.getString("message"),
        instants.map(rs, "created_at", ctx),
        instants.map(rs, "resolved_at", ctx));
  }

  /** An action with the tenant it belongs to. */
  record Located(Scope scope, PendingAction action) {}
}
