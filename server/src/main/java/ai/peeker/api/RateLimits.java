package ai.peeker.api;

import ai.peeker.partners.ApiKey;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * N requests per minute per API key (600 by default), a fixed one-minute window: the 601st request
 * inside the window is refused with 429 and {@code retry_after_seconds}. Every response carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}.
 *
 * <p>Buckets live in memory ({@link #inMemory}) or in PostgreSQL ({@link #shared}), where every
 * node of a cluster draws from the same bucket.
 */
public final class RateLimits {
  private final Function<ApiKey, Function<Long, ConsumptionProbe>> buckets;
  private Counter rejections = null;

  private RateLimits(Function<ApiKey, Function<Long, ConsumptionProbe>> buckets) {
    this.buckets = buckets;
  }

  /** Counts refused requests on {@code /metrics} ({@code peeker_rate_limit_rejections_total}). */
  public RateLimits countingOn(MeterRegistry metrics) {
    this.rejections =
        Counter.builder("peeker.rate_limit.rejections")
            .description("API requests refused with 429 by the per-key rate limit")
            .register(metrics);
    return this;
  }

  public static RateLimits inMemory() {
    Map<String, LocalBucket> local = new ConcurrentHashMap<>();
    return new RateLimits(
        key -> {
          LocalBucket bucket =
              local.computeIfAbsent(
                  bucketId(key),
                  id ->
                      io.github.bucket4j.Bucket.builder()
                          .addLimit(bandwidth(key.rateLimitPerMinute()))
                          .build());
          return bucket::tryConsumeAndReturnRemaining;
        });
  }

  /**
   * Buckets in the {@code rate_limit_buckets} table, locked per key with SELECT … FOR UPDATE. Give
   * it a pool that commits without waiting for the disk: a bucket lost to a database crash only
   * forgives a few requests, and a flush per API request would cap a key's throughput.
   *
   * <p>A node does not lock the row for each request: it keeps a local copy of each key's bucket
   * (Bucket4j's delaying optimization) and writes what it consumed to the shared row once {@link
   * #unsynchronizedTokens} requests or {@link #SYNC_INTERVAL} have passed. A node can therefore
   * admit up to that many requests the others have not seen; they are charged to the shared bucket
   * at the next sync (it may go below zero, and the next window pays the debt back).
   */
  public static RateLimits shared(DataSource dataSource) {
    ProxyManager<String> proxies =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_limit_buckets")
            .idColumn("id")
            .stateColumn("state")
            .build();
    Map<String, BucketProxy> local = new ConcurrentHashMap<>();
    Function<ApiKey, BucketProxy> proxy =
        key ->
            local.computeIfAbsent(
                bucketId(key),
                id -> {
                  int perMinute = key.rateLimitPerMinute();
                  BucketConfiguration configuration =
                      BucketConfiguration.builder().addLimit(bandwidth(perMinute)).build();
                  // The optimized proxy answers "bucket does not exist" for a row nobody has
                  // created yet instead of creating it; a plain proxy's read creates it first.
                  proxies.builder().build(id, () -> configuration).getAvailableTokens();
                  return proxies
                      .builder()
                      .withOptimization(
                          Optimizations.delaying(
                              new DelayParameters(unsynchronizedTokens(perMinute), SYNC_INTERVAL)))
                      .build(id, () -> configuration);
                });
    return new RateLimits(
        key ->
            tokens -> {
              try {
                return proxy.apply(key).tryConsumeAndReturnRemaining(tokens);
              } catch (RuntimeException e) {
                if (!bucketNotFound(e)) {
                  throw e;
                }
                // the row went away under this node's copy: start again from a fresh one
                local.remove(bucketId(key));
                return proxy.apply(key).tryConsumeAndReturnRemaining(tokens);
              }
            });
  }

  private static boolean bucketNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BucketNotFoundException) {
        return true;
      }
    }
    return false;
  }

  /** How stale a node's copy of a shared bucket may get before it syncs with the row. */
  static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);

  /**
   * Requests a node admits from its copy of a shared bucket before it syncs: 2 % of the limit, at
   * least 1 and at most 1,000. This is also the most a node can admit beyond the limit.
   */
  public static long unsynchronizedTokens(int perMinute) {
    return Math.clamp(perMinute / 50, 1, 1000);
  }

  private static Bandwidth bandwidth(int perMinute) {
    return Bandwidth.builder()
        .capacity(perMinute)
        .refillIntervally(perMinute, Duration.ofMinutes(1))
        .build();
  }

  /** A key's limit is fixed at creation, but naming it in the id keeps buckets honest if not. */
  private static String bucketId(ApiKey key) {
    return key.id() + "/" + key.rateLimitPerMinute();
  }

  void consume(Context ctx, ApiKey key) {
    int limit = key.rateLimitPerMinute();
    ConsumptionProbe probe = buckets.apply(key).apply(1L);
    ctx.header("RateLimit-Limit", Integer.toString(limit));
    ctx.header("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
    if (!probe.isConsumed()) {
      if (rejections != null) {
        rejections.increment();
      }
      long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
      ctx.header("RateLimit-Reset", Long.toString(retryAfter));
      ctx.header("Retry-After", Long.toString(retryAfter));
      throw new ApiError(
          429,
          ErrorCode.RATE_LIMITED,
          "API rate limit exceeded",
          null,
          Map.of("retry_after_seconds", retryAfter));
    }
    ctx.header(
        "RateLimit-Reset", Long.toString(Math.max(1, ceilSeconds(probe.getNanosToWaitForReset()))));
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}
