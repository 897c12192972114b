package ai.peeker.partners;

import ai.peeker.db.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** All SQL of partners and API keys. */
final class PartnerStore {
  private PartnerStore() {}

  static void insertPartner(Handle h, Partner partner) {
    h.createUpdate("INSERT INTO partners (id, name, created_at) VALUES (:id, :name, :createdAt)")
        .bind("id", partner.id())
        .bind("name", partner.name())
        .bind("createdAt", partner.createdAt())
        .execute();
  }

  static Optional<Partner> findPartner(Handle h, String id) {
    return h.createQuery("SELECT id, name, created_at FROM partners WHERE id = :id")
        .bind("id", id)
        .map(PartnerStore::partner)
        .findOne();
  }

  static List<Partner> listPartners(Handle h) {
    return h.createQuery("SELECT id, name, created_at FROM partners ORDER BY created_at, id")
        .map(PartnerStore::partner)
        .list();
  }

  static void insertKey(Handle h, ApiKey key, String secretHash) {
    h.createUpdate(
            "INSERT INTO api_keys (id, partner_id, environment, preset, secret_hash, hint,"
                + " rate_limit_per_minute, created_at) VALUES (:id, :partnerId, :environment,"
                + " :preset, :hash, :hint, :rateLimit, :createdAt)")
        .bind("id", key.id())
        .bind("partnerId", key.partnerId())
        .bind("environment", key.environment().wire())
        .bind("preset", key.preset().wire())
        .bind("hash", secretHash)
        .bind("hint", key.hint())
        .bind("rateLimit", key.rateLimitPerMinute())
        .bind("createdAt", key.createdAt())
        .execute();
  }

  private static final String KEY_COLUMNS =
      "id, partner_id, environment, preset, hint, rate_limit_per_minute, created_at, revoked_at";

  static Optional<ApiKey> findKeyByHash(Handle h, String secretHash) {
    return h.createQuery("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE secret_hash = :hash")
        .bind("hash", secretHash)
        .map(PartnerStore::key)
        .findOne();
  }

  static List<ApiKey> listKeys(Handle h, String partnerId) {
    return h.createQuery(
            "SELECT "
                + KEY_COLUMNS
                + " FROM api_keys WHERE partner_id = :p ORDER BY created_at, id")
        .bind("p", partnerId)
        .map(PartnerStore::key)
        .list();
  }

  static List<Partners.ListedKey> listKeys(Handle h, Scope scope) {
    return h.createQuery(
            "SELECT "
                + KEY_COLUMNS
                + ", last_used_at FROM api_keys WHERE partner_id = :p AND environment = :env"
                + " ORDER BY created_at, id")
        .bind("p", scope.partnerId())
        .bind("env", scope.env())
        .map(
            (rs, ctx) ->
                new Partners.ListedKey(key(rs, ctx), Database.instant(rs, "last_used_at", ctx)))
        .list();
  }

  static boolean revokeKey(Handle h, Scope scope, String id, Instant at) {
    return h.createUpdate(
                "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND partner_id = :p"
                    + " AND environment = :env AND revoked_at IS NULL")
            .bind("id", id)
            .bind("p", scope.partnerId())
            .bind("env", scope.env())
            .bind("at", at)
            .execute()
        == 1;
  }

  /** Sets when a key was last used, unless another node did within the last minute. */
  static void noteUse(Handle h, String id, Instant at, Instant unlessAfter) {
    h.createUpdate(
            "UPDATE api_keys SET last_used_at = :at WHERE id = :id"
                + " AND (last_used_at IS NULL OR last_used_at < :unlessAfter)")
        .bind("id", id)
        .bind("at", at)
        .bind("unlessAfter", unlessAfter)
        .execute();
  }

  static boolean revokeKey(Handle h, String id, Instant at) {
    return h.createUpdate(
                "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
            .bind("id", id)
            .bind("at", at)
            .execute()
        == 1;
  }

  /** A partner row as read by both the lookup and the listing. */
  private static Partner partner(
      java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Partner(
        rs.getString("id"), rs.getString("name"), Database.instant(rs, "created_at", ctx));
  }

  private static ApiKey key(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    var instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
    return new ApiKey(
        rs.getString("id"),
        rs.getString("partner_id"),
        Environment.parse(rs.getString("environment")),
        Preset.parse(rs.getString("preset")),
        rs.getInt("rate_limit_per_minute"),
        rs.getString("hint"),
        instants.map(rs, "created_at", ctx),
        instants.map(rs, "revoked_at", ctx));
  }

  static Optional<PartnerSettings> settings(Handle h, String partnerId) {
    return h.createQuery(
            "SELECT default_sequencer_client_id, swap_tier FROM partners WHERE id = :id")
        .bind("id", partnerId)
        .map(
            (rs, ctx) -> {
              long client = rs.getLong("default_sequencer_client_id");
              return new PartnerSettings(
                  rs.wasNull() ? null : client,
                  ai.peeker.common.WireValue.of(SwapTier.class, rs.getString("swap_tier")));
            })
        .findOne();
  }

  static boolean setDefaultSequencerClient(Handle h, String partnerId, Long clientId) {
    return h.createUpdate(
                "UPDATE partners SET default_sequencer_client_id = :client WHERE id = :id")
            .bind("client", clientId)
            .bind("id", partnerId)
            .execute()
        == 1;
  }

  static boolean setSwapTier(Handle h, String partnerId, SwapTier tier) {
    return h.createUpdate("UPDATE partners SET swap_tier = :tier WHERE id = :id")
            .bind("tier", tier)
            .bind("id", partnerId)
            .execute()
        == 1;
  }
}
