package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.api.ApiRouter;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Principal;
import ai.peeker.common.Change;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code POST /orders/{id}/cancel}: no body or {@code {"scope":"order"}} cancels the whole order;
 * {@code {"domains":["dom_…","acme-mail.com"]}} cancels those domains only.
 *
 * <pre>POST /partner/v1/orders/ord_01HZX0OR1A2B3C4D5E6F7G8H/cancel {"domains":["domain-01.com"]}
 * </pre>
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
    CancelBody body = JsonBody.optionalObject(ctx, CancelBody.class);
    var targets = body == null ? null : body.targets();
    var result = cancellations.cancel(Principal.scope(ctx), ctx.pathParam("id"), targets);
    ctx.json(Map.of("data", result));
  }

  /** Either {@code scope} (which can only be "order") or {@code domains}, not both. */
  record CancelBody(Change<String> scope, Change<List<String>> domains) {
    CancelBody {
      if (scope.present() && domains.present()) {
        throw ApiError.invalid(
            "scope", "Send either scope (whole order) or domains (some domains), not both");
      }
      if (scope.present()
          && !"order".equals(Fields.required(Fields.text(scope.value(), "scope", 20), "scope"))) {
        throw ApiError.invalid("scope", "scope must be 'order'");
      }
      domains = domains.map(CancelBody::names);
      if (domains.present()) {
        Fields.required(domains.value(), "domains");
      }
    }

    private static List<String> names(List<String> domains) {
      Fields.size(domains, "domains", 1, MAX_DOMAINS);
      return Fields.texts(domains, "domains", 253, "must be a dom_ id or a domain name");
    }

    /** The domains to cancel, or null for the whole order. */
    List<Cancellations.Target> targets() {
      if (!domains.present()) {
        return null;
      }
      List<String> names = domains.value();
      return IntStream.range(0, names.size())
          .mapToObj(i -> new Cancellations.Target(names.get(i), "domains[" + i + "]"))
          .toList();
    }
  }
}
