package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.api.ApiRouter;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /orders/{id}/cancel}: no body or {@code {"scope":"order"}} cancels the whole order;
 * {@code {"domains":["dom_…","acme-mail.com"]}} cancels those domains only.
 *
 * <pre>POST /partner/v1/orders/ord_01HZX0OR1A2B3C4D5E6F7G8H/cancel {"domains":["domain-01.com"]}</pre>
 */
public final class CancellationRoutes {
  private static final int MAX_DOMAINS = 500;

  private final Cancellations cancellations;

  public CancellationRoutes(Cancellations cancellations) {
    this.cancellations = cancellations;
  }

  public void register(ApiRouter api) {
    api.post("/orders/{id}/cancel", this::cancel);
  }

  private void cancel(Context ctx) {
    Fields body = JsonBody.optionalObject(ctx);
    List<Cancellations.Target> targets = null;
    if (body != null) {
      body.allowOnly(Set.of("scope", "domains"));
      if (body.has("scope") && body.has("domains")) {
        throw ApiError.invalid(
            "scope", "Send either scope (whole order) or domains (some domains), not both");
      }
      if (body.has("scope")) {
        String scope = body.requiredString("scope", 20);
        if (!"order".equals(scope)) {
          throw ApiError.invalid("scope", "scope must be 'order'");
        }
      } else if (body.has("domains")) {
        targets = targets(body);
      }
    }
    var result =
        cancellations.cancel(Principal.scope(ctx), ctx.pathParam("id"), targets);
    ctx.json(Map.of("data", result));
  }

  private static List<Cancellations.Target> targets(Fields body) {
    List<JsonNode> entries = body.requiredArray("domains", 1, MAX_DOMAINS);
    List<Cancellations.Target> targets = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      String field = body.element("domains", i);
      String value = Fields.text(entries.get(i), field, 253);
      if (value == null) {
        throw ApiError.invalid(field, "'" + field + "' must be a dom_ id or a domain name");
      }
      targets.add(new Cancellations.Target(value, field));
    }
    return targets;
  }
}
