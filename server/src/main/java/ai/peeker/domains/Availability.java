package ai.peeker.domains;

import ai.peeker.domains.Quote.Unavailable;
import ai.peeker.partners.Environment;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether names can be bought, answered by the environment's registrar ({@link RegistrarQuotes})
 * through a cache: an answer is fresh for {@link #FRESH_FOR}; after that it answers {@code reason:
 * "stale"} and is re-quoted in the background, so a partner polling a list never waits on the
 * registrar twice. Registrar errors are never cached.
 */
public final class Availability implements AutoCloseable {
  public static final Duration FRESH_FOR = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(Availability.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Map<Environment, RegistrarQuotes> registrars;
  private final LiveProviders live;
  private final ExecutorService refresher = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  public Availability(
      Jdbi jdbi,
      Clock clock,
      Map<Environment, ? extends RegistrarQuotes> registrars,
      LiveProviders live) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.registrars = Map.copyOf(registrars);
    this.live = live;
  }

  /** One row of {@code POST /domains/availability}; prices only on available rows. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(
      String domain,
      boolean available,
      Long priceCents,
      Long renewalPriceCents,
      String currency,
      List<MailProviderKind> usableFor,
      boolean premium,
      Unavailable reason) {

    static Row of(Quote quote) {
      if (quote.available()) {
        return new Row(
            quote.domain(),
            true,
            quote.priceCents(),
            quote.renewalPriceCents(),
            quote.currency(),
            quote.usableFor(),
            false,
            null);
      }
      return unavailable(quote.domain(), quote.premium(), quote.unavailable());
    }

    static Row unavailable(String domain, boolean premium, Unavailable reason) {
      return new Row(domain, false, null, null, null, null, premium, reason);
    }
  }

  /**
   * Answers for {@code names} in request order: lowercased and trimmed, duplicates collapsed.
   * Invalid names never reach the registrar.
   */
  public List<Row> check(Environment env, List<String> names) {
    live.require(env, List.of(LiveProvider.NAMECOM));
    Set<String> distinct = new LinkedHashSet<>();
    for (String name : names) {
      String normalized = DomainNames.normalize(name);
      distinct.add(normalized != null ? normalized : name.strip().toLowerCase(Locale.ROOT));
    }
    List<String> valid = distinct.stream().filter(n -> n.equals(DomainNames.normalize(n))).toList();
    Map<String, QuoteStore.Cached> cached = jdbi.withHandle(h -> QuoteStore.find(h, env, valid));
    Map<String, Quote> quoted =
        quoteAndCache(env, valid.stream().filter(n -> !cached.containsKey(n)).toList());
    Instant now = clock.instant();
    List<Row> rows = new ArrayList<>(distinct.size());
    for (String name : distinct) {
      QuoteStore.Cached hit = cached.get(name);
      if (quoted.containsKey(name)) {
        rows.add(Row.of(quoted.get(name)));
      } else if (hit == null) {
        rows.add(Row.unavailable(name, false, Unavailable.INVALID));
      } else if (fresh(hit, now)) {
        rows.add(Row.of(hit.quote()));
      } else {
        refreshInBackground(env, name);
        rows.add(Row.unavailable(name, hit.quote().premium(), Unavailable.STALE));
      }
    }
    return rows;
  }

  /**
   * Fresh answers for normalised names, for placing an order: cached ones while fresh, else the
   * registrar's (a stale answer is never good enough to buy on). The registrar's answers are not
   * cached here: the order is about to buy those names, so "available" would soon be wrong.
   */
  public Map<String, Quote> quotesForOrder(Environment env, List<String> names) {
    Map<String, QuoteStore.Cached> cached = jdbi.withHandle(h -> QuoteStore.find(h, env, names));
    Instant now = clock.instant();
    Map<String, Quote> quotes = new HashMap<>();
    for (String name : names) {
      QuoteStore.Cached hit = cached.get(name);
      quotes.put(name, hit != null && fresh(hit, now) ? hit.quote() : quote(env, name));
    }
    return quotes;
  }

  /** Asks the registrar about each name, then caches the answers in one transaction. */
  private Map<String, Quote> quoteAndCache(Environment env, List<String> names) {
    Map<String, Quote> quotes = new HashMap<>();
    List<Quote> cacheable = new ArrayList<>();
    for (String name : names) {
      Quote quote = quote(env, name);
      quotes.put(name, quote);
      if (quote.unavailable() != Unavailable.ERRORED) {
        cacheable.add(quote);
      }
    }
    if (!cacheable.isEmpty()) {
      Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      // names in one order, so two requests caching overlapping names never deadlock
      cacheable.sort(java.util.Comparator.comparing(Quote::domain));
      try {
        jdbi.useTransaction(h -> QuoteStore.save(h, env, cacheable, at));
      } catch (JdbiException e) {
        // the cache only saves registrar calls; the answers themselves stand
        log.warn("could not cache {} quotes: {}", cacheable.size(), e.toString());
      }
    }
    return quotes;
  }

  /** The registrar's answer; a registrar failure is an {@code errored} answer, not an error. */
  private Quote quote(Environment env, String name) {
    try {
      return registrars.get(env).quote(name);
    } catch (RuntimeException e) {
      log.warn("registrar could not quote {} ({}): {}", name, env.wire(), e.toString());
      return new Quote(name, Unavailable.ERRORED, 0, 0, "usd", List.of());
    }
  }

  private void refreshInBackground(Environment env, String name) {
    String key = env.wire() + "|" + name;
    if (!refreshing.add(key)) {
      return;
    }
    try {
      refresher.execute(
          () -> {
            try {
              quoteAndCache(env, List.of(name));
            } catch (RuntimeException e) {
              log.warn("background refresh of {} failed: {}", name, e.toString());
            } finally {
              refreshing.remove(key);
            }
          });
    } catch (RejectedExecutionException e) {
      refreshing.remove(key); // shutting down: the next check refreshes it
    }
  }

  private static boolean fresh(QuoteStore.Cached hit, Instant now) {
    return hit.quotedAt().plus(FRESH_FOR).isAfter(now);
  }

  @Override
  public void close() {
    refresher.shutdown();
  }
}
