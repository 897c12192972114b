package ai.peeker.bundles;

import ai.peeker.api.FieldError;
import ai.peeker.api.Fields;
import ai.peeker.common.Change;

/**
 * A {@code POST /bundles} or {@code PATCH /bundles/{id}} body. A patch changes the keys it carries;
 * the name, volume, weekends and inboxes per domain can change but never be cleared.
 *
 * <pre>{"name":"Starter — 25k emails/month","monthly_sending_volume":25000}</pre>
 */
record BundleBody(
    Change<String> name,
    Change<Long> monthlySendingVolume,
    Change<Long> googlePercent,
    Change<Long> microsoftPercent,
    Change<Boolean> sendOnWeekends,
    Change<Long> googleInboxesPerDomain,
    Change<Long> customerPriceCents,
    Change<String> currency) {
  /** A billion emails a month keeps every sizing product far from overflow. */
  private static final long MAX_VOLUME = 1_000_000_000L;

  private static final long MAX_PRICE_CENTS = 1_000_000_000_00L;

  BundleBody {
    name = name.map(v -> Fields.required(Fields.text(v, "name", 200), "name"));
    monthlySendingVolume =
        monthlySendingVolume.map(v -> Fields.range(v, "monthly_sending_volume", 1, MAX_VOLUME));
    googlePercent = googlePercent.map(v -> Fields.range(v, "google_percent", 0, 100));
    microsoftPercent = microsoftPercent.map(v -> Fields.range(v, "microsoft_percent", 0, 100));
    googleInboxesPerDomain =
        googleInboxesPerDomain.map(v -> Fields.range(v, "google_inboxes_per_domain", 2, 3));
    customerPriceCents =
        customerPriceCents.map(v -> Fields.range(v, "customer_price_cents", 0, MAX_PRICE_CENTS));
    currency = currency.map(v -> Fields.text(v, "currency", 3));
  }

  Bundles.NewBundle draft() {
    return new Bundles.NewBundle(
        Fields.required(name.value(), "name"),
        Fields.required(monthlySendingVolume.value(), "monthly_sending_volume"),
        toInt(googlePercent.value()),
        toInt(microsoftPercent.value()),
        Boolean.TRUE.equals(sendOnWeekends.value()),
        googleInboxesPerDomain.value() == null ? 2 : googleInboxesPerDomain.value().intValue(),
        customerPriceCents.value(),
        currency.value());
  }

  Bundles.BundleChanges changes() {
    return new Bundles.BundleChanges(
        notNull(name, "name"),
        notNull(monthlySendingVolume, "monthly_sending_volume"),
        googlePercent.map(BundleBody::toInt),
        microsoftPercent.map(BundleBody::toInt),
        notNull(sendOnWeekends, "send_on_weekends"),
        notNull(googleInboxesPerDomain, "google_inboxes_per_domain").map(BundleBody::toInt),
        customerPriceCents,
        currency);
  }

  /** A field a patch may change but never clear. */
  private static <T> Change<T> notNull(Change<T> change, String field) {
    if (change.present() && change.value() == null) {
      throw new FieldError(field, "cannot be null");
    }
    return change;
  }

  private static Integer toInt(Long value) {
    return value == null ? null : value.intValue();
  }
}
