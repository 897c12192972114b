package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.api.ErrorCode;
import ai.peeker.bundles.Bundle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an order fulfils: licenses of each kind and the domains they need. A Google domain holds
 * {@code perDomain} licenses (inboxes); a Microsoft license is one domain.
 */
record Plan(String bundleId, int googleLicenses, int microsoftLicenses, int perDomain) {

  static Plan of(Bundle bundle) {
    return new Plan(
        bundle.id(),
        bundle.googleLicenses(),
        bundle.microsoftLicenses(),
        bundle.googleInboxesPerDomain());
  }

  int googleDomains() {
    return (googleLicenses + perDomain - 1) / perDomain;
  }

  int microsoftDomains() {
    return microsoftLicenses;
  }

  int requiredDomains() {
    return googleDomains() + microsoftDomains();
  }

  /**
   * A bundle or a custom plan, never both: a bundle already fixes the licenses and the inboxes per
   * domain.
   */
  static void checkShape(boolean bundle, boolean licenses, boolean perDomain) {
    if (bundle && licenses) {
      throw new ApiError(
          400,
          ErrorCode.ORDER_SHAPE_CONFLICT,
          "Send bundle_id or google_licenses/microsoft_licenses, not both",
          "bundle_id",
          null);
    }
    if (bundle && perDomain) {
      throw new ApiError(
          400,
          ErrorCode.ORDER_SHAPE_CONFLICT,
          "google_inboxes_per_domain comes from the bundle; do not send it with bundle_id",
          "google_inboxes_per_domain",
          null);
    }
    if (!bundle && !licenses) {
      throw ApiError.invalid(
          "bundle_id", "Send bundle_id, or google_licenses and/or microsoft_licenses");
    }
  }

  void checkCount(int submitted) {
    int required = requiredDomains();
    if (submitted != required) {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("required_count", required);
      counts.put("submitted_count", submitted);
      counts.put("missing_count", Math.max(0, required - submitted));
      throw new ApiError(
          400,
          ErrorCode.DOMAIN_COUNT_MISMATCH,
          "Submitted domain count does not match the order plan",
          "domains",
          counts);
    }
  }
}
