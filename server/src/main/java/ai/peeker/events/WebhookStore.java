package ai.peeker.events;

import ai.peeker.common.Cursor;
import ai.peeker.common.WireValue;
import ai.peeker.db.Database;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * All SQL of webhooks. Endpoint, secret and log methods take a {@link Scope}; the dispatcher's
 * methods ({@code dueDeliveries}, {@code claim}, {@code claimed}, {@code targets}, {@code settle})
 * work across tenants by design: one queue serves every partner.
 */
final class WebhookStore {
  private WebhookStore() {}

  record EndpointRow(String id, String url, Instant createdAt, Instant updatedAt) {}

  record SecretRow(String sealed, String hint, Instant createdAt, Instant expiresAt) {}

  /** A due delivery seen (and locked) by the dispatcher. */
  record Due(String eventId, String endpointId) {}

  /** An event as the operator names it: by id alone. */
  record EventRow(String id, Scope scope, EventType type, Instant createdAt) {}

  // ---- endpoints and secrets -------------------------------------------------------------

  static Optional<EndpointRow> findEndpoint(Handle h, Scope scope) {
    return h.createQuery(
            "SELECT id, url, created_at, updated_at FROM webhook_endpoints"
                + " WHERE partner_id = :partner AND environment = :env")
        .bindMap(scope.sqlArguments())
        .map(
            (rs, ctx) ->
                new EndpointRow(
                    rs.getString("id"),
                    rs.getString("url"),
                    Database.instant(rs, "created_at", ctx),
                    Database.instant(rs, "updated_at", ctx)))
        .findOne();
  }

  static void insertEndpoint(Handle h, Scope scope, String id, String url, Instant now) {
    h.createUpdate(
            "INSERT INTO webhook_endpoints (id, partner_id, environment, url, created_at,"
                + " updated_at) VALUES (:id, :partner, :env, :url, :now, :now)")
        .bind("id", id)
        .bindMap(scope.sqlArguments())
        .bind("url", url)
        .bind("now", now)
        .execute();
  }

  static void updateUrl(Handle h, Scope scope, String url, Instant now) {
    h.createUpdate(
            "UPDATE webhook_endpoints SET url = :url, updated_at = :now"
                + " WHERE partner_id = :partner AND environment = :env")
        .bindMap(scope.sqlArguments())
        .bind("url", url)
        .bind("now", now)
        .execute();
  }

  static List<SecretRow> secrets(Handle h, Scope scope) {
    return h.createQuery(
            "SELECT s.sealed, s.hint, s.created_at, s.expires_at FROM webhook_secrets s"
                + " JOIN webhook_endpoints e ON e.id = s.endpoint_id"
                + " WHERE e.partner_id = :partner AND e.environment = :env"
                + " ORDER BY s.created_at DESC, s.id DESC")
        .bindMap(scope.sqlArguments())
        .map(
            (rs, ctx) ->
                new SecretRow(
                    rs.getString("sealed"),
                    rs.getString("hint"),
                    Database.instant(rs, "created_at", ctx),
                    Database.instant(rs, "expires_at", ctx)))
        .list();
  }

  static void insertSecret(
      Handle h, String id, String endpointId, String sealed, String hint, Instant now) {
    h.createUpdate(
            "INSERT INTO webhook_secrets (id, endpoint_id, sealed, hint, created_at)"
                + " VALUES (:id, :endpoint, :sealed, :hint, :now)")
        .bind("id", id)
        .bind("endpoint", endpointId)
        .bind("sealed", sealed)
        .bind("hint", hint)
        .bind("now", now)
        .execute();
  }

  /** Gives every secret that signs until rotated an end: {@code at}. */
  static void expireCurrentSecrets(Handle h, String endpointId, Instant at) {
    h.createUpdate(
            "UPDATE webhook_secrets SET expires_at = :at"
                + " WHERE endpoint_id = :endpoint AND expires_at IS NULL")
        .bind("endpoint", endpointId)
        .bind("at", at)
        .execute();
  }

  // ---- the queue -------------------------------------------------------------------------

