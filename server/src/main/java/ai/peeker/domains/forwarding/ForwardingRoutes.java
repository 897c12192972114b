package ai.peeker.domains.forwarding;

import ai.peeker.api.ApiRouter;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Principal;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code /domains/forwarding}: repointing connected domains at a new URL.
 *
 * <pre>
 * POST /partner/v1/domains/forwarding {"domains":["acme-mail.com"],"forwarding_url":"https://acme.com"}
 * </pre>
 */
public final class ForwardingRoutes {
  private final Forwarding forwarding;

  public ForwardingRoutes(Forwarding forwarding) {
    this.forwarding = forwarding;
  }

  /** Register before {@code /domains/{id}}. */
  public void register(ApiRouter api) {
    api.post("/domains/forwarding", this::start);
    api.get(
        "/domains/forwarding/{id}",
        ctx -> ctx.json(Map.of("data", forwarding.get(Principal.scope(ctx), ctx.pathParam("id")))));
  }

  private void start(Context ctx) {
    var body = JsonBody.object(ctx, ForwardingBody.class);
    ctx.status(202)
        .json(
            Map.of(
                "data",
                forwarding.start(Principal.scope(ctx), body.domains(), body.forwardingUrl())));
  }

  /** {@code {"domains":[…], "forwarding_url":"https://…"}}: 1 to 25 ids or names. */
  record ForwardingBody(List<String> domains, String forwardingUrl) {
    ForwardingBody {
      Fields.size(Fields.required(domains, "domains"), "domains", 1, Forwarding.MAX_DOMAINS);
      domains = Fields.texts(domains, "domains", 253, "must be a dom_ id or a domain name");
      forwardingUrl =
          Fields.required(Fields.text(forwardingUrl, "forwarding_url", 2048), "forwarding_url");
    }
  }
}
