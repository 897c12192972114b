package ai.peeker.bundles;

import ai.peeker.api.ApiError;
import ai.peeker.common.Change;
import ai.peeker.common.Cursor;
import ai.peeker.common.Ids;
import ai.peeker.common.PageSlice;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Saved order sizes: sizing rules, delete-or-archive, and the lookup orders use. */
public final class Bundles {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;

  public Bundles(Jdbi jdbi, Clock clock, Ids ids) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
  }

  public record NewBundle(
      String name,
      long monthlySendingVolume,
      Integer googlePercent,
      Integer microsoftPercent,
      boolean sendOnWeekends,
      int googleInboxesPerDomain,
      Long customerPriceCents,
      String currency) {}

  public record BundleChanges(
      Change<String> name,
      Change<Long> monthlySendingVolume,
      Change<Integer> googlePercent,
      Change<Integer> microsoftPercent,
      Change<Boolean> sendOnWeekends,
      Change<Integer> googleInboxesPerDomain,
      Change<Long> customerPriceCents,
      Change<String> currency) {}

  public Bundle create(Scope scope, NewBundle b) {
    Bundle bundle =
        validated(
            ids.next("bun_"),
            b.name(),
            b.monthlySendingVolume(),
            b.googlePercent(),
            b.microsoftPercent(),
            b.sendOnWeekends(),
            b.googleInboxesPerDomain(),
            b.customerPriceCents(),
            b.currency(),
            BundleStatus.ACTIVE,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    jdbi.useTransaction(h -> BundleStore.insert(h, scope, bundle));
    return bundle;
  }

  public Bundle get(Scope scope, String id) {
    if (!Ids.looksLike("bun_", id)) {
      throw ApiError.notFound("Bundle");
    }
    return jdbi.withHandle(h -> BundleStore.find(h, scope, id, false))
        .orElseThrow(() -> ApiError.notFound("Bundle"));
  }

  /** The bundle a new order names; archived or unknown bundles are refused on {@code field}. */
  public Bundle forNewOrder(Handle h, Scope scope, String id, String field) {
    Bundle bundle =
        (Ids.looksLike("bun_", id)
                ? BundleStore.find(h, scope, id, false)
                : java.util.Optional.<Bundle>empty())
            .orElseThrow(() -> ApiError.notFound("Bundle", field));
    if (!bundle.active()) {
      throw ApiError.invalid(field, "Bundle " + id + " is archived and takes no new orders");
    }
    return bundle;
  }

  public PageSlice<Bundle> list(Scope scope, BundleStatus status, Cursor after, int perPage) {
    return PageSlice.of(
        jdbi.withHandle(h -> BundleStore.list(h, scope, status, after, perPage + 1)),
        perPage,
        b -> new Cursor(b.createdAt(), b.id()));
  }

  public Bundle update(Scope scope, String id, BundleChanges c) {
    return jdbi.inTransaction(
        h -> {
          Bundle current = locked(h, scope, id);
          Integer google = c.googlePercent().or(current.googlePercent());
          Integer microsoft = c.microsoftPercent().or(current.microsoftPercent());
          // Naming one side only moves the other with it, so the split always sums to 100.
          if (c.googlePercent().present() && !c.microsoftPercent().present()) {
            microsoft = google == null ? null : 100 - google;
          } else if (c.microsoftPercent().present() && !c.googlePercent().present()) {
            google = microsoft == null ? null : 100 - microsoft;
          }
          Bundle updated =
              validated(
                  current.id(),
                  c.name().or(current.name()),
                  c.monthlySendingVolume().or(current.monthlySendingVolume()),
                  google,
                  microsoft,
                  c.sendOnWeekends().or(current.sendOnWeekends()),
                  c.googleInboxesPerDomain().or(current.googleInboxesPerDomain()),
                  c.customerPriceCents().or(current.customerPriceCents()),
                  c.currency().or(current.currency()),
                  current.status(),
                  current.createdAt());
          BundleStore.update(h, scope, updated);
          return updated;
        });
  }

  /** Removes a bundle no order used; archives one that was used. */
  public Object delete(Scope scope, String id) {
    return jdbi.inTransaction(
        h -> {
          Bundle current = locked(h, scope, id);
          if (BundleStore.usedByAnOrder(h, scope, id)) {
            Bundle archived =
                assemble(
                    current.id(),
                    current.name(),
                    current.monthlySendingVolume(),
                    current.googlePercent(),
                    current.microsoftPercent(),
                    current.sendOnWeekends(),
                    current.googleInboxesPerDomain(),
                    current.customerPriceCents(),
                    current.currency(),
                    BundleStatus.ARCHIVED,
                    current.createdAt());
            BundleStore.update(h, scope, archived);
            return archived;
          }
          BundleStore.delete(h, scope, id);
          return Map.of("id", id, "status", "deleted");
        });
  }

  private static Bundle locked(Handle h, Scope scope, String id) {
    if (!Ids.looksLike("bun_", id)) {
      throw ApiError.notFound("Bundle");
    }
    return BundleStore.find(h, scope, id, true).orElseThrow(() -> ApiError.notFound("Bundle"));
  }

  private static Bundle validated(
      String id,
      String name,
      long volume,
      Integer google,
      Integer microsoft,
      boolean weekends,
      int perDomain,
      Long price,
      String currency,
      BundleStatus status,
      Instant createdAt) {
    if (name == null || name.isBlank()) {
      throw ApiError.invalid("name", "'name' is required");
    }
    if (volume < 1) {
      throw ApiError.invalid("monthly_sending_volume", "'monthly_sending_volume' must be above 0");
    }
    if ((google == null) != (microsoft == null)) {
      throw ApiError.invalid(
          google == null ? "google_percent" : "microsoft_percent",
          "Give both google_percent and microsoft_percent, or neither");
    }
    if (google != null && google + microsoft != 100) {
      throw ApiError.invalid(
          "google_percent", "google_percent and microsoft_percent must add up to 100");
    }
    if (perDomain != 2 && perDomain != 3) {
      throw ApiError.invalid("google_inboxes_per_domain", "'google_inboxes_per_domain' is 2 or 3");
    }
    if (currency != null && !currency.matches("[A-Za-z]{3}")) {
      throw ApiError.invalid("currency", "'currency' is a 3-letter code such as usd");
    }
    return assemble(
        id,
        name,
        volume,
        google,
        microsoft,
        weekends,
        perDomain,
        price,
        currency == null ? null : currency.toLowerCase(Locale.ROOT),
        status,
        createdAt);
  }

  static Bundle assemble(
      String id,
      String name,
      long volume,
      Integer google,
      Integer microsoft,
      boolean weekends,
      int perDomain,
      Long price,
      String currency,
      BundleStatus status,
      Instant createdAt) {
    int effectiveGoogle = google == null ? Sizing.RECOMMENDED_GOOGLE_PERCENT : google;
    return new Bundle(
        id,
        name,
        volume,
        google,
        microsoft,
        weekends,
        perDomain,
        price,
        currency,
        status,
        new Bundle.Split(effectiveGoogle, 100 - effectiveGoogle),
        Sizing.required(volume, effectiveGoogle, weekends, perDomain),
        createdAt);
  }
}