  /**
   * Queues {@code eventId} for the scope's endpoint, if it has one (in the event's transaction).
   * Events of a partner without an endpoint are not queued, then or later.
   */
  static void enqueue(Handle h, Scope scope, String eventId, Instant createdAt) {
    h.createUpdate(
            "INSERT INTO webhook_deliveries (event_id, endpoint_id, partner_id, environment,"
                + " state, attempts, due_at, created_at)"
                + " SELECT :event, id, partner_id, environment, :pending, 0, :createdAt,"
                + " :createdAt FROM webhook_endpoints"
                + " WHERE partner_id = :partner AND environment = :env")
        .bind("pending", DeliveryState.PENDING)
        .bind("event", eventId)
        .bindMap(scope.sqlArguments())
        .bind("createdAt", createdAt)
        .execute();
  }

  /**
   * Cross-tenant: the oldest due deliveries. With {@code skipLocked} (PostgreSQL) they are locked
   * for this transaction and rows another node has locked are skipped, not waited for, so nodes
   * take disjoint batches. H2 cannot lock a sorted, limited range without sorting every due row
   * first, so there the rows are only read; {@link #claim} is what makes a claim exclusive on
   * either database. Endpoints in {@code excluded} (at their concurrency limit on this node) are
   * left for later.
   */
  static List<Due> dueDeliveries(
      Handle h, Instant now, Collection<String> excluded, int limit, boolean skipLocked) {
    String notExcluded = excluded.isEmpty() ? "" : " AND endpoint_id NOT IN (<excluded>)";
    var query =
        h.createQuery(
                "SELECT event_id, endpoint_id FROM webhook_deliveries WHERE due_at <= :now"
                    + notExcluded
                    + " ORDER BY due_at, event_id"
                    + Cursor.limit(limit)
                    + (skipLocked ? " FOR UPDATE SKIP LOCKED" : ""))
            .bind("now", now);
    if (!excluded.isEmpty()) {
      query.bindList("excluded", List.copyOf(excluded));
    }
    return query.map((rs, ctx) -> new Due(rs.getString(1), rs.getString(2))).list();
  }

  /**
   * Cross-tenant: takes the given deliveries for one attempt each until {@code leaseUntil}. The
   * condition repeats the due test, and both databases re-check it after waiting for another
   * transaction's row lock, so a row another node took meanwhile is not taken twice.
   */
  static int claim(Handle h, List<String> eventIds, Instant now, Instant leaseUntil, String token) {
    return h.createUpdate(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, due_at = :lease,"
                + " claim_token = :token WHERE event_id IN (<ids>) AND due_at <= :now")
        .bindList("ids", eventIds)
        .bind("now", now)
        .bind("lease", leaseUntil)
        .bind("token", token)
        .execute();
  }

  /**
   * Takes one delivery for an attempt now, whatever its state or schedule, unless a node is sending
   * it at this moment.
   */
  static boolean claimNow(
      Handle h, Scope scope, String eventId, Instant now, Instant leaseUntil, String token) {
    return h.createUpdate(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, due_at = :lease,"
                    + " claim_token = :token, state = :pending, settled_at = NULL"
                    + " WHERE event_id = :id AND partner_id = :partner AND environment = :env"
                    + " AND (claim_token IS NULL OR due_at <= :now)")
            .bind("pending", DeliveryState.PENDING)
            .bind("id", eventId)
            .bindMap(scope.sqlArguments())
            .bind("now", now)
            .bind("lease", leaseUntil)
            .bind("token", token)
            .execute()
        == 1;
  }

  /**
   * Cross-tenant: hands claimed deliveries that were never sent back to the queue, due now, as if
   * they had not been taken (the attempt is not counted).
   */
  static void release(Handle h, List<Claimed> unsent, Instant now) {
    PreparedBatch batch =
        h.prepareBatch(
            "UPDATE webhook_deliveries SET due_at = :now, claim_token = NULL,"
                + " attempts = attempts - 1 WHERE event_id = :event AND claim_token = :token");
    for (Claimed c : unsent) {
      batch.bind("now", now).bind("event", c.eventId()).bind("token", c.claimToken()).add();
    }
    batch.execute();
  }

