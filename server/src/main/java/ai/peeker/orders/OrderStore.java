package ai.peeker.orders;

import static java.util.stream.Collectors.partitioningBy;

import ai.peeker.common.Cursor;
import ai.peeker.common.Json;
import ai.peeker.common.WireValue;
import ai.peeker.db.Database;
import ai.peeker.db.ListVersions;
import ai.peeker.domains.DomainSource;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.partners.Scope;
import ai.peeker.users.SequencerProvider;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of orders; every method is scoped to one partner and environment. */
final class OrderStore {
  private static final TypeReference<List<Order.LineItem>> LINE_ITEMS = new TypeReference<>() {};
  private static final TypeReference<List<Order.Persona>> PERSONAS = new TypeReference<>() {};

  private static final String COLUMNS =
      "o.id, o.user_id, o.user_email AS email, o.bundle_id, o.status, o.domain_count,"
          + " o.google_licenses,"
          + " o.microsoft_licenses, o.google_inboxes_per_domain, o.total_cents, o.currency,"
          + " o.line_items, o.personas, o.forwarding_url, o.sequencer_client_id, o.renews_at,"
          + " o.created_at, o.cancellation_scheduled_at, o.cancels_at";

  /**
   * An order shows its user's email from its own copy ({@code user_email}, kept current by {@link
   * #copyUserEmail}), so reading orders never joins {@code users}. {@link #leanOrder} reads these
   * by position.
   */
  private static final String LEAN_COLUMNS =
      "o.id, o.user_id, o.user_email AS email, o.bundle_id, o.status, o.domain_count,"
          + " o.total_cents,"
          + " o.currency, o.renews_at, o.created_at";

  /** The list {@code GET /orders} pages are kept under ({@link ListVersions}). */
  static final String LIST = "orders";

  private OrderStore() {}

  /**
   * Every statement that writes {@code orders} calls this first: the tenant's kept listing pages
   * are then read afresh once the transaction commits.
   */
  private static void changed(Handle h, Scope scope) {
    ListVersions.changed(h, scope.partnerId(), scope.env(), LIST);
  }

  /** Filters of the orders listing; null means "any". */
  record Filter(String userId, String userEmailKey, String bundleId, OrderStatus status) {
    /** The filtered column whose (tenant, column, created_at, id) index serves alone, if any. */
    String indexedColumn() {
      int set =
          (userId != null ? 1 : 0)
              + (bundleId != null ? 1 : 0)
              + (status != null ? 1 : 0)
              + (userEmailKey != null ? 1 : 0);
      if (set != 1) {
        return null;
      }
      return userId != null
          ? "user_id"
          : bundleId != null ? "bundle_id" : status != null ? "status" : null;
    }
  }

  static void insert(Handle h, Scope scope, Order o, SequencerLogin login) {
    changed(h, scope);
    h.createUpdate(
            "INSERT INTO orders (id, partner_id, environment, user_id, user_email, bundle_id,"
                + " status, domain_count, google_licenses, microsoft_licenses,"
                + " google_inboxes_per_domain, total_cents, currency, line_items, personas,"
                + " forwarding_url, sequencer_provider, sequencer_client_id, sequencer_login_email,"
                + " sequencer_login_secret, renews_at, created_at) VALUES (:id, :partner, :env,"
                + " :userId, :userEmail, :bundleId, :status, :domainCount, :google, :microsoft,"
                + " :perDomain, :total, :currency, :lineItems, :personas, :forwardingUrl,"
                + " :sequencer, :clientId, :loginEmail, :loginSecret, :renewsAt, :createdAt)")
        .bind("id", o.id())
        .bindMap(scope.sqlArguments())
        .bind("userId", o.userId())
        .bind("userEmail", o.email())
        .bind("bundleId", o.bundleId())
        .bind("status", o.status())
        .bind("domainCount", o.domainCount())
        .bind("google", o.googleLicenses())
        .bind("microsoft", o.microsoftLicenses())
        .bind("perDomain", o.googleInboxesPerDomain())
        .bind("total", o.totalCents())
        .bind("currency", o.currency())
        .bind("lineItems", Json.write(o.lineItems()))
        .bind("personas", Json.write(o.personas()))
        .bind("forwardingUrl", o.forwardingUrl())
        .bind("sequencer", login.provider())
        .bind("clientId", o.sequencerClientId())
        .bind("loginEmail", login.email())
        .bind("loginSecret", login.sealedPassword())
        .bind("renewsAt", o.renewsAt())
        .bind("createdAt", o.createdAt())
        .execute();
  }

