package ai.peeker.partners;

import ai.peeker.common.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Partners (resellers) and their API keys: creation, lookup by secret, revocation. */
public final class Partners {
  public static final int DEFAULT_RATE_LIMIT = 600;

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private static final java.time.Duration USE_PRECISION = java.time.Duration.ofMinutes(1);
  private final java.util.Map<String, Instant> lastNoted =
      new java.util.concurrent.ConcurrentHashMap<>();

  public Partners(Jdbi jdbi, Clock clock, Ids ids) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
  }

  public Partner create(String name) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("a partner name is 1 to 200 characters");
    }
    Partner partner = new Partner(ids.next("org_"), name.strip(), now());
    jdbi.useHandle(h -> PartnerStore.insertPartner(h, partner));
    return partner;
  }

  public Optional<Partner> find(String id) {
    return jdbi.withHandle(h -> PartnerStore.findPartner(h, id));
  }

  public List<Partner> list() {
    return jdbi.withHandle(PartnerStore::listPartners);
  }

  /** Creates a key and returns it with its secret, which is never stored or shown again. */
  public IssuedKey issueKey(
      String partnerId, Environment environment, Preset preset, int rateLimitPerMinute) {
    if (rateLimitPerMinute < 1 || rateLimitPerMinute > 1_000_000) {
      throw new IllegalArgumentException("the rate limit is 1 to 1000000 requests per minute");
    }
    String secret = ApiKeySecrets.generate(environment);
    ApiKey key =
        new ApiKey(
            ids.next("key_"),
            partnerId,
            environment,
            preset,
            rateLimitPerMinute,
            ApiKeySecrets.hint(secret),
            now(),
            null);
    jdbi.useTransaction(
        h -> {
          if (PartnerStore.findPartner(h, partnerId).isEmpty()) {
            throw new IllegalArgumentException("no partner " + partnerId);
          }
          PartnerStore.insertKey(h, key, ApiKeySecrets.hash(secret));
        });
    return new IssuedKey(key, secret);
  }

  /** A key as its partner's portal lists it: with when it was last used (to the minute). */
  public record ListedKey(ApiKey key, Instant lastUsedAt) {}

  /** The keys of one partner in one environment, oldest first. */
  public List<ListedKey> keys(Scope scope) {
    return jdbi.withHandle(h -> PartnerStore.listKeys(h, scope));
  }

  /** Revokes a key of this scope; false when the scope has no such active key. */
  public boolean revokeKey(Scope scope, String keyId) {
    return jdbi.withHandle(h -> PartnerStore.revokeKey(h, scope, keyId, now()));
  }

  public List<ApiKey> keys(String partnerId) {
    return jdbi.withHandle(h -> PartnerStore.listKeys(h, partnerId));
  }

  /** True when the key existed and was active. */
  public boolean revokeKey(String keyId) {
    return jdbi.withHandle(h -> PartnerStore.revokeKey(h, keyId, now()));
  }

  /**
   * The active key behind a presented secret. Malformed secrets are refused without touching the
   * database.
   */
  public Optional<ApiKey> authenticate(String secret) {
    if (secret == null || ApiKeySecrets.environmentOf(secret) == null) {
      return Optional.empty();
    }
    Optional<ApiKey> key =
        jdbi.withHandle(h -> PartnerStore.findKeyByHash(h, ApiKeySecrets.hash(secret)))
            .filter(k -> k.revokedAt() == null);
    key.ifPresent(this::noteUse);
    return key;
  }

  /** Records a key's use at most once a minute per key on this node, not on every request. */
  private void noteUse(ApiKey key) {
    Instant now = now();
    Instant previous = lastNoted.get(key.id());
    if (previous != null && previous.isAfter(now.minus(USE_PRECISION))) {
      return;
    }
    lastNoted.put(key.id(), now);
    jdbi.useHandle(h -> PartnerStore.noteUse(h, key.id(), now, now.minus(USE_PRECISION)));
  }

  /** The operator's settings of a partner (defaults when it has none). */
  public PartnerSettings settings(org.jdbi.v3.core.Handle h, String partnerId) {
    return PartnerStore.settings(h, partnerId).orElse(new PartnerSettings(null, SwapTier.BASE));
  }

  public PartnerSettings settings(String partnerId) {
    return jdbi.withHandle(h -> settings(h, partnerId));
  }

  /** Operator: the default sequencer client (null clears it) and/or the swap tier. */
  public PartnerSettings configure(
      String partnerId, Long defaultSequencerClientId, boolean clearClient, SwapTier tier) {
    if (defaultSequencerClientId != null && defaultSequencerClientId < 1) {
      throw new IllegalArgumentException("a sequencer client id is a positive integer");
    }
    return jdbi.inTransaction(
        h -> {
          if (PartnerStore.findPartner(h, partnerId).isEmpty()) {
            throw new IllegalArgumentException("no partner " + partnerId);
          }
          if (defaultSequencerClientId != null || clearClient) {
            PartnerStore.setDefaultSequencerClient(h, partnerId, defaultSequencerClientId);
          }
          if (tier != null) {
            PartnerStore.setSwapTier(h, partnerId, tier);
          }
          return settings(h, partnerId);
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public record IssuedKey(ApiKey key, String secret) {}
}