  /**
   * Which of {@code eventIds} were taken under {@code token}, with the bodies to send. The ids keep
   * the read on the key: the token alone has no index, and the table keeps every delivery.
   */
  static List<Claimed> claimed(Handle h, List<String> eventIds, String token) {
    return h.createQuery(
            "SELECT d.event_id, d.endpoint_id, d.partner_id, d.environment, d.attempts,"
                + " d.created_at, e.payload FROM webhook_deliveries d"
                + " JOIN events e ON e.id = d.event_id"
                + " WHERE d.event_id IN (<ids>) AND d.claim_token = :token")
        .bindList("ids", eventIds)
        .bind("token", token)
        .map(
            (rs, ctx) ->
                new Claimed(
                    rs.getString("event_id"),
                    rs.getString("endpoint_id"),
                    scope(rs),
                    rs.getInt("attempts"),
                    token,
                    Database.instant(rs, "created_at", ctx),
                    rs.getString("payload")))
        .list();
  }

  /**
   * Cross-tenant: each endpoint's URL and the secrets signing at {@code now}, newest first, opened
   * by {@code open}.
   */
  static Map<String, Target> targets(
      Handle h, Collection<String> endpointIds, Instant now, UnaryOperator<String> open) {
    record SecretOf(String endpointId, Environment environment, String url, String sealed) {}
    List<SecretOf> rows =
        h.createQuery(
                "SELECT e.id, e.environment, e.url, s.sealed FROM webhook_endpoints e"
                    + " JOIN webhook_secrets s ON s.endpoint_id = e.id"
                    + " WHERE e.id IN (<ids>) AND (s.expires_at IS NULL OR s.expires_at > :now)"
                    + " ORDER BY e.id, s.created_at DESC, s.id DESC")
            .bindList("ids", List.copyOf(endpointIds))
            .bind("now", now)
            .map(
                (rs, ctx) ->
                    new SecretOf(
                        rs.getString("id"),
                        Environment.parse(rs.getString("environment")),
                        rs.getString("url"),
                        rs.getString("sealed")))
            .list();
    Map<String, Target> targets = new TreeMap<>();
    for (SecretOf row : rows) {
      targets
          .computeIfAbsent(
              row.endpointId(),
              id -> new Target(id, row.environment(), row.url(), new ArrayList<>()))
          .secrets()
          .add(open.apply(row.sealed()));
    }
    return targets;
  }

  /** Records attempts and moves their deliveries on, if the claims are still theirs. */
  static void settle(Handle h, List<Settlement> settlements) {
    PreparedBatch attempts =
        h.prepareBatch(
            "INSERT INTO webhook_attempts (event_id, attempt, url, status_code, latency_ms, error,"
                + " started_at) VALUES (:event, :attempt, :url, :status, :latency, :error,"
                + " :startedAt)");
    PreparedBatch deliveries =
        h.prepareBatch(
            "UPDATE webhook_deliveries SET state = :state, due_at = :dueAt, claim_token = NULL,"
                + " last_status = :status, last_error = :error, settled_at = :settledAt"
                + " WHERE event_id = :event AND claim_token = :token");
    for (Settlement s : settlements) {
      AttemptResult r = s.result();
      attempts
          .bind("event", s.claimed().eventId())
          .bind("attempt", s.claimed().attempt())
          .bind("url", s.url())
          .bind("status", r.statusCode())
          .bind("latency", (int) Math.min(Integer.MAX_VALUE, r.latencyMs()))
          .bind("error", r.failure())
          .bind("startedAt", r.startedAt())
          .add();
      deliveries
          .bind("event", s.claimed().eventId())
          .bind("token", s.claimed().claimToken())
          .bind("state", s.state())
          .bind("dueAt", s.dueAt())
          .bind("status", r.statusCode())
          .bind("error", r.failure())
          .bind("settledAt", s.dueAt() == null ? r.startedAt().plusMillis(r.latencyMs()) : null)
          .add();
    }
    attempts.execute();
    deliveries.execute();
  }

  // ---- the delivery log ------------------------------------------------------------------

  /** Operator lookup of an event by id alone; the event names its own scope. */
  static Optional<EventRow> findEvent(Handle h, String eventId) {
    return h.createQuery(
            "SELECT id, partner_id, environment, type, created_at FROM events WHERE id = :id")
        .bind("id", eventId)
        .map(
            (rs, ctx) ->
                new EventRow(
                    rs.getString("id"),
                    scope(rs),
                    WireValue.of(EventType.class, rs.getString("type")),
                    Database.instant(rs, "created_at", ctx)))
        .findOne();
  }

