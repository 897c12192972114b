package ai.peeker.bundles;

import java.time.Instant;

/** A saved order size, as the API shows it (union of the v1 and v2 shapes). */
public record Bundle(
    String id,
    String name,
    long monthlySendingVolume,
    Integer googlePercent,
    Integer microsoftPercent,
    boolean sendOnWeekends,
    int googleInboxesPerDomain,
    Long customerPriceCents,
    String currency,
    BundleStatus status,
    Split effective,
    Sizing.RequiredDomains requiredDomains,
    Instant createdAt) {

  public record Split(int googlePercent, int microsoftPercent) {}

  public boolean active() {
    return status == BundleStatus.ACTIVE;
  }

  public int googleLicenses() {
    return requiredDomains.google() * googleInboxesPerDomain;
  }

  public int microsoftLicenses() {
    return requiredDomains.microsoft();
  }
}
