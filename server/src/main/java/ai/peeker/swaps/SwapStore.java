package ai.peeker.swaps;

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

/** All SQL of swaps, the only writer of the {@code swaps} table; scoped to one tenant. */
final class SwapStore {
  private static final String COLUMNS =
      "s.id, s.type, s.status, s.domain_id, s.order_id, s.user_id, s.replacement_domain,"
          + " s.replacement_domain_id, s.inbox_address, s.new_address, s.new_display_name,"
          + " s.inbox_count, s.reason, s.retire_at, s.retired_at, s.created_at, s.updated_at,"
          + " s.completed_at";

  private SwapStore() {}

  /** Filters of {@code GET /swaps}; null means any. */
  record Filter(String userId, String orderId, String domainId, SwapStatus status) {
    String indexedColumn() {
      int set =
          (userId != null ? 1 : 0)
              + (orderId != null ? 1 : 0)
              + (domainId != null ? 1 : 0)
              + (status != null ? 1 : 0);
      if (set != 1) {
        return null;
      }
      return orderId != null ? "order_id" : status != null ? "status" : null;
    }
  }

  static void insert(Handle h, Scope scope, Swap s) {
    h.createUpdate(
            "INSERT INTO swaps (id, partner_id, environment, type, status, domain_id, order_id,"
                + " user_id, replacement_domain, replacement_domain_id, inbox_address,"
                + " new_address, new_display_name, inbox_count, reason, retire_at, created_at,"
                + " updated_at) VALUES (:id, :partner, :env, :type, :status, :domainId, :orderId,"
                + " :userId, :replacement, :replacementId, :inbox, :newAddress, :newName,"
                + " :inboxCount, :reason, :retireAt, :createdAt, :createdAt)")
        .bind("id", s.id())
        .bindMap(scope.sqlArguments())
        .bind("type", s.type())
        .bind("status", s.status())
        .bind("domainId", s.domainId())
        .bind("orderId", s.orderId())
        .bind("userId", s.userId())
        .bind("replacement", s.replacementDomain())
        .bind("replacementId", s.replacementDomainId())
        .bind("inbox", s.inboxAddress())
        .bind("newAddress", s.newAddress())
        .bind("newName", s.newDisplayName())
        .bind("inboxCount", s.inboxCount())
        .bind("reason", s.reason())
        .bind("retireAt", s.retireAt())
        .bind("createdAt", s.createdAt())
        .execute();
  }

  static Optional<Swap> find(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM swaps s WHERE s.id = :id AND s.partner_id = :partner"
                + " AND s.environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(SwapStore::swap)
        .findOne();
  }

