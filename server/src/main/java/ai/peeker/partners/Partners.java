package ai.peeker.partners;

import ai.peeker.common.Ids;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

  /**
   * Active keys by secret hash, each kept for at most {@link #KEY_CACHE_TIME}: a request does not
   * read its key from the database each time. A key revoked through this object is dropped at once;
   * one revoked elsewhere (another node, the CLI) stops working here within that time.
   */
  private final Cache<String, ApiKey> activeKeys =
      Caffeine.newBuilder().expireAfterWrite(KEY_CACHE_TIME).maximumSize(100_000).build();

  public static final java.time.Duration KEY_CACHE_TIME = java.time.Duration.ofSeconds(1);

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
    forget(keyId);
    boolean revoked = jdbi.withHandle(h -> PartnerStore.revokeKey(h, scope, keyId, now()));
    forget(keyId);
    return revoked;
  }

  public List<ApiKey> keys(String partnerId) {
    return jdbi.withHandle(h -> PartnerStore.listKeys(h, partnerId));
  }

  /** True when the key existed and was active. */
  public boolean revokeKey(String keyId) {
    forget(keyId);
    boolean revoked = jdbi.withHandle(h -> PartnerStore.revokeKey(h, keyId, now()));
    forget(keyId);
    return revoked;
  }

  /** Before the update and after it: a lookup racing the update cannot keep the key here. */
  private void forget(String keyId) {
    activeKeys.asMap().values().removeIf(k -> k.id().equals(keyId));
  }

  /**
   * The active key behind a presented secret. Malformed secrets are refused without touching the
   * database.
   */
  public Optional<ApiKey> authenticate(String secret) {
    if (secret == null || ApiKeySecrets.environmentOf(secret) == null) {
      return Optional.empty();
    }
    String hash = ApiKeySecrets.hash(secret);
    ApiKey cached = activeKeys.getIfPresent(hash);
    if (cached != null) {
      noteUse(cached);
      return Optional.of(cached);
    }
    Optional<ApiKey> key =
        jdbi.withHandle(h -> PartnerStore.findKeyByHash(h, hash))
            .filter(k -> k.revokedAt() == null);
    key.ifPresent(
        k -> {
          activeKeys.put(hash, k);
          noteUse(k);
        });
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
