package ai.peeker.events;

import ai.peeker.common.Ids;
import ai.peeker.common.Json;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Appends webhook events in the transaction of the change that causes them, so an event exists
 * exactly when its change committed. The payload is the body partners receive: {@code {id, type,
 * created_at, environment, data}}. In the same transaction the event is queued for the partner's
 * webhook endpoint in that environment, if one is set.
 */
public final class Outbox {
  private final Clock clock;
  private final Ids ids;

  public Outbox(Clock clock, Ids ids) {
    this.clock = clock;
    this.ids = ids;
  }

  /** Records {@code type} for {@code objectId} with {@code data} (the object as GET shows it). */
  public String append(Handle h, Scope scope, EventType type, String objectId, Object data) {
    String id = ids.next("evt_");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("type", type);
    body.put("created_at", now);
    body.put("environment", scope.env());
    body.put("data", data);
    EventStore.insert(h, scope, id, type, objectId, Json.write(body), now);
    WebhookStore.enqueue(h, scope, id, now);
    return id;
  }
}