  /** Cross-tenant: a job knows only the swap it was scheduled for. */
  static Optional<Scope> scopeOf(Handle h, String id) {
    return h.createQuery("SELECT partner_id, environment FROM swaps WHERE id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Scope(
                    rs.getString("partner_id"), Environment.parse(rs.getString("environment"))))
        .findOne();
  }

  /** Swaps of the domain that are not over: not terminal, or a replaced domain still warm. */
  static long busy(Handle h, Scope scope, String domainId) {
    return h.createQuery(
            "SELECT COUNT(*) FROM swaps WHERE partner_id = :partner AND environment = :env"
                + " AND domain_id = :domainId AND (status IN (<open>) OR (status = :completed"
                + " AND type <> :userNames AND retired_at IS NULL))")
        .bindMap(scope.sqlArguments())
        .bind("domainId", domainId)
        .bindList(
            "open", List.of(SwapStatus.CREATED, SwapStatus.IN_PROGRESS, SwapStatus.ACTION_REQUIRED))
        .bind("completed", SwapStatus.COMPLETED)
        .bind("userNames", SwapType.USER_NAMES)
        .mapTo(Long.class)
        .one();
  }

  /** The newest premium swap of the domain created at or after {@code since}, if any. */
  static Optional<Instant> premiumSince(Handle h, Scope scope, String domainId, Instant since) {
    return h.createQuery(
            "SELECT MAX(created_at) FROM swaps WHERE partner_id = :partner"
                + " AND environment = :env AND domain_id = :domainId AND type = :premium"
                + " AND status <> :failed AND created_at >= :since")
        .bindMap(scope.sqlArguments())
        .bind("domainId", domainId)
        .bind("premium", SwapType.PREMIUM)
        .bind("failed", SwapStatus.FAILED)
        .bind("since", since)
        .mapTo(Instant.class)
        .findOne();
  }

  /**
   * Inboxes under premium swap now: the swapped domains' inboxes from creation until the old domain
   * is retired (or the swap failed).
   */
  static long inboxesUnderPremium(Handle h, Scope scope) {
    return h.createQuery(
            "SELECT COALESCE(SUM(inbox_count), 0) FROM swaps WHERE partner_id = :partner"
                + " AND environment = :env AND type = :premium AND status <> :failed"
                + " AND retired_at IS NULL")
        .bindMap(scope.sqlArguments())
        .bind("premium", SwapType.PREMIUM)
        .bind("failed", SwapStatus.FAILED)
        .mapTo(Long.class)
        .one();
  }

  /** The tenant's Microsoft inboxes on active domains. */
  static long activeMicrosoftInboxes(Handle h, Scope scope) {
    return h.createQuery(
            "SELECT COUNT(*) FROM inboxes i JOIN domains d ON d.id = i.domain_id"
                + " WHERE i.partner_id = :partner AND i.environment = :env"
                + " AND i.provider = :microsoft AND d.status = :active")
        .bindMap(scope.sqlArguments())
        .bind("microsoft", ai.peeker.domains.MailProviderKind.MICROSOFT)
        .bind("active", ai.peeker.domains.DomainStatus.ACTIVE)
        .mapTo(Long.class)
        .one();
  }

  static List<Swap> list(Handle h, Scope scope, Filter f, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM swaps s WHERE s.partner_id = :partner AND s.environment = :env");
    if (f.userId() != null) {
      sql.append(" AND s.user_id = :userId");
    }
    if (f.orderId() != null) {
      sql.append(" AND s.order_id = :orderId");
    }
    if (f.domainId() != null) {
      sql.append(" AND s.domain_id = :domainId");
    }
    if (f.status() != null) {
      sql.append(" AND s.status = :status");
    }
    if (after != null) {
      sql.append(Cursor.after("s."));
    }
    sql.append(Cursor.newestFirst("s.", f.indexedColumn())).append(Cursor.limit(limit));
    var query = h.createQuery(sql.toString()).bindMap(scope.sqlArguments());
    if (f.userId() != null) {
      query.bind("userId", f.userId());
    }
    if (f.orderId() != null) {
      query.bind("orderId", f.orderId());
    }
    if (f.domainId() != null) {
      query.bind("domainId", f.domainId());
    }
    if (f.status() != null) {
      query.bind("status", f.status());
    }
    if (after != null) {
      query.bind("afterAt", after.createdAt()).bind("afterId", after.id());
    }
    return query.map(SwapStore::swap).list();
  }

  /** Moves the swap from one of {@code from} to {@code to}; false when it was elsewhere. */
  static boolean move(
      Handle h,
      Scope scope,
      String id,
      List<SwapStatus> from,
      SwapStatus to,
      String reason,
      Instant now) {
    return h.createUpdate(
                "UPDATE swaps SET status = :to, reason = :reason, updated_at = :now,"
                    + " completed_at = COALESCE(:completedAt, completed_at)"
                    + " WHERE id = :id AND partner_id = :partner AND environment = :env"
                    + " AND status IN (<from>)")
            .bind("to", to)
            .bind("reason", reason)
            .bind("now", now)
            .bind("completedAt", to == SwapStatus.COMPLETED ? now : null)
            .bind("id", id)
            .bindMap(scope.sqlArguments())
            .bindList("from", from)
            .execute()
        == 1;
  }

  static void planRetirement(Handle h, Scope scope, String id, Instant retireAt, Instant now) {
    h.createUpdate(
            "UPDATE swaps SET retire_at = :retireAt, updated_at = :now WHERE id = :id"
                + " AND partner_id = :partner AND environment = :env")
        .bind("retireAt", retireAt)
        .bind("now", now)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  /** Records the old domain's retirement once; false when it was recorded before. */
  static boolean markRetired(Handle h, Scope scope, String id, Instant now) {
    return h.createUpdate(
                "UPDATE swaps SET retired_at = :now, updated_at = :now WHERE id = :id"
                    + " AND partner_id = :partner AND environment = :env AND retired_at IS NULL")
            .bind("now", now)
            .bind("id", id)
            .bindMap(scope.sqlArguments())
            .execute()
        == 1;
  }

  private static Swap swap(ResultSet rs, StatementContext ctx) throws SQLException {
    ColumnMapper<Instant> instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
    return new Swap(
        rs.getString("id"),
        WireValue.of(SwapType.class, rs.getString("type")),
        WireValue.of(SwapStatus.class, rs.getString("status")),
        rs.getString("domain_id"),
        rs.getString("order_id"),
        rs.getString("user_id"),
        rs.getString("replacement_domain"),
        rs.getString("replacement_domain_id"),
        rs.getString("inbox_address"),
        rs.getString("new_address"),
        rs.getString("new_display_name"),
        rs.getInt("inbox_count"),
        rs.getString("reason"),
        instants.map(rs, "retire_at", ctx),
        instants.map(rs, "retired_at", ctx),
        instants.map(rs, "created_at", ctx),
        instants.map(rs, "updated_at", ctx),
        instants.map(rs, "completed_at", ctx));
  }
}
