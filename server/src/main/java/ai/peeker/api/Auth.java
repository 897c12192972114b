package ai.peeker.api;

import ai.peeker.partners.Partners;
import io.javalin.http.Context;
import java.util.Collections;

/** {@code Authorization: Bearer pk_…} on every API request, then the key's rate limit. */
final class Auth {
  private final Partners partners;
  private final RateLimits rateLimits;

  Auth(Partners partners, RateLimits rateLimits) {
    this.partners = partners;
    this.rateLimits = rateLimits;
  }

  void authenticate(Context ctx) {
    var headers = Collections.list(ctx.req().getHeaders("Authorization"));
    if (headers.size() > 1) {
      // proxies and clients disagree on which of two credentials counts; use neither
      throw ApiError.unauthorized("Send exactly one Authorization header");
    }
    String header = headers.isEmpty() ? null : headers.get(0);
    if (header == null || header.isBlank()) {
      throw ApiError.unauthorized(
          "Missing Authorization header; send 'Authorization: Bearer pk_…'");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiError.unauthorized("Use the Bearer scheme: 'Authorization: Bearer pk_…'");
    }
    String secret = header.substring(7).strip();
    var key =
        partners
            .authenticate(secret)
            .orElseThrow(() -> ApiError.unauthorized("Invalid or revoked API key"));
    Principal.set(ctx, new Principal(key));
    rateLimits.consume(ctx, key);
  }
}
