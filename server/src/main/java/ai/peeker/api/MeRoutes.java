package ai.peeker.api;

import ai.peeker.partners.ApiKey;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Partners;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /me}: the cheapest health check, and which key and partner a request acts as. It lives
 * at the edge beside {@link Auth}, which needs the partners package: partners itself knows nothing
 * of HTTP, so the two packages depend in one direction only.
 */
public final class MeRoutes {
  private final Partners partners;

  public MeRoutes(Partners partners) {
    this.partners = partners;
  }

  public void register(ApiRouter api) {
    api.get(
        "/me",
        ctx -> {
          ApiKey key = Principal.of(ctx).key();
          Partner partner =
              partners.find(key.partnerId()).orElseThrow(() -> ApiError.unauthorized("No partner"));
          Map<String, Object> apiKey = new LinkedHashMap<>();
          apiKey.put("environment", key.environment().wire());
          apiKey.put("permission_preset", key.preset().wire());
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("api_key", apiKey);
          Map<String, Object> partnerView = new LinkedHashMap<>();
          partnerView.put("id", partner.id());
          partnerView.put("name", partner.name());
          data.put("partner", partnerView);
          ctx.json(Map.of("data", data));
        });
  }
}
