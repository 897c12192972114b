package ai.peeker.events;

import ai.peeker.partners.Scope;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

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
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("type", type)
        .bind("objectId", objectId)
        .bind("payload", payload)
        .bind("createdAt", createdAt)
        .execute();
  }
}