  static Optional<Order> find(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM orders o"
                + " WHERE o.id = :id AND o.partner_id = :partner AND o.environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(OrderStore::order)
        .findOne();
  }

  /** The user's new email on each of its orders, in the transaction that changes it. */
  static void copyUserEmail(Handle h, Scope scope, String userId, String email) {
    changed(h, scope);
    h.createUpdate(
            "UPDATE orders SET user_email = :email WHERE user_id = :userId"
                + " AND partner_id = :partner AND environment = :env")
        .bind("email", email)
        .bind("userId", userId)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  /** Lists lean orders only: the listing never parses line items or personas. */
  static List<Order.LeanOrder> list(Handle h, Scope scope, Filter filter, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(LEAN_COLUMNS)
            .append(" FROM orders o")
            .append(" WHERE o.partner_id = :partner AND o.environment = :env");
    if (filter.userId() != null) {
      sql.append(" AND o.user_id = :userId");
    }
    if (filter.userEmailKey() != null) {
      sql.append(
          " AND o.user_id IN (SELECT u.id FROM users u WHERE u.partner_id = :partner"
              + " AND u.environment = :env AND u.email_key = :emailKey)");
    }
    if (filter.bundleId() != null) {
      sql.append(" AND o.bundle_id = :bundleId");
    }
    if (filter.status() != null) {
      sql.append(" AND o.status = :status");
    }
    if (after != null) {
      sql.append(Cursor.after("o."));
    }
    sql.append(Cursor.newestFirst("o.", filter.indexedColumn())).append(Cursor.limit(limit));
    var query = h.createQuery(sql.toString()).bindMap(scope.sqlArguments());
    if (filter.userId() != null) {
      query.bind("userId", filter.userId());
    }
    if (filter.userEmailKey() != null) {
      query.bind("emailKey", filter.userEmailKey());
    }
    if (filter.bundleId() != null) {
      query.bind("bundleId", filter.bundleId());
    }
    if (filter.status() != null) {
      query.bind("status", filter.status());
    }
    if (after != null) {
      query.bind("afterAt", after.createdAt()).bind("afterId", after.id());
    }
    return query.map(OrderStore::leanOrder).list();
  }

  /** What {@code GET /orders/{id}} shows beside the order itself. */
  record Contents(OrderView.Domains domains, List<OrderView.Inbox> inboxes) {}

  /**
   * The order's domains (not retired; by name, split by how they came: bought for it, or imported)
   * and its inboxes (by domain, then address), in one round trip: an order is read often while it
   * provisions.
   */
  static Contents contents(Handle h, Scope scope, String orderId) {
    record Row(boolean inbox, String domain, DomainSource source, OrderView.Inbox box) {}
    List<Row> rows =
        h.createQuery(
                "SELECT 0 AS part, d.domain, d.source, NULL AS address, NULL AS display_name,"
                    + " NULL AS provider, NULL AS status FROM domains d WHERE d.order_id = :order"
                    + " AND d.partner_id = :partner AND d.environment = :env"
                    + " AND d.status <> :retired"
                    + " UNION ALL SELECT 1, d.domain, NULL, i.address, i.display_name, i.provider,"
                    + " i.status FROM inboxes i JOIN domains d ON d.id = i.domain_id"
                    + " WHERE i.order_id = :order AND i.partner_id = :partner"
                    + " AND i.environment = :env ORDER BY part, domain, address")
            .bind("retired", DomainStatus.RETIRED)
            .bind("order", orderId)
            .bindMap(scope.sqlArguments())
            .map(
                (rs, ctx) ->
                    rs.getInt("part") == 0
                        ? new Row(
                            false,
                            rs.getString("domain"),
                            WireValue.of(DomainSource.class, rs.getString("source")),
                            null)
                        : new Row(
                            true,
                            rs.getString("domain"),
                            null,
                            new OrderView.Inbox(
                                rs.getString("address"),
                                rs.getString("display_name"),
                                WireValue.of(MailProviderKind.class, rs.getString("provider")),
                                rs.getString("domain"),
                                WireValue.of(InboxStatus.class, rs.getString("status")))))
            .list();
    var domains =
        rows.stream()
            .filter(r -> !r.inbox())
            .collect(partitioningBy(r -> r.source() == DomainSource.REGISTERED));
    return new Contents(
        new OrderView.Domains(
            domains.get(true).stream().map(Row::domain).toList(),
            domains.get(false).stream().map(Row::domain).toList()),
        rows.stream().filter(Row::inbox).map(Row::box).toList());
  }

  private static Order order(ResultSet rs, StatementContext ctx) throws SQLException {
    ColumnMapper<Instant> instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
    return new Order(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("email"),
        rs.getString("bundle_id"),
        WireValue.of(OrderStatus.class, rs.getString("status")),
        rs.getInt("domain_count"),
        rs.getInt("google_licenses"),
        rs.getInt("microsoft_licenses"),
        rs.getInt("google_inboxes_per_domain"),
        rs.getLong("total_cents"),
        rs.getString("currency"),
        parse(rs.getString("line_items"), LINE_ITEMS),
        parse(rs.getString("personas"), PERSONAS),
        rs.getString("forwarding_url"),
        rs.getLong("sequencer_client_id"),
        instants.map(rs, "renews_at", ctx),
        instants.map(rs, "created_at", ctx),
        instants.map(rs, "cancellation_scheduled_at", ctx),
        instants.map(rs, "cancels_at", ctx));
  }

  /**
   * Reads a listing row by position, in {@link #LEAN_COLUMNS}' order: a page is 25-100 rows, and H2
   * finds a column by name through a map it builds afresh for every statement.
   */
  private static Order.LeanOrder leanOrder(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Order.LeanOrder(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        WireValue.of(OrderStatus.class, rs.getString(5)),
        rs.getInt(6),
        new Order.Costs(rs.getLong(7), rs.getString(8)),
        Database.instant(rs, 9),
        Database.instant(rs, 10));
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an earlier identical body got: its order and status code. */
  record Replay(String orderId, int statusCode) {}

  /** The order a body with this fingerprint placed at or after {@code since}, if any. */
  static Optional<Replay> replay(Handle h, Scope scope, String fingerprint, Instant since) {
    return h.createQuery(
            "SELECT order_id, status_code FROM order_requests WHERE partner_id = :partner"
                + " AND environment = :env AND body_hash = :hash AND created_at >= :since")
        .bindMap(scope.sqlArguments())
        .bind("hash", fingerprint)
        .bind("since", since)
        .map((rs, ctx) -> new Replay(rs.getString("order_id"), rs.getInt("status_code")))
        .findOne();
  }

  /**
   * Claims the fingerprint for {@code orderId}, replacing a claim older than {@code since}. A
   * concurrent claim of the same fingerprint fails on the unique index: exactly one order wins.
   */
  static void rememberRequest(
      Handle h,
      Scope scope,
      String fingerprint,
      String orderId,
      int statusCode,
      Instant now,
      Instant since) {
    h.createUpdate(
            "DELETE FROM order_requests WHERE partner_id = :partner AND environment = :env"
                + " AND body_hash = :hash AND created_at < :since")
        .bindMap(scope.sqlArguments())
        .bind("hash", fingerprint)
        .bind("since", since)
        .execute();
    h.createUpdate(
            "INSERT INTO order_requests (partner_id, environment, body_hash, order_id,"
                + " status_code, created_at) VALUES (:partner, :env, :hash, :orderId, :status,"
                + " :createdAt)")
        .bindMap(scope.sqlArguments())
        .bind("hash", fingerprint)
        .bind("orderId", orderId)
        .bind("status", statusCode)
        .bind("createdAt", now)
        .execute();
  }

  /** Locks the order row for the rest of the transaction and answers its status. */
  static Optional<OrderStatus> lock(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT status FROM orders WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env FOR UPDATE")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .mapTo(OrderStatus.class)
        .findOne();
  }

  static void updateStatus(
      Handle h, Scope scope, String id, OrderStatus status, Instant completedAt) {
    changed(h, scope);
    h.createUpdate(
            "UPDATE orders SET status = :status,"
                + " completed_at = COALESCE(:completedAt, completed_at)"
                + " WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bind("status", status)
        .bind("completedAt", completedAt)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  static void scheduleCancellation(
      Handle h, Scope scope, String id, Instant scheduledAt, Instant cancelsAt) {
    changed(h, scope);
    h.createUpdate(
            "UPDATE orders SET status = :status, cancellation_scheduled_at = :at,"
                + " cancels_at = :cancelsAt"
                + " WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bind("status", OrderStatus.CANCEL_SCHEDULED)
        .bind("at", scheduledAt)
        .bind("cancelsAt", cancelsAt)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  /** What the order provides and costs after some of its domains were cancelled. */
  static void updatePlan(
      Handle h,
      Scope scope,
      String id,
      int googleLicenses,
      int microsoftLicenses,
      List<Order.LineItem> lineItems,
      long totalCents) {
    changed(h, scope);
    h.createUpdate(
            "UPDATE orders SET google_licenses = :google, microsoft_licenses = :microsoft,"
                + " line_items = :lineItems, total_cents = :total"
                + " WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bind("google", googleLicenses)
        .bind("microsoft", microsoftLicenses)
        .bind("lineItems", Json.write(lineItems))
        .bind("total", totalCents)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  /** The next period: {@code renews_at} moves from {@code from} to {@code to}. */
  static void renew(Handle h, Scope scope, String id, Instant from, Instant to) {
    changed(h, scope);
    h.createUpdate(
            "UPDATE orders SET renews_at = :to WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env AND renews_at = :from")
        .bind("to", to)
        .bind("from", from)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  static void reduceDomainCount(Handle h, Scope scope, String id, int by) {
    changed(h, scope);
    h.createUpdate(
            "UPDATE orders SET domain_count = domain_count - :by"
                + " WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bind("by", by)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  /** The sequencer client and login as the upload step needs them, the password still sealed. */
  record UploadLogin(long clientId, String email, String sealedPassword) {
    @Override
    public String toString() {
      return "UploadLogin[clientId=" + clientId + ", password=<sealed>]";
    }
  }

  static Optional<UploadLogin> uploadLogin(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT sequencer_client_id, sequencer_login_email, sequencer_login_secret FROM orders"
                + " WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(
            (rs, ctx) ->
                new UploadLogin(
                    rs.getLong("sequencer_client_id"),
                    rs.getString("sequencer_login_email"),
                    rs.getString("sequencer_login_secret")))
        .findOne();
  }

  /** The sequencer login kept for the upload step; the password only ever sealed. */
  record SequencerLogin(SequencerProvider provider, String email, String sealedPassword) {
    @Override
    public String toString() {
      return "SequencerLogin[email=" + email + ", password=<sealed>]";
    }
  }
}
