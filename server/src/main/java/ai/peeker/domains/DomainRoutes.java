package ai.peeker.domains;

import ai.peeker.api.ApiRouter;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Paging.PageRequest;
import ai.peeker.api.Principal;
import ai.peeker.api.Query;
import ai.peeker.common.WireValue;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /domains}: the partner's inventory and connected domains, and availability checks.
 *
 * <pre>POST /partner/v1/domains/availability {"domains":["acme-mail.com","team-acme.com"]}</pre>
 */
public final class DomainRoutes {
  public static final int MAX_AVAILABILITY_NAMES = 50;

  private final Domains domains;
  private final Availability availability;

  public DomainRoutes(Domains domains, Availability availability) {
    this.domains = domains;
    this.availability = availability;
  }

  public void register(ApiRouter api) {
    api.lookup("/domains/availability", this::availability);
    api.get("/domains", ctx -> list(ctx, api));
    api.get(
        "/domains/{id}",
        ctx -> ctx.json(Map.of("data", domains.get(Principal.scope(ctx), ctx.pathParam("id")))));
  }

  private void availability(Context ctx) {
    var names = JsonBody.object(ctx, Names.class).domains();
    var rows = availability.check(Principal.scope(ctx).environment(), names);
    ctx.json(Map.of("data", Map.of("domains", rows)));
  }

  /** {@code {"domains":["acme-mail.com",…]}}: 1 to 50 names, each checked as sent. */
  record Names(List<String> domains) {
    Names {
      Fields.size(Fields.required(domains, "domains"), "domains", 1, MAX_AVAILABILITY_NAMES);
      domains = Fields.texts(domains, "domains", 1000, "must be a domain name");
    }
  }

  private void list(Context ctx, ApiRouter api) {
    Map<String, String> filters = new LinkedHashMap<>();
    Query.put(
        filters, "category", Query.oneOf(ctx, "category", WireValue.wires(DomainCategory.class)));
    Query.put(filters, "user_id", Query.id(ctx, "user_id", "usr_"));
    Query.put(filters, "user_email", Query.email(ctx, "user_email"));
    Query.put(
        filters,
        "usable_for",
        Query.oneOf(ctx, "usable_for", WireValue.wires(MailProviderKind.class)));
    Query.put(filters, "status", Query.oneOf(ctx, "status", WireValue.wires(DomainStatus.class)));
    PageRequest page = api.paging().request(ctx, "domains", filters);
    var slice =
        domains.list(
            Principal.scope(ctx),
            new Domains.ListFilter(
                WireValue.of(DomainCategory.class, filters.get("category")),
                filters.get("user_id"),
                filters.get("user_email"),
                WireValue.of(MailProviderKind.class, filters.get("usable_for")),
                WireValue.of(DomainStatus.class, filters.get("status"))),
            page.after(),
            page.perPage());
    ctx.json(api.paging().render(ctx, page, slice));
  }
}
