package ai.peeker.bundles;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.db.Database;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of bundles; every method is scoped to one partner and environment. */
final class BundleStore {
  private static final String COLUMNS =
      "id, name, monthly_sending_volume, google_percent, microsoft_percent, send_on_weekends,"
          + " google_inboxes_per_domain, customer_price_cents, currency, status, created_at";

  private BundleStore() {}

  static void insert(Handle h, Scope scope, Bundle b) {
    h.createUpdate(
            "INSERT INTO bundles (id, partner_id, environment, name, monthly_sending_volume,"
                + " google_percent, microsoft_percent, send_on_weekends,"
                + " google_inboxes_per_domain, customer_price_cents, currency, status, created_at)"
                + " VALUES (:id, :partner, :env, :name, :volume, :google, :microsoft, :weekends,"
                + " :perDomain, :price, :currency, :status, :createdAt)")
        .bindMap(scope.sqlArguments())
        .bind("createdAt", b.createdAt())
        .bind("id", b.id())
        .bindMap(values(b))
        .execute();
  }

  static void update(Handle h, Scope scope, Bundle b) {
    h.createUpdate(
            "UPDATE bundles SET name = :name, monthly_sending_volume = :volume,"
                + " google_percent = :google, microsoft_percent = :microsoft,"
                + " send_on_weekends = :weekends, google_inboxes_per_domain = :perDomain,"
                + " customer_price_cents = :price, currency = :currency, status = :status"
                + " WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bindMap(scope.sqlArguments())
        .bind("id", b.id())
        .bindMap(values(b))
        .execute();
  }

  private static java.util.Map<String, Object> values(Bundle b) {
    java.util.Map<String, Object> v = new java.util.HashMap<>();
    v.put("name", b.name());
    v.put("volume", b.monthlySendingVolume());
    v.put("google", b.googlePercent());
    v.put("microsoft", b.microsoftPercent());
    v.put("weekends", b.sendOnWeekends());
    v.put("perDomain", b.googleInboxesPerDomain());
    v.put("price", b.customerPriceCents());
    v.put("currency", b.currency());
    v.put("status", b.status());
    return v;
  }

  static void delete(Handle h, Scope scope, String id) {
    h.createUpdate(
            "DELETE FROM bundles WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .execute();
  }

  static boolean usedByAnOrder(Handle h, Scope scope, String id) {
    return h.createQuery(
                "SELECT COUNT(*) FROM orders WHERE bundle_id = :id AND partner_id = :partner"
                    + " AND environment = :env")
            .bind("id", id)
            .bindMap(scope.sqlArguments())
            .mapTo(Long.class)
            .one()
        > 0;
  }

  static Optional<Bundle> find(Handle h, Scope scope, String id, boolean forUpdate) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM bundles WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env"
                + (forUpdate ? " FOR UPDATE" : ""))
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(BundleStore::bundle)
        .findOne();
  }

  static List<Bundle> list(Handle h, Scope scope, BundleStatus status, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM bundles WHERE partner_id = :partner AND environment = :env");
    if (status != null) {
      sql.append(" AND status = :status");
    }
    if (after != null) {
      sql.append(Cursor.after(""));
    }
    sql.append(Cursor.newestFirst("", null)).append(Cursor.limit(limit));
    var query = h.createQuery(sql.toString()).bindMap(scope.sqlArguments());
    if (status != null) {
      query.bind("status", status);
    }
    if (after != null) {
      query.bind("afterAt", after.createdAt()).bind("afterId", after.id());
    }
    return query.map(BundleStore::bundle).list();
  }

  private static Bundle bundle(ResultSet rs, StatementContext ctx) throws SQLException {
    Integer google = (Integer) rs.getObject("google_percent", Integer.class);
    Integer microsoft = (Integer) rs.getObject("microsoft_percent", Integer.class);
    Long price = (Long) rs.getObject("customer_price_cents", Long.class);
    return Bundles.assemble(
        rs.getString("id"),
        rs.getString("name"),
        rs.getLong("monthly_sending_volume"),
        google,
        microsoft,
        rs.getBoolean("send_on_weekends"),
        rs.getInt("google_inboxes_per_domain"),
        price,
        rs.getString("currency"),
        WireValue.of(BundleStatus.class, rs.getString("status")),
        Database.instant(rs, "created_at", ctx));
  }
}
