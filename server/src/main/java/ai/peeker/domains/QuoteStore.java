package ai.peeker.domains;

import ai.peeker.common.WireValue;
import ai.peeker.db.Database;
import ai.peeker.domains.Quote.Unavailable;
import ai.peeker.partners.Environment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL of the availability cache. Explicitly cross-tenant: a registrar's answer about a name does
 * not depend on which partner asks, so rows are keyed by environment and name only.
 */
final class QuoteStore {
  private QuoteStore() {}

  /** A cached registrar answer and when it was given. */
  record Cached(Quote quote, Instant quotedAt) {}

  static Map<String, Cached> find(Handle h, Environment env, List<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    return h
        .createQuery(
            "SELECT domain, unavailable, price_cents, renewal_price_cents, currency,"
                + " usable_google, usable_microsoft, quoted_at FROM domain_quotes"
                + " WHERE environment = :env AND domain IN (<names>)")
        .bind("env", env.wire())
        .bindList("names", names)
        .map(
            (rs, ctx) -> {
              Quote quote =
                  new Quote(
                      rs.getString("domain"),
                      WireValue.of(Unavailable.class, rs.getString("unavailable")),
                      rs.getLong("price_cents"),
                      rs.getLong("renewal_price_cents"),
                      rs.getString("currency"),
                      MailProviderKind.usable(
                          rs.getBoolean("usable_google"), rs.getBoolean("usable_microsoft")));
              return new Cached(quote, Database.instant(rs, "quoted_at", ctx));
            })
        .list()
        .stream()
        .collect(Collectors.toMap(c -> c.quote().domain(), Function.identity()));
  }

  /**
   * Records {@code quotes} as of {@code at}: updates the names already cached, inserts the rest. A
   * name another request cached a moment ago keeps that answer (it is as good as ours).
   */
  static void save(Handle h, Environment env, List<Quote> quotes, Instant at) {
    PreparedBatch updates =
        h.prepareBatch(
            "UPDATE domain_quotes SET unavailable = :unavailable, price_cents = :price,"
                + " renewal_price_cents = :renewal, currency = :currency,"
                + " usable_google = :google, usable_microsoft = :microsoft, quoted_at = :at"
                + " WHERE environment = :env AND domain = :domain");
    quotes.forEach(q -> bind(updates, env, q, at));
    int[] updated = updates.execute();
    PreparedBatch inserts =
        h.prepareBatch(
            "INSERT INTO domain_quotes (environment, domain, unavailable, price_cents,"
                + " renewal_price_cents, currency, usable_google, usable_microsoft, quoted_at)"
                + " VALUES (:env, :domain, :unavailable, :price, :renewal, :currency, :google,"
                + " :microsoft, :at) ON CONFLICT DO NOTHING");
    for (int i = 0; i < quotes.size(); i++) {
      if (updated[i] == 0) {
        bind(inserts, env, quotes.get(i), at);
      }
    }
    if (inserts.size() > 0) {
      inserts.execute();
    }
  }

  private static void bind(PreparedBatch batch, Environment env, Quote quote, Instant at) {
    batch
        .bind("env", env.wire())
        .bind("domain", quote.domain())
        .bind("unavailable", quote.unavailable())
        .bind("price", quote.priceCents())
        .bind("renewal", quote.renewalPriceCents())
        .bind("currency", quote.currency())
        .bind("google", quote.usableFor().contains(MailProviderKind.GOOGLE))
        .bind("microsoft", quote.usableFor().contains(MailProviderKind.MICROSOFT))
        .bind("at", at)
        .add();
  }
}
