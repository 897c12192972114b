package ai.peeker.portal;

import ai.peeker.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of portal users, sessions, sign-in links and sign-in throttling. */
final class PortalStore {
  private PortalStore() {}

  // ---- users ---------------------------------------------------------------------------

  static void insertUser(Handle h, PortalUser user, String emailKey) {
    h.createUpdate(
            "INSERT INTO portal_users (id, partner_id, email, email_key, created_at)"
                + " VALUES (:id, :partner, :email, :emailKey, :createdAt)")
        .bind("id", user.id())
        .bind("partner", user.partnerId())
        .bind("email", user.email())
        .bind("emailKey", emailKey)
        .bind("createdAt", user.createdAt())
        .execute();
  }

  /** The user and the stored password hash (null until a password is set). */
  record UserRow(PortalUser user, String passwordHash) {}

  private static final String USER_COLUMNS =
      "u.id, u.partner_id, u.email, u.password_hash, u.created_at";

  static Optional<UserRow> userByEmail(Handle h, String emailKey) {
    return h.createQuery(
            "SELECT " + USER_COLUMNS + " FROM portal_users u WHERE u.email_key = :emailKey")
        .bind("emailKey", emailKey)
        .map(PortalStore::userRow)
        .findOne();
  }

  static Optional<UserRow> user(Handle h, String id) {
    return h.createQuery("SELECT " + USER_COLUMNS + " FROM portal_users u WHERE u.id = :id")
        .bind("id", id)
        .map(PortalStore::userRow)
        .findOne();
  }

  static void setPassword(Handle h, String userId, String hash) {
    h.createUpdate("UPDATE portal_users SET password_hash = :hash WHERE id = :id")
        .bind("id", userId)
        .bind("hash", hash)
        .execute();
  }

  // ---- sign-in links -------------------------------------------------------------------

  static void insertLink(Handle h, String tokenHash, String userId, Instant now, Instant expires) {
    h.createUpdate(
            "INSERT INTO portal_sign_in_links (token_hash, user_id, created_at, expires_at)"
                + " VALUES (:hash, :user, :now, :expires)")
        .bind("hash", tokenHash)
        .bind("user", userId)
        .bind("now", now)
        .bind("expires", expires)
        .execute();
  }

  /** The user of an unused, unexpired link. */
  static Optional<String> linkUser(Handle h, String tokenHash, Instant now) {
    return h.createQuery(
            "SELECT user_id FROM portal_sign_in_links WHERE token_hash = :hash"
                + " AND used_at IS NULL AND expires_at > :now")
        .bind("hash", tokenHash)
        .bind("now", now)
        .mapTo(String.class)
        .findOne();
  }

  /** Marks the link used; false when another request used it first. */
  static boolean useLink(Handle h, String tokenHash, Instant now) {
    return h.createUpdate(
                "UPDATE portal_sign_in_links SET used_at = :now WHERE token_hash = :hash"
                    + " AND used_at IS NULL AND expires_at > :now")
            .bind("hash", tokenHash)
            .bind("now", now)
            .execute()
        == 1;
  }

  // ---- sessions ------------------------------------------------------------------------

  static void insertSession(
      Handle h, String tokenHash, String userId, String csrf, Instant now, Instant expires) {
    h.createUpdate(
            "INSERT INTO portal_sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
                + " VALUES (:hash, :user, :csrf, :now, :expires)")
        .bind("hash", tokenHash)
        .bind("user", userId)
        .bind("csrf", csrf)
        .bind("now", now)
        .bind("expires", expires)
        .execute();
  }

  static Optional<Session> session(Handle h, String tokenHash, Instant now) {
    return h.createQuery(
            "SELECT s.token_hash, s.user_id, u.email, u.partner_id, p.name, s.csrf_token,"
                + " s.expires_at FROM portal_sessions s"
                + " JOIN portal_users u ON u.id = s.user_id"
                + " JOIN partners p ON p.id = u.partner_id"
                + " WHERE s.token_hash = :hash AND s.expires_at > :now")
        .bind("hash", tokenHash)
        .bind("now", now)
        .map(
            (rs, ctx) ->
                new Session(
                    rs.getString("token_hash"),
                    rs.getString("user_id"),
                    rs.getString("email"),
                    rs.getString("partner_id"),
                    rs.getString("name"),
                    rs.getString("csrf_token"),
                    Database.instant(rs, "expires_at", ctx)))
        .findOne();
  }

  static void deleteSession(Handle h, String tokenHash) {
    h.createUpdate("DELETE FROM portal_sessions WHERE token_hash = :hash")
        .bind("hash", tokenHash)
        .execute();
  }

  static int deleteSessionsOf(Handle h, String userId) {
    return h.createUpdate("DELETE FROM portal_sessions WHERE user_id = :user")
        .bind("user", userId)
        .execute();
  }

  // ---- throttling ----------------------------------------------------------------------

  /** Failures of a subject in the window that started after {@code since}; 0 when none. */
  static int failures(Handle h, String subject, Instant since) {
    return h.createQuery(
            "SELECT failures FROM portal_sign_in_failures WHERE subject = :subject"
                + " AND window_start > :since")
        .bind("subject", subject)
        .bind("since", since)
        .mapTo(Integer.class)
        .findOne()
        .orElse(0);
  }

  /** Counts one failure: in the current window, or as the first of a new one. */
  static void addFailure(Handle h, String subject, Instant now, Instant windowStartedAfter) {
    int counted =
        h.createUpdate(
                "UPDATE portal_sign_in_failures SET failures = failures + 1"
                    + " WHERE subject = :subject AND window_start > :since")
            .bind("subject", subject)
            .bind("since", windowStartedAfter)
            .execute();
    if (counted == 0) {
      int restarted =
          h.createUpdate(
                  "UPDATE portal_sign_in_failures SET failures = 1, window_start = :now"
                      + " WHERE subject = :subject")
              .bind("subject", subject)
              .bind("now", now)
              .execute();
      if (restarted == 0) {
        h.createUpdate(
                "INSERT INTO portal_sign_in_failures (subject, failures, window_start)"
                    + " VALUES (:subject, 1, :now)")
            .bind("subject", subject)
            .bind("now", now)
            .execute();
      }
    }
  }

  static void clearFailures(Handle h, String subject) {
    h.createUpdate("DELETE FROM portal_sign_in_failures WHERE subject = :subject")
        .bind("subject", subject)
        .execute();
  }

  private static UserRow userRow(ResultSet rs, StatementContext ctx) throws SQLException {
    String hash = rs.getString("password_hash");
    return new UserRow(
        new PortalUser(
            rs.getString("id"),
            rs.getString("partner_id"),
            rs.getString("email"),
            hash != null,
            Database.instant(rs, "created_at", ctx)),
        hash);
  }
}
