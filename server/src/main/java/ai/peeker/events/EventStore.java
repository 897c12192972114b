package ai.peeker.events;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.db.Database;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of the {@code events} table (the outbox); joins the caller's transaction. */
final class EventStore {
  private EventStore() {}

  static void insert(
      Handle h,
      Scope scope,
      String id,
      EventType type,
      String objectId,
      String payload,
      Instant createdAt) {
    h.createUpdate(
            "INSERT INTO events (id, partner_id, environment, type, object_id, payload, created_at)"
                + " VALUES (:id, :partner, :env, :type, :objectId, :payload, :createdAt)")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .bind("type", type)
        .bind("objectId", objectId)
        .bind("payload", payload)
        .bind("createdAt", createdAt)
        .execute();
  }

  /** The events about one object (an order, a domain) in a scope, oldest first. */
  static List<Webhooks.EventSummary> about(Handle h, Scope scope, String objectId, int limit) {
    return h.createQuery(
            "SELECT id, type, created_at FROM events WHERE object_id = :object"
                + " AND partner_id = :partner AND environment = :env"
                + " ORDER BY created_at, id"
                + Cursor.limit(limit))
        .bind("object", objectId)
        .bindMap(scope.sqlArguments())
        .map(EventStore::summary)
        .list();
  }

  /** One event of a scope with the body its webhook carries. */
  static Optional<Webhooks.EventBody> find(Handle h, Scope scope, String id) {
    return h.createQuery(
            "SELECT id, type, created_at, payload FROM events WHERE id = :id"
                + " AND partner_id = :partner AND environment = :env")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .map((rs, ctx) -> new Webhooks.EventBody(summary(rs, ctx), rs.getString("payload")))
        .findOne();
  }

  /** An event's id, type and time, as both the listing and the lookup read them. */
  private static Webhooks.EventSummary summary(ResultSet rs, StatementContext ctx)
      throws SQLException {
    return new Webhooks.EventSummary(
        rs.getString("id"),
        WireValue.of(EventType.class, rs.getString("type")),
        Database.instant(rs, "created_at", ctx));
  }
}