  private static final String DELIVERY_COLUMNS =
      "d.event_id, v.type, d.partner_id, d.environment, d.state, d.attempts, d.last_status,"
          + " d.last_error, d.created_at, d.due_at, d.settled_at";

  static Optional<Delivery> delivery(Handle h, Scope scope, String eventId) {
    return h.createQuery(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM webhook_deliveries d JOIN events v ON v.id = d.event_id"
                + " WHERE d.event_id = :id AND d.partner_id = :partner AND d.environment = :env")
        .bind("id", eventId)
        .bindMap(scope.sqlArguments())
        .map(WebhookStore::deliveryRow)
        .findOne()
        .map(d -> d.withAttempts(attempts(h, eventId)));
  }

  /** The newest deliveries of a scope, optionally only those in {@code state}. */
  static List<Delivery> deliveries(Handle h, Scope scope, DeliveryState state, int limit) {
    return h.createQuery(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM webhook_deliveries d JOIN events v ON v.id = d.event_id"
                + " WHERE d.partner_id = :partner AND d.environment = :env"
                + (state == null ? "" : " AND d.state = :state")
                + " ORDER BY d.created_at DESC, d.event_id DESC"
                + Cursor.limit(limit))
        .bindMap(scope.sqlArguments())
        .bind("state", state)
        .map(WebhookStore::deliveryRow)
        .list();
  }

  /** The latency of the latest attempt of each of these deliveries of a scope, by event id. */
  static Map<String, Long> lastLatencies(Handle h, Scope scope, List<String> eventIds) {
    Map<String, Long> latencies = new java.util.HashMap<>();
    if (eventIds.isEmpty()) {
      return latencies;
    }
    h.createQuery(
            "SELECT a.event_id, a.latency_ms FROM webhook_deliveries d"
                + " JOIN webhook_attempts a ON a.event_id = d.event_id AND a.attempt = d.attempts"
                + " WHERE d.event_id IN (<ids>) AND d.partner_id = :partner"
                + " AND d.environment = :env")
        .bindList("ids", eventIds)
        .bindMap(scope.sqlArguments())
        .map((rs, ctx) -> latencies.put(rs.getString(1), rs.getLong(2)))
        .list();
    return latencies;
  }

  /** How many deliveries of a scope are in each state. */
  static Map<DeliveryState, Integer> countByState(Handle h, Scope scope) {
    Map<DeliveryState, Integer> counts = new EnumMap<>(DeliveryState.class);
    h.createQuery(
            "SELECT state, COUNT(*) FROM webhook_deliveries"
                + " WHERE partner_id = :partner AND environment = :env GROUP BY state")
        .bindMap(scope.sqlArguments())
        .map(
            (rs, ctx) ->
                counts.put(WireValue.of(DeliveryState.class, rs.getString(1)), rs.getInt(2)))
        .list();
    return counts;
  }

  private static List<Delivery.Attempt> attempts(Handle h, String eventId) {
    return h.createQuery(
            "SELECT attempt, url, status_code, latency_ms, error, started_at FROM webhook_attempts"
                + " WHERE event_id = :id ORDER BY attempt")
        .bind("id", eventId)
        .map(
            (rs, ctx) ->
                new Delivery.Attempt(
                    rs.getInt("attempt"),
                    rs.getString("url"),
                    rs.getObject("status_code", Integer.class),
                    rs.getLong("latency_ms"),
                    rs.getString("error"),
                    Database.instant(rs, "started_at", ctx)))
        .list();
  }

  private static Delivery deliveryRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Delivery(
        rs.getString("event_id"),
        WireValue.of(EventType.class, rs.getString("type")),
        scope(rs),
        WireValue.of(DeliveryState.class, rs.getString("state")),
        rs.getInt("attempts"),
        rs.getObject("last_status", Integer.class),
        rs.getString("last_error"),
        Database.instant(rs, "created_at", ctx),
        Database.instant(rs, "due_at", ctx),
        Database.instant(rs, "settled_at", ctx),
        List.of());
  }

  private static Scope scope(ResultSet rs) throws SQLException {
    return new Scope(rs.getString("partner_id"), Environment.parse(rs.getString("environment")));
  }
}
