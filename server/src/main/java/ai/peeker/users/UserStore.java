package ai.peeker.users;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.db.Database;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of users; every method is scoped to one partner and environment. */
final class UserStore {
  private static final String COLUMNS =
      "id, email, first_name, last_name, status, sequencer_provider, sequencer_client_id,"
          + " created_at";

  private UserStore() {}

  static void insert(Handle h, Scope scope, User user) {
    h.createUpdate(
            "INSERT INTO users (id, partner_id, environment, email, email_key, first_name,"
                + " last_name, status, sequencer_provider, sequencer_client_id, created_at)"
                + " VALUES (:id, :partner, :env, :email, :emailKey, :firstName, :lastName,"
                + " :status, :provider, :clientId, :createdAt)")
        .bind("id", user.id())
        .bindMap(scope.sqlArguments())
        .bind("email", user.email())
        .bind("emailKey", emailKey(user.email()))
        .bind("firstName", user.firstName())
        .bind("lastName", user.lastName())
        .bind("status", user.status())
        .bind("provider", user.sequencer() == null ? null : user.sequencer().provider())
        .bind("clientId", user.sequencer() == null ? null : user.sequencer().clientId())
        .bind("createdAt", user.createdAt())
        .execute();
  }

  static void update(Handle h, Scope scope, User user, Instant deletedAt) {
    h.createUpdate(
            "UPDATE users SET email = :email, email_key = :emailKey, first_name = :firstName,"
                + " last_name = :lastName, status = :status, sequencer_provider = :provider,"
                + " sequencer_client_id = :clientId, deleted_at = :deletedAt"
                + " WHERE id = :id AND partner_id = :partner AND environment = :env")
        .bind("id", user.id())
        .bindMap(scope.sqlArguments())
        .bind("email", user.email())
        .bind("emailKey", emailKey(user.email()))
        .bind("firstName", user.firstName())
        .bind("lastName", user.lastName())
        .bind("status", user.status())
        .bind("provider", user.sequencer() == null ? null : user.sequencer().provider())
        .bind("clientId", user.sequencer() == null ? null : user.sequencer().clientId())
        .bind("deletedAt", deletedAt)
        .execute();
  }

  static Optional<User> find(Handle h, Scope scope, String id) {
    return find(h, scope, id, "");
  }

  /** Locks the row for the rest of the transaction (PATCH/DELETE races). */
  static Optional<User> findForUpdate(Handle h, Scope scope, String id) {
    return find(h, scope, id, " FOR UPDATE");
  }

  private static Optional<User> find(Handle h, Scope scope, String id, String lock) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM users WHERE id = :id AND partner_id = :partner"
                + " AND environment = :env"
                + lock)
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map(UserStore::user)
        .findOne();
  }

  static Optional<User> findByEmail(Handle h, Scope scope, String email) {
    return findByEmail(h, scope, email, "");
  }

  /** Locks the row for the rest of the transaction (an order copying the email). */
  static Optional<User> findByEmailForUpdate(Handle h, Scope scope, String email) {
    return findByEmail(h, scope, email, " FOR UPDATE");
  }

  private static Optional<User> findByEmail(Handle h, Scope scope, String email, String lock) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM users WHERE email_key = :emailKey"
                + " AND partner_id = :partner AND environment = :env"
                + lock)
        .bind("emailKey", emailKey(email))
        .bindMap(scope.sqlArguments())
        .map(UserStore::user)
        .findOne();
  }

  static List<User> list(
      Handle h, Scope scope, String email, UserStatus status, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM users WHERE partner_id = :partner AND environment = :env");
    if (email != null) {
      sql.append(" AND email_key = :emailKey");
    }
    if (status != null) {
      sql.append(" AND status = :status");
    }
    if (after != null) {
      sql.append(Cursor.after(""));
    }
    sql.append(Cursor.newestFirst("", null)).append(Cursor.limit(limit));
    var query = h.createQuery(sql.toString()).bindMap(scope.sqlArguments());
    if (email != null) {
      query.bind("emailKey", emailKey(email));
    }
    if (status != null) {
      query.bind("status", status);
    }
    if (after != null) {
      query.bind("afterAt", after.createdAt()).bind("afterId", after.id());
    }
    return query.map(UserStore::user).list();
  }

  static String emailKey(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private static User user(ResultSet rs, StatementContext ctx) throws SQLException {
    long clientId = rs.getLong("sequencer_client_id");
    boolean routed = !rs.wasNull() && rs.getString("sequencer_provider") != null;
    return new User(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("first_name"),
        rs.getString("last_name"),
        WireValue.of(UserStatus.class, rs.getString("status")),
        routed
            ? new User.SequencerRoute(
                WireValue.of(SequencerProvider.class, rs.getString("sequencer_provider")), clientId)
            : null,
        Database.instant(rs, "created_at", ctx));
  }
}
